// Browser tests of the timeline's recycled rows: the list reuses a fixed set of row elements and
// rewrites them when they show another event, so after any scrolling every row on screen must
// read exactly like a row built fresh for its event. The host is a MOCK (see harness.ts).

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TimelineEvent } from '../../../src/shared/events';
import { T0, initMessage } from './fixtures';
import { deliver, nextFrames, openPage, pageErrors, useHarness, type PageGlobals } from './harness';

const ROW = 22;
const COUNT = 3000;
const STEP_MS = 7;

const harness = useHarness();

/**
 * Every fifth event is an info line (no direction, no size, no resend), every fifth + 3 a ping
 * (a direction but no resend), the rest messages, every other one tagged with a client: scrolling
 * by any amount turns rows of one kind into another.
 */
function eventAt(seq: number): TimelineEvent {
  const time = T0 + (seq - 1) * STEP_MS;
  if (seq % 5 === 0) return { seq, time, kind: 'info', message: `note ${seq}` };
  if (seq % 5 === 3) return { seq, time, kind: 'ping', dir: 'out', size: 0, payloadHex: '' };
  const data = `{"n":${seq}}`;
  return { seq, time, kind: 'message', dir: seq % 2 ? 'in' : 'out', opcode: 'text', size: data.length, encoding: 'utf8', data, ...(seq % 2 === 0 ? { clientId: `c${seq % 7}` } : {}) };
}

interface Expected {
  kind: string;
  dir: string;
  clock: string;
  rel: string;
  size: string;
  client: string | null;
  preview: string;
  resend: number;
}

/** What a user reads in the row of an event, independently of how the webview builds it. */
function expected(seq: number, canResend = true): Expected {
  const e = eventAt(seq);
  const ms = (seq - 1) * STEP_MS;
  const d = new Date(e.time);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = { clock: `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`, rel: ms < 1000 ? `+${ms} ms` : `+${(ms / 1000).toFixed(3)} s` };
  if (e.kind === 'info') return { ...base, kind: 'info', dir: 'none', size: '', client: null, preview: `note ${seq}`, resend: 0 };
  if (e.kind === 'ping') return { ...base, kind: 'ping', dir: 'out', size: '0 B', client: null, preview: 'PING (no payload)', resend: 0 };
  if (e.kind !== 'message') throw new Error('unexpected kind');
  return { ...base, kind: 'message', dir: e.dir, size: `${e.size} B`, client: e.clientId ?? null, preview: e.data, resend: canResend ? 1 : 0 };
}

interface RowState extends Expected {
  seq: number;
  /** Position in the list from its top, in rows, as laid out on screen. */
  pos: number;
  arrows: string[];
  copy: number;
  selected: boolean;
  ariaSelected: string | null;
}

const rows = (p: Page) => p.locator('[data-testid="event-row"]');

/** Every row in the DOM, in DOM order, as the user sees it. */
async function rowStates(p: Page): Promise<RowState[]> {
  return rows(p).evaluateAll((els, rowHeight) =>
    els.map((el) => {
      const text = (selector: string) => el.querySelector(selector)?.textContent ?? '';
      const client = el.querySelector('.client-tag');
      const list = el.closest('[data-testid="timeline"]');
      return {
        seq: Number(el.dataset.seq),
        pos: Math.round((el.getBoundingClientRect().top - list.getBoundingClientRect().top + list.scrollTop) / rowHeight),
        kind: el.dataset.kind,
        dir: el.dataset.dir,
        clock: text('.c-clock'),
        rel: text('.c-rel'),
        size: text('.c-size'),
        client: client ? client.textContent : null,
        preview: text('.c-preview').slice(client ? client.textContent.length : 0),
        resend: el.querySelectorAll('[data-action="resend"]').length,
        copy: el.querySelectorAll('[data-action="copy"]').length,
        arrows: [...el.querySelectorAll('.codicon-arrow-up, .codicon-arrow-down')].map((i: { className: string }) => (i.className.includes('arrow-up') ? 'up' : 'down')),
        selected: el.classList.contains('selected'),
        ariaSelected: el.getAttribute('aria-selected'),
      };
    }), ROW);
}

/** Checks that every row reads as its event, rows sit in DOM order, and the window is on screen. */
async function expectRowsMatchEvents(p: Page, canResend = true): Promise<RowState[]> {
  const states = await rowStates(p);
  expect(states.length).toBeGreaterThan(10);
  states.forEach((row, i) => {
    // No filter: the event at position n is seq n + 1.
    expect(row.seq, `row ${i} at position ${row.pos}`).toBe(row.pos + 1);
    const { seq, pos: _pos, arrows, copy, selected: _selected, ariaSelected: _aria, ...shown } = row;
    expect(shown, `row of seq ${seq}`).toEqual(expected(seq, canResend));
    expect(arrows, `direction icon of seq ${seq}`).toEqual(shown.dir === 'none' ? [] : [shown.dir === 'out' ? 'up' : 'down']);
    expect(copy).toBe(1);
    if (i > 0) expect(row.pos, 'rows are in the DOM in screen order').toBe(states[i - 1].pos + 1);
  });
  const top = await p.getByTestId('timeline').evaluate((el) => el.scrollTop);
  const visibleFirst = Math.floor(top / ROW);
  expect(states[0].pos).toBeLessThanOrEqual(visibleFirst);
  expect(states[states.length - 1].pos).toBeGreaterThanOrEqual(Math.min(COUNT - 1, visibleFirst + 10));
  return states;
}

async function scrollToRow(p: Page, pos: number): Promise<void> {
  await p.getByTestId('timeline').evaluate((el, y) => {
    el.scrollTop = y;
  }, pos * ROW);
  await nextFrames(p);
}

async function openWith(count: number, side: 'client' | 'server' = 'client'): Promise<Page> {
  const p = await openPage(harness());
  const events = Array.from({ length: count }, (_, i) => eventAt(i + 1));
  await deliver(p, initMessage(events, side === 'server' ? { info: { id: 's1', side: 'server', title: 'Mock server', url: 'ws://127.0.0.1:1' } } : {}));
  await expect.poll(() => p.getByTestId('event-count').innerText()).toBe(`${count.toLocaleString('en-US')} events`);
  return p;
}

describe('recycled timeline rows', () => {
  it('a scrollbar jump shows the right rows on screen at once, never a visible row with another event, and nothing stays hidden', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 0);
    // Frame 1: the scroll event, then the list's render. Frame 2 (our callback runs before the
    // list's follow-up render): on-screen rows are already right, overscan rows are still hidden.
    const during = await p.getByTestId('timeline').evaluate(async (el, rowHeight) => {
      type Row = { dataset: { seq?: string }; getBoundingClientRect(): { top: number } };
      const g = globalThis as unknown as PageGlobals & { getComputedStyle(e: unknown): { visibility: string } };
      const frame = () => new Promise<void>((r) => g.requestAnimationFrame(() => r()));
      el.scrollTop = 1800 * rowHeight;
      await frame();
      await frame();
      const top = el.getBoundingClientRect().top;
      return [...(el.querySelectorAll('[data-testid="event-row"]') as unknown as Row[])].map((row) => {
        const y = row.getBoundingClientRect().top - top;
        return { seq: Number(row.dataset.seq), onScreen: y >= 0 && y < el.clientHeight, hidden: g.getComputedStyle(row).visibility === 'hidden', pos: Math.round((y + el.scrollTop) / rowHeight) };
      });
    }, ROW);
    const onScreen = during.filter((r) => r.onScreen);
    expect(onScreen.length).toBeGreaterThan(10);
    for (const r of onScreen) expect({ seq: r.seq, hidden: r.hidden }).toEqual({ seq: r.pos + 1, hidden: false });
    // A row that is visible shows the event at its place: never another one, even for a frame.
    for (const r of during) if (!r.hidden) expect(r.seq, `visible row at position ${r.pos}`).toBe(r.pos + 1);
    await nextFrames(p);
    await expectRowsMatchEvents(p);
    expect(await p.locator('.row.stale').count()).toBe(0);
    await p.close();
  }, 60_000);

  it('after jumping far away and back, every row shows the text, icons and buttons of the event at its position', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 0);
    const first = await expectRowsMatchEvents(p);
    // Offsets that are not multiples of 5 put every kind of row where another kind was.
    for (const pos of [2017, 2018, 2021, 13, 1500, COUNT - 40, 0, 701, 702, 699]) {
      await scrollToRow(p, pos);
      await expectRowsMatchEvents(p);
    }
    await scrollToRow(p, 0);
    expect(await expectRowsMatchEvents(p)).toEqual(first);
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  }, 60_000);

  it('wheel-sized steps keep every row in step with its event, in both directions', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 300);
    for (const step of [1, 1, 3, 5, 7, 2, -1, -3, -5, -7, -2, 4]) {
      const top = await p.getByTestId('timeline').evaluate((el) => el.scrollTop);
      await scrollToRow(p, Math.round(top / ROW) + step);
      await expectRowsMatchEvents(p);
    }
    await p.close();
  }, 60_000);

  it('a scrollbar jump rewrites the rows in place: no row is added to the list, taken out or moved', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 1000);
    await p.evaluate(() => {
      const g = globalThis as unknown as { document: { querySelector(s: string): { parentNode: unknown } }; MutationObserver: new (cb: (records: unknown[]) => void) => { observe(target: unknown, options: object): void }; __rowMoves: number };
      g.__rowMoves = 0;
      new g.MutationObserver((records) => {
        g.__rowMoves += records.length;
      }).observe(g.document.querySelector('[data-testid="event-row"]').parentNode, { childList: true });
    });
    for (const pos of [200, 2203, 1601, 907]) {
      await scrollToRow(p, pos);
      await expectRowsMatchEvents(p);
    }
    expect(await p.evaluate(() => (globalThis as unknown as { __rowMoves: number }).__rowMoves)).toBe(0);
    await p.close();
  }, 60_000);

  it('a mock server timeline offers no "Send again" on any row, however rows are reused', async () => {
    const p = await openWith(COUNT, 'server');
    for (const pos of [0, 1234, 1237, 5]) {
      await scrollToRow(p, pos);
      await expectRowsMatchEvents(p, false);
    }
    expect(await p.locator('[data-action="resend"]').count()).toBe(0);
    await p.close();
  }, 60_000);

  it('the selected highlight follows the selected event, not the element that showed it', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 100);
    await p.locator('[data-testid="event-row"][data-seq="110"]').click();
    const selectedSeqs = async () => (await rowStates(p)).filter((r) => r.selected || r.ariaSelected === 'true').map((r) => r.seq);
    expect(await selectedSeqs()).toEqual([110]);
    expect((await rowStates(p)).filter((r) => r.ariaSelected !== 'true').every((r) => r.ariaSelected === 'false')).toBe(true);

    // Far away, whichever element showed event 110 now shows another event, unselected.
    for (const pos of [1900, 1903, 2500]) {
      await scrollToRow(p, pos);
      expect(await selectedSeqs()).toEqual([]);
    }
    await scrollToRow(p, 95);
    expect(await selectedSeqs()).toEqual([110]);
    expect(await p.getByTestId('event-detail').innerText()).toContain('note 110');
    await p.close();
  }, 60_000);

  it('keyboard navigation selects and reveals the next event after rows were reused', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 500);
    await p.locator('[data-testid="event-row"][data-seq="520"]').click();
    await scrollToRow(p, 2000);
    await p.getByTestId('timeline').focus();
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    await nextFrames(p);
    const states = await rowStates(p);
    expect(states.filter((r) => r.selected).map((r) => r.seq)).toEqual([522]);
    const top = await p.getByTestId('timeline').evaluate((el) => el.scrollTop);
    const height = await p.getByTestId('timeline').evaluate((el) => el.clientHeight);
    expect(521 * ROW).toBeGreaterThanOrEqual(top);
    expect(522 * ROW).toBeLessThanOrEqual(top + height);
    await expectRowsMatchEvents(p);
    await p.keyboard.press('End');
    await nextFrames(p);
    expect((await rowStates(p)).filter((r) => r.selected).map((r) => r.seq)).toEqual([COUNT]);
    await p.close();
  }, 60_000);

  it('nothing in a row takes the focus: its actions are mouse shortcuts (a listbox option may hold no controls)', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 40);
    const row = p.locator('[data-testid="event-row"][data-seq="52"]');
    await row.click();
    // Tab leaves the list rather than walking into the selected row's Copy / Send again.
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => {
      const d = (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } }).document;
      return d.activeElement?.closest('[data-testid="event-row"]') ?? null;
    })).toBeNull();
    expect(await row.locator('button, [tabindex]').count()).toBe(0);
    await p.close();
  }, 60_000);

  it('switching the relative time mode rewrites rows already on screen', async () => {
    const p = await openWith(COUNT);
    await scrollToRow(p, 1000);
    const before = await rowStates(p);
    expect(before.find((r) => r.seq === 1010)?.rel).toBe(`+${((1010 - 1) * STEP_MS / 1000).toFixed(3)} s`);
    await p.getByTestId('relative-mode').click();
    await nextFrames(p);
    const after = await rowStates(p);
    expect(after.map((r) => r.seq)).toEqual(before.map((r) => r.seq));
    expect(new Set(after.map((r) => r.rel))).toEqual(new Set([`+${STEP_MS} ms`]));
    await p.getByTestId('relative-mode').click();
    await nextFrames(p);
    await expectRowsMatchEvents(p);
    await p.close();
  }, 60_000);

  it('with 100,000 events the DOM keeps a bounded set of rows however the list is scrolled', async () => {
    const p = await openPage(harness());
    await deliver(p, initMessage([]));
    await p.evaluate(() => {
      const t0 = Date.now() - 100_000;
      const events = [];
      for (let i = 1; i <= 100_000; i++) {
        const data = `{"n":${i}}`;
        events.push({ seq: i, time: t0 + i, kind: i % 3 ? 'message' : 'info', dir: i % 2 ? 'in' : 'out', opcode: 'text', size: data.length, encoding: 'utf8', data, message: data });
      }
      (globalThis as unknown as PageGlobals).postMessage({ type: 'events', events, dropped: 0 }, '*');
    });
    await expect.poll(() => p.getByTestId('event-count').innerText()).toBe('100,000 events');
    const counts: number[] = [];
    for (const pos of [0, 99_000, 50_000, 50_003, 12_345, 99_999, 7, 64_000]) {
      await scrollToRow(p, pos);
      counts.push(await rows(p).count());
      const seqs = (await rowStates(p)).map((r) => r.seq);
      expect(seqs, 'distinct events, in order').toEqual([...seqs].sort((a, b) => a - b).filter((s, i, a) => i === 0 || s !== a[i - 1]));
    }
    expect(Math.max(...counts)).toBeLessThan(100);
    expect(Math.min(...counts)).toBeGreaterThan(10);
    // Resuming auto-scroll after all that shows the newest event at the bottom.
    await p.getByTestId('follow').click();
    await expect.poll(() => rows(p).last().getAttribute('data-seq')).toBe('100000');
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  }, 60_000);
});
