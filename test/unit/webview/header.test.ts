// Browser tests of the timeline header's live figures. The host sends `stats` up to once per
// 16 ms; the header draws them once per frame, so what it shows must always be the newest.
// The host is a MOCK (see harness.ts).

import { describe, expect, it } from 'vitest';
import type { ConnectionStats } from '../../../src/shared/stats';
import { STATS, initMessage } from './fixtures';
import { deliver, nextFrames, openPage, pageErrors, useHarness, type PageGlobals } from './harness';

const harness = useHarness();

const stats = (n: number, extra: Partial<ConnectionStats> = {}): ConnectionStats => ({
  ...STATS,
  messagesIn: 1000 + n,
  messagesOut: 2000 + n,
  queueLength: n,
  lastRttMs: 10 + n,
  ...extra,
});

describe('timeline header', () => {
  it('a burst of stats messages within one frame shows the newest figures', async () => {
    const p = await openPage(harness());
    await deliver(p, initMessage());
    await p.evaluate((burst) => {
      const g = globalThis as unknown as PageGlobals;
      for (const s of burst) g.postMessage({ type: 'stats', stats: s }, '*');
    }, [stats(1), stats(2, { state: 'CLOSING' }), stats(3, { state: 'CLOSED', protocol: undefined })]);
    await nextFrames(p);
    const text = await p.getByTestId('stats').innerText();
    expect(text).toContain('1,003');
    expect(text).toContain('2,003');
    expect(text).toContain('queue 3');
    expect(text).toContain('RTT 13 ms');
    expect(text).not.toContain('chat.v1');
    expect(await p.getByTestId('state').innerText()).toBe('CLOSED');
    expect(await p.getByTestId('connect').getAttribute('disabled')).toBeNull();

    // The subprotocol comes back with the next connection, and a later update replaces the text.
    await deliver(p, { type: 'stats', stats: stats(4) });
    const again = await p.getByTestId('stats').innerText();
    expect(again).toContain('chat.v1');
    expect(again).toContain('queue 4');
    expect(again).not.toContain('queue 3');
    expect(await p.getByTestId('state').innerText()).toBe('OPEN');
    expect(await p.getByTestId('connect').getAttribute('disabled')).not.toBeNull();
    expect(pageErrors(p)).toEqual([]);
    await p.close();
  });

  it('a mock server timeline shows traffic figures only', async () => {
    const p = await openPage(harness());
    await deliver(p, initMessage([], { info: { id: 's1', side: 'server', title: 'Mock server', url: 'ws://127.0.0.1:1' } }));
    await deliver(p, { type: 'stats', stats: stats(5) });
    const text = await p.getByTestId('stats').innerText();
    expect(text).toContain('1,005');
    expect(text).toContain('msg/s');
    expect(text).not.toContain('RTT');
    expect(text).not.toContain('queue');
    expect(text).not.toContain('buffered');
    expect(text).not.toContain('chat.v1');
    await p.close();
  });

  it('dropped events are counted in the header as retention removes them', async () => {
    const p = await openPage(harness());
    await deliver(p, initMessage());
    expect(await p.getByTestId('dropped-count').isVisible()).toBe(false);
    await deliver(p, { type: 'events', events: [], dropped: 10 });
    expect(await p.getByTestId('dropped-count').innerText()).toContain('10 older events dropped (retention 200,000)');
    await deliver(p, { type: 'events', events: [], dropped: 2500 });
    expect(await p.getByTestId('dropped-count').innerText()).toContain('2,500 older events dropped');
    expect(await p.getByTestId('dropped-count').locator('.codicon-warning').count()).toBe(1);
    await p.close();
  });
});
