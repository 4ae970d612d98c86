// Browser tests of the timeline + composer webview, in Debian's Chromium.
// The host is a MOCK (see harness.ts): `acquireVsCodeApi` records what the webview posts and the
// tests deliver host messages with window.postMessage. The real host (src/panels) is exercised
// by the lead's code-server E2E tests. Screenshots go to test-results/webview/.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TimelineEvent } from '../../../src/shared/events';
import { conversation, initMessage } from './fixtures';
import { clearPosted, deliver, openPage, pageErrors, posted, screenshot, useHarness, type PageGlobals } from './harness';

const harness = useHarness();
let page: Page;

async function freshPage(): Promise<Page> {
  page = await openPage(harness());
  await deliver(page, initMessage());
  return page;
}

const rows = (p: Page) => p.locator('[data-testid="event-row"]');

describe('timeline webview', () => {
  it('posts ready when it starts', async () => {
    const p = await openPage(harness());
    expect(await posted(p)).toEqual([{ type: 'ready' }]);
    await p.close();
  });

  it('init renders one row per event with direction arrows, sizes and the header', async () => {
    const p = await freshPage();
    await expect.poll(() => rows(p).count()).toBe(conversation().length);
    const sent = p.locator('[data-testid="event-row"][data-seq="6"]');
    expect(await sent.getAttribute('data-kind')).toBe('message');
    expect(await sent.getAttribute('data-dir')).toBe('out');
    expect(await sent.locator('.codicon-arrow-up').count()).toBe(1);
    expect(await sent.innerText()).toContain('38 B');
    const received = p.locator('[data-testid="event-row"][data-seq="7"]');
    expect(await received.locator('.codicon-arrow-down').count()).toBe(1);
    expect(await received.innerText()).toContain('+1.262 s');
    expect(await p.getByTestId('state').innerText()).toBe('OPEN');
    expect(await p.getByTestId('stats').innerText()).toContain('RTT 12 ms');
    expect(await p.getByTestId('tls-warning').isVisible()).toBe(true);
    expect(await p.getByTestId('dropped-count').isVisible()).toBe(false);
    await screenshot(p, '01-overview');
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  });

  it('invalid JSON shows the error with line and column, and Send posts nothing', async () => {
    const p = await freshPage();
    await p.getByTestId('format').selectOption('json');
    await p.getByTestId('composer-input').fill('{\n  "a": 1,\n  oops\n}');
    const error = p.getByTestId('composer-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.innerText()).toMatch(/line 3, column 3/);
    await clearPosted(p);
    // Send is disabled, and says why beside it.
    expect(await p.getByTestId('send').getAttribute('aria-disabled')).toBe('true');
    expect(await p.getByTestId('send-blocked').innerText()).toBe('Invalid JSON: line 3, column 3');
    await p.getByTestId('send').click({ force: true });
    await p.keyboard.press('Control+Enter');
    expect((await posted(p)).filter((m) => m.type === 'send')).toEqual([]);
    // The draft is never lost on error.
    expect(await p.getByTestId('composer-input').inputValue()).toBe('{\n  "a": 1,\n  oops\n}');
    await screenshot(p, '02-composer-json-error');
    await p.close();
  });

  it('odd-length hex shows the digit-count error', async () => {
    const p = await freshPage();
    await p.getByTestId('format').selectOption('hex');
    await p.getByTestId('composer-input').fill('de ad b');
    await expect.poll(() => p.getByTestId('composer-error').innerText()).toMatch(/5 digits, an odd number/);
    await p.getByTestId('composer-input').fill('de ad be ef');
    await expect.poll(() => p.getByTestId('composer-error').isVisible()).toBe(false);
    expect(await p.getByTestId('composer-size').innerText()).toBe('4 B');
    await p.close();
  });

  it('a valid message is posted as {type: send, format, body} by the button and by Ctrl+Enter', async () => {
    const p = await freshPage();
    await p.getByTestId('format').selectOption('json');
    await p.getByTestId('composer-input').fill('{"hello": "world"}');
    await expect.poll(() => p.getByTestId('composer-size').innerText()).toBe('18 B');
    await clearPosted(p);
    await p.getByTestId('send').click();
    await p.getByTestId('composer-input').press('Control+Enter');
    const sends = (await posted(p)).filter((m) => m.type === 'send');
    expect(sends).toHaveLength(2);
    expect(sends[0]).toMatchObject({ type: 'send', format: 'json', body: '{"hello": "world"}' });
    expect(typeof (sends[0] as { requestId: number }).requestId).toBe('number');
    // The draft stays for another send.
    expect(await p.getByTestId('composer-input').inputValue()).toBe('{"hello": "world"}');

    // A failed send reported by the host shows inline, with the draft intact.
    const requestId = (sends[1] as { requestId: number }).requestId;
    await deliver(p, { type: 'reply', requestId, ok: false, error: 'Not connected: the message was queued' });
    expect(await p.getByTestId('composer-error').innerText()).toContain('Not connected');
    expect(await p.getByTestId('composer-input').inputValue()).toBe('{"hello": "world"}');
    await p.close();
  });

  it('history is recalled with Up/Down and the draft comes back', async () => {
    const p = await freshPage();
    const input = p.getByTestId('composer-input');
    await input.fill('my draft');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('{"n":1}');
    expect(await p.getByTestId('format').inputValue()).toBe('json');
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe('older message');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    expect(await input.inputValue()).toBe('my draft');
    await p.close();
  });

  it('close code 1005 and a 124-byte reason are refused inline; a valid close is posted', async () => {
    const p = await freshPage();
    await clearPosted(p);
    await p.getByTestId('close-code').fill('1005');
    await p.getByTestId('close').click();
    await expect.poll(() => p.getByTestId('close-error').innerText()).toMatch(/1005.*can never be sent/);
    await p.getByTestId('close-code').fill('1000');
    await p.getByTestId('close-reason').fill('x'.repeat(124));
    await p.getByTestId('close').click();
    await expect.poll(() => p.getByTestId('close-error').innerText()).toMatch(/124 bytes/);
    await screenshot(p, '03-close-error');
    expect((await posted(p)).filter((m) => m.type === 'close')).toEqual([]);
    await p.getByTestId('close-reason').fill('done');
    await p.getByTestId('close').click();
    expect((await posted(p)).filter((m) => m.type === 'close')).toMatchObject([{ type: 'close', code: 1000, reason: 'done' }]);
    await p.close();
  });

  it('expanding a JSON message shows it pretty-printed and foldable', async () => {
    const p = await freshPage();
    await p.locator('[data-testid="event-row"][data-seq="7"]').click();
    const detail = p.getByTestId('event-detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    const tree = detail.getByTestId('json-tree');
    expect(await tree.innerText()).toContain('"user": {');
    expect(await tree.innerText()).toContain('"name": "Ada"');
    await screenshot(p, '04-json-detail');
    // Folding the "user" object hides its keys and shows a count instead.
    await tree.locator('summary', { hasText: '"user"' }).click();
    expect(await tree.innerText()).not.toContain('"name": "Ada"');
    expect(await tree.innerText()).toContain('3 keys');
    await p.close();
  });

  it('big integers in JSON are shown exactly as sent', async () => {
    const p = await freshPage();
    const data = '{"id":12345678901234567890,"small":1.5}';
    await deliver(p, { type: 'events', events: [{ seq: 99, time: Date.now(), kind: 'message', dir: 'in', opcode: 'text', size: data.length, encoding: 'utf8', data }], dropped: 0 });
    await p.locator('[data-testid="event-row"][data-seq="99"]').click();
    const tree = p.getByTestId('event-detail').getByTestId('json-tree');
    expect(await tree.innerText()).toContain('"id": 12345678901234567890,');
    expect(await tree.innerText()).toContain('"small": 1.5');
    await p.close();
  });

  it('a binary MessagePack message shows the decoded value and a hex dump', async () => {
    const p = await freshPage();
    await p.locator('[data-testid="event-row"][data-seq="8"]').click();
    const detail = p.getByTestId('event-detail');
    expect(await detail.innerText()).toMatch(/MessagePack \(decoded\)/i);
    expect(await detail.innerText()).toContain('"price": 101.25');
    expect(await detail.getByTestId('hexdump').innerText()).toMatch(/^00000000 {2}de 00 04 a4/);
    await screenshot(p, '05-msgpack-detail');
    await p.close();
  });

  it('a handshake event shows its header tables and the accept check', async () => {
    const p = await freshPage();
    await p.locator('[data-testid="event-row"][data-seq="2"]').click();
    const detail = p.getByTestId('event-detail');
    expect(await detail.getByTestId('request-headers').locator('tbody tr').count()).toBe(7);
    expect(await detail.innerText()).toContain('Sec-WebSocket-Key');
    await p.locator('[data-testid="event-row"][data-seq="3"]').click();
    expect(await detail.getByTestId('response-headers').locator('tbody tr').count()).toBe(4);
    expect(await detail.getByTestId('accept-check').innerText()).toContain('valid');
    expect(await detail.innerText()).toContain('chat.v1');
    await screenshot(p, '06-handshake-detail');
    await p.close();
  });

  it('row actions post copyText and resend', async () => {
    const p = await freshPage();
    await clearPosted(p);
    const row = p.locator('[data-testid="event-row"][data-seq="6"]');
    await row.hover();
    await row.locator('[data-action="copy"]').click();
    await row.locator('[data-action="resend"]').click();
    const messages = await posted(p);
    expect(messages[0]).toEqual({ type: 'copyText', text: '{"type":"subscribe","channel":"ticks"}' });
    expect(messages[1]).toMatchObject({ type: 'resend', seq: 6 });
    await p.close();
  });

  it('direction and search filters narrow the list; an invalid regex is reported and the list is kept', async () => {
    const p = await freshPage();
    await p.getByTestId('filter-direction').selectOption('out');
    await expect.poll(() => rows(p).count()).toBe(3);
    await p.getByTestId('filter-direction').selectOption('all');
    await p.getByTestId('search').fill('subscribe');
    await expect.poll(() => rows(p).count()).toBe(2);
    await p.getByTestId('search').fill('/chan(nel/');
    await expect.poll(() => p.getByTestId('search-error').isVisible()).toBe(true);
    expect(await p.getByTestId('search-error').innerText()).toMatch(/Invalid regular expression/);
    expect(await rows(p).count()).toBe(2);
    await p.getByTestId('search').fill('/"ok":\\s*true/');
    await expect.poll(() => rows(p).count()).toBe(1);
    expect(await p.getByTestId('search-error').isVisible()).toBe(false);
    await p.close();
  });

  it('stats updates show the reconnect countdown, the circuit breaker and dropped events', async () => {
    const p = await freshPage();
    await deliver(p, { type: 'stats', stats: { state: 'CLOSED', messagesIn: 3, messagesOut: 2, bytesIn: 1, bytesOut: 1, queueLength: 2, bufferedAmount: 0, reconnectAt: Date.now() + 3200, reconnectAttempt: 2 } });
    expect(await p.getByTestId('state').innerText()).toBe('CLOSED');
    expect(await p.getByTestId('reconnect').innerText()).toMatch(/reconnecting in [34]s \(attempt 2\)/);
    await deliver(p, { type: 'events', events: [], dropped: 1500 });
    expect(await p.getByTestId('dropped-count').innerText()).toContain('1,500 older events dropped (retention 200,000)');
    await clearPosted(p);
    await p.getByTestId('connect').click();
    expect(await posted(p)).toMatchObject([{ type: 'connect' }]);
    await screenshot(p, '07-reconnecting');
    await p.close();
  });

  it('an edited connection shows its new name, URL and TLS state, and keeps its events', async () => {
    const p = await freshPage();
    const header = p.locator('.header-url');
    expect(await header.innerText()).toBe('wss://echo.example.com/chat');
    await deliver(p, { type: 'info', info: { id: 'c1', side: 'client', title: 'Echo chat (staging)', url: 'ws://127.0.0.1:1/', tlsVerificationOff: false } });
    expect(await header.innerText()).toBe('ws://127.0.0.1:1/');
    expect(await p.locator('.header-title').innerText()).toBe('Echo chat (staging)');
    expect(await p.getByTestId('tls-warning').isVisible()).toBe(false);
    expect(await rows(p).count()).toBe(conversation().length);
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  });

  it('Clear asks the host, and `cleared` empties the list', async () => {
    const p = await freshPage();
    await clearPosted(p);
    await p.getByTestId('clear').click();
    expect(await posted(p)).toEqual([{ type: 'clear' }]);
    await deliver(p, { type: 'cleared' });
    expect(await rows(p).count()).toBe(0);
    await p.close();
  });

  it('a flood larger than the retention shows the newest events, in order, and counts the dropped ones', async () => {
    const p = await openPage(harness());
    await deliver(p, initMessage(conversation(), { retention: 1000 }));
    // What the host sends when its panel fell behind: batches in one go, and a gap in seq where the
    // host left out events that the retention had already evicted (src/timeline/eventBatcher.ts).
    await p.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const message = (seq: number): TimelineEvent => ({ seq, time: Date.now(), kind: 'message', dir: 'in', opcode: 'text', size: 8, encoding: 'utf8', data: `tick ${seq}` }) as TimelineEvent;
      const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => message(from + i));
      g.postMessage({ type: 'events', events: batch(100, 800), dropped: 0 }, '*');
      g.postMessage({ type: 'events', events: batch(5000, 1500), dropped: 4500 }, '*');
    });
    await expect.poll(() => p.getByTestId('event-count').innerText()).toBe('1,000 events');
    expect(await rows(p).last().getAttribute('data-seq')).toBe('6499');
    expect(await p.getByTestId('dropped-count').innerText()).toContain('4,500 older events dropped (retention 1,000)');
    await p.getByTestId('search').fill('tick 549'); // 5490-5499: left out, the oldest kept is 5500
    await expect.poll(() => p.getByTestId('event-count').innerText()).toBe('0 of 1,000');
    await p.getByTestId('search').fill('tick 55');
    await expect.poll(() => p.getByTestId('event-count').innerText()).toBe('100 of 1,000');
    const seqs = (await rows(p).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seq'))))).filter((n) => n > 0);
    expect(seqs.at(-1)).toBe(5599);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await screenshot(p, '09-flood-over-retention');
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  });

  it('100,000 events render only a window of rows and filter quickly', async () => {
    const p = await openPage(harness());
    await deliver(p, initMessage([]));
    await p.evaluate(() => {
      const events: TimelineEvent[] = [];
      const t0 = Date.now() - 100_000;
      for (let i = 1; i <= 100_000; i++) {
        const dir = i % 2 ? 'in' : 'out';
        const data = JSON.stringify({ n: i, type: i % 10 === 0 ? 'trade' : 'tick', price: 100 + (i % 97) / 10 });
        events.push({ seq: i, time: t0 + i, kind: 'message', dir, opcode: 'text', size: data.length, encoding: 'utf8', data } as TimelineEvent);
      }
      // In batches, the way the host streams them.
      for (let i = 0; i < events.length; i += 5000) (globalThis as unknown as PageGlobals).postMessage({ type: 'events', events: events.slice(i, i + 5000), dropped: 0 }, '*');
    });
    await expect.poll(() => p.getByTestId('event-count').innerText()).toBe('100,000 events');
    const domRows = await rows(p).count();
    expect(domRows).toBeGreaterThan(10);
    expect(domRows).toBeLessThan(200);
    // Auto-scroll followed the stream to the newest event.
    expect(await rows(p).last().getAttribute('data-seq')).toBe('100000');
    await screenshot(p, '08-100k-events');

    // From the keystroke to the filtered list on screen (two frames included).
    const search = (text: string) =>
      p.evaluate(async (value) => {
        const g = globalThis as unknown as PageGlobals;
        const input = g.document.querySelector('[data-testid="search"]')!;
        const t0 = performance.now();
        input.value = value;
        input.dispatchEvent(new g.Event('input'));
        await new Promise<void>((r) => g.requestAnimationFrame(() => g.requestAnimationFrame(r)));
        return performance.now() - t0;
      }, text);
    const firstMs = await search('trad'); // builds the lazy search texts
    const filterMs = await search('trade');
    expect(await p.getByTestId('event-count').innerText()).toBe('10,000 of 100,000');
    console.log(`filtering 100,000 events: ${firstMs.toFixed(0)} ms the first time, then ${filterMs.toFixed(0)} ms (two frames included)`);
    expect(await rows(p).count()).toBeLessThan(200);

    await p.getByTestId('search').fill('/tr(ade/');
    await expect.poll(() => p.getByTestId('search-error').isVisible()).toBe(true);
    expect(await p.getByTestId('event-count').innerText()).toBe('10,000 of 100,000');

    // Scrolling up pauses auto-scroll; new events don't move the view.
    await p.getByTestId('search').fill('');
    await p.getByTestId('timeline').evaluate((el) => {
      el.scrollTop = 1000;
      el.dispatchEvent(new (globalThis as unknown as PageGlobals).Event('scroll'));
    });
    await expect.poll(() => p.getByTestId('follow').getAttribute('title')).toMatch(/paused/);
    await deliver(p, { type: 'events', events: [{ seq: 100_001, time: Date.now(), kind: 'info', message: 'late' }], dropped: 0 });
    expect(await p.getByTestId('timeline').evaluate((el) => el.scrollTop)).toBe(1000);
    expect(await p.getByTestId('follow').innerText()).toBe('1 new');
    await p.getByTestId('follow').click();
    await expect.poll(() => rows(p).last().getAttribute('data-seq')).toBe('100001');
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  }, 60_000);
});

describe('composer extras', () => {
  it('saved messages can be inserted, saved and deleted', async () => {
    const p = await freshPage();
    await p.getByTestId('saved-toggle').click();
    await expect.poll(() => p.getByTestId('saved-panel').isVisible()).toBe(true);
    await screenshot(p, '09-saved-messages');
    await p.getByTestId('saved-item').first().click();
    expect(await p.getByTestId('composer-input').inputValue()).toBe('{"type":"subscribe","channel":"ticks"}');
    expect(await p.getByTestId('format').inputValue()).toBe('json');

    await p.getByTestId('composer-input').fill('{"type":"unsubscribe"}');
    await p.getByTestId('saved-toggle').click();
    await p.getByTestId('save-name').fill('unsubscribe');
    await clearPosted(p);
    await p.getByTestId('save-confirm').click();
    expect(await posted(p)).toMatchObject([{ type: 'saveMessage', message: { name: 'unsubscribe', format: 'json', body: '{"type":"unsubscribe"}' } }]);
    expect(await p.getByTestId('saved-item').count()).toBe(2);

    await clearPosted(p);
    await p.getByTestId('saved-item').first().getByRole('button').click();
    expect(await posted(p)).toEqual([{ type: 'deleteSavedMessage', name: 'subscribe' }]);
    await p.close();
  });

  it('JSON pretty and minify rewrite the body', async () => {
    const p = await freshPage();
    await p.getByTestId('format').selectOption('json');
    await p.getByTestId('composer-input').fill('{"a":[1,2],"b":{"c":true}}');
    await p.getByTestId('json-pretty').click();
    expect(await p.getByTestId('composer-input').inputValue()).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": true\n  }\n}');
    await p.getByTestId('json-minify').click();
    expect(await p.getByTestId('composer-input').inputValue()).toBe('{"a":[1,2],"b":{"c":true}}');
    await p.close();
  });

  it('the draft and format survive a reload of the webview (setState)', async () => {
    const p = await freshPage();
    await p.getByTestId('format').selectOption('base64');
    await p.getByTestId('composer-input').fill('SGVsbG8=');
    await p.waitForTimeout(300); // state writes are coalesced (200 ms)
    const state = await p.evaluate(() => (globalThis as unknown as PageGlobals).__state);
    expect(state).toMatchObject({ format: 'base64', body: 'SGVsbG8=' });
    const p2 = await harness().browser.newPage();
    await p2.addInitScript((s) => {
      (globalThis as unknown as PageGlobals).__seedState = s;
    }, state);
    await p2.goto(harness().url);
    expect(await p2.getByTestId('composer-input').inputValue()).toBe('SGVsbG8=');
    expect(await p2.getByTestId('format').inputValue()).toBe('base64');
    expect(await p2.getByTestId('composer-size').innerText()).toBe('5 B');
    await p2.close();
    await p.close();
  });

  it('the composer tells the host its message (Copy as Code sends it): as typing pauses, at once on blur, and when restored', async () => {
    const p = await freshPage();
    const drafts = async (page: Page) => (await posted(page)).filter((m) => m.type === 'draft');
    await clearPosted(p);
    await p.getByTestId('format').selectOption('json');
    await p.getByTestId('composer-input').fill('{"a":"b"}');
    await expect.poll(async () => (await drafts(p)).at(-1)).toEqual({ type: 'draft', format: 'json', body: '{"a":"b"}' });
    await p.getByTestId('composer-input').fill('{"a":"c"}');
    await p.getByTestId('format').focus();
    expect((await drafts(p)).at(-1)).toEqual({ type: 'draft', format: 'json', body: '{"a":"c"}' });
    await p.waitForTimeout(300); // state writes are coalesced (200 ms)
    const state = await p.evaluate(() => (globalThis as unknown as PageGlobals).__state);
    const p2 = await harness().browser.newPage();
    await p2.addInitScript((s) => {
      (globalThis as unknown as PageGlobals).__seedState = s;
    }, state);
    await p2.goto(harness().url);
    expect(await drafts(p2)).toEqual([{ type: 'draft', format: 'json', body: '{"a":"c"}' }]);
    await p2.close();
    await p.close();
  });
});

describe('layouts', () => {
  it('a narrow server-side timeline stays readable', async () => {
    const p = await openPage(harness(), { width: 480, height: 640 });
    const t = Date.now() - 5000;
    await deliver(p, initMessage([
      { seq: 1, time: t, kind: 'client', action: 'connected', clientId: 'c1', remote: '127.0.0.1:51234' },
      { seq: 2, time: t + 5, kind: 'message', dir: 'in', opcode: 'text', size: 13, encoding: 'utf8', data: '{"hello":"c1"}', clientId: 'c1' },
      { seq: 3, time: t + 6, kind: 'message', dir: 'out', opcode: 'text', size: 20, encoding: 'utf8', data: '{"welcome":true,"n":1}', clientId: 'c1' },
      { seq: 4, time: t + 900, kind: 'close', code: 4001, codeName: 'Private use', reason: 'kicked', wasClean: true, initiator: 'server', clientId: 'c1' },
    ], { info: { id: 's1', side: 'server', title: 'Mock server :8080', url: 'ws://127.0.0.1:8080' } }));
    expect(await rows(p).count()).toBe(4);
    expect(await rows(p).nth(1).innerText()).toContain('c1');
    await screenshot(p, '10-narrow-server');
    await p.close();
  });
});
