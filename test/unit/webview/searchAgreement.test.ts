// What you search is what you see: the host's timeline search (TimelineStore.search) and the
// webview's search box find the same events, because both read the event table
// (src/shared/eventKinds.ts). Also shows a decoded message the way a protocol adapter annotates it.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TimelineEvent } from '../../../src/shared/events';
import { TimelineStore } from '../../../src/timeline/timelineStore';
import { conversation, initMessage } from './fixtures';
import { deliver, openPage, screenshot, useHarness } from './harness';

const harness = useHarness();

function events(): TimelineEvent[] {
  const base = conversation();
  let seq = base.length + 1;
  const time = base[base.length - 1].time + 10;
  return [
    ...base,
    {
      seq: seq++, time, kind: 'message', dir: 'in', opcode: 'text', size: 27, encoding: 'utf8', data: '42["chat:message",{"text":"hi"}]',
      decoded: { protocol: 'socket.io', type: 'EVENT', summary: 'chat:message {"text":"hi"}', fields: { namespace: '/', event: 'chat:message', args: [{ text: 'hi' }] } },
    },
    { seq: seq++, time: time + 1, kind: 'client', action: 'connected', clientId: 'c9', remote: '127.0.0.1:50000', detail: '/; protocol (none)' },
    { seq: seq++, time: time + 2, kind: 'error', category: 'handshake-rejected', message: 'refused', status: 401, body: '{"error":"token expired"}' },
  ];
}

const QUERIES = ['subscribe', 'sec-websocket-protocol', 'socket.io', 'chat:message', '42["chat', 'pong', 'rtt', 'normal closure', 'c9', 'token expired', 'handshake', 'ada', '68 65', 'nothing matches this'];

async function visibleSeqs(p: Page): Promise<number[]> {
  return p.locator('[data-testid="event-row"]').evaluateAll((rows) => rows.map((r) => Number((r as unknown as { dataset: { seq: string } }).dataset.seq)).sort((a, b) => a - b));
}

describe('search: host and webview agree', () => {
  it('every query finds the same events in the host store and in the webview list', async () => {
    const store = new TimelineStore(1000);
    for (const e of events()) store.append(e);
    const p = await openPage(harness());
    await deliver(p, initMessage(events()));
    for (const q of QUERIES) {
      const host = store.search({ text: q });
      expect(host.ok).toBe(true);
      const hostSeqs = host.ok ? host.events.map((e) => e.seq) : [];
      await p.getByTestId('search').fill(q);
      await expect.poll(() => visibleSeqs(p), { message: `query "${q}"` }).toEqual(hostSeqs);
    }
    // The queries are not vacuous: several of them find something, one finds nothing.
    expect(QUERIES.filter((q) => { const r = store.search({ text: q }); return r.ok && r.events.length > 0; }).length).toBeGreaterThan(10);
    await p.close();
  });

  it('a decoded message reads as its protocol, type and summary, and the detail pane shows its fields above the raw payload', async () => {
    const p = await openPage(harness());
    await deliver(p, initMessage(events()));
    await p.getByTestId('search').fill('socket.io');
    const row = p.locator('[data-testid="event-row"]').first();
    await expect.poll(() => row.innerText()).toContain('socket.io EVENT chat:message {"text":"hi"}');
    await row.click();
    const decoded = p.getByTestId('decoded');
    await expect.poll(() => decoded.innerText()).toMatch(/decoded · socket\.io/i);
    const text = await decoded.innerText();
    expect(text).toContain('EVENT');
    expect(text).toContain('chat:message');
    expect(text).toContain('[{"text":"hi"}]');
    await screenshot(p, '10-decoded-message');
    await p.close();
  });
});
