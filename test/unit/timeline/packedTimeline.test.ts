// The timeline store keeps messages packed (columns + a circular byte buffer) and rebuilds them when
// read. What a user would notice if that broke: a message that reads back different from what was
// sent or received (text, bytes, direction, client, size, time), or the wrong events after the
// retention limit wraps the buffer around.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PACKED_CHARS } from '../../../src/timeline/packedMessages';
import { PayloadRing } from '../../../src/timeline/payloadRing';
import { TimelineStore } from '../../../src/timeline/timelineStore';
import type { NewTimelineEvent, TimelineEvent } from '../../../src/shared/events';

const message = (data: string, extra: Partial<Extract<NewTimelineEvent, { kind: 'message' }>> = {}): NewTimelineEvent => ({
  kind: 'message', time: 1_700_000_000_123.5, dir: 'in', opcode: 'text', size: new TextEncoder().encode(data).length, encoding: 'utf8', data, ...extra,
});

describe('packed messages in the timeline store', () => {
  it('every field of a message reads back exactly: unicode text, base64 binary, client id, composer format', () => {
    const s = new TimelineStore(10);
    const sent: NewTimelineEvent[] = [
      message('héllo wörld — 你好 👋🏽', { dir: 'out', format: 'json' }),
      message('AAECA/7/', { opcode: 'binary', encoding: 'base64', size: 6, clientId: 'c17' }),
      message(''),
      message('\u0000\uffff lone surrogate-free text \u2028', { clientId: 'c17', time: 5 }),
    ];
    const stored = sent.map((e) => s.append(e));
    const read = s.all();
    expect(read).toEqual(stored);
    read.forEach((e, i) => expect(e).toEqual({ ...sent[i], seq: i + 1 }));
    // Optional fields absent when they were absent (an export would otherwise print "clientId": null).
    expect(Object.keys(read[2])).not.toContain('clientId');
    expect(Object.keys(read[2])).not.toContain('format');
  });

  it('a decoded annotation reads back whole, next to the raw payload', () => {
    const store = new TimelineStore(10);
    const decoded = { protocol: 'socket.io', type: 'EVENT', summary: 'chat {"text":"hi"}', fields: { event: 'chat', args: [{ text: 'hi' }], ack: null } };
    store.append({ kind: 'message', time: 1, dir: 'in', opcode: 'text', size: 25, encoding: 'utf8', data: '42["chat",{"text":"hi"}]', decoded });
    expect(store.get(1)).toMatchObject({ data: '42["chat",{"text":"hi"}]', decoded });
    expect(store.search({ text: 'socket.io EVENT chat' }).ok && store.search({ text: 'socket.io EVENT chat' })).toMatchObject({ events: [{ seq: 1 }] });
  });

  it('a payload too long to pack is kept whole', () => {
    const s = new TimelineStore(5);
    const big = 'x'.repeat(MAX_PACKED_CHARS + 1);
    s.append(message('small'));
    s.append(message(big));
    s.append(message('after'));
    expect(s.all().map((e) => (e.kind === 'message' ? e.data.length : -1))).toEqual([5, big.length, 5]);
  });

  it('matches a plain list of the last N events through growth, wrap-around and mixed kinds', () => {
    const event = fc.oneof(
      { weight: 8, arbitrary: fc.record({ data: fc.string({ unit: 'binary', maxLength: 300 }), out: fc.boolean(), client: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }) }).map((r) => message(r.data, { dir: r.out ? 'out' : 'in', clientId: r.client === undefined ? undefined : `c${r.client}` })) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((m): NewTimelineEvent => ({ kind: 'info', time: 2, message: m })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => message('y'.repeat(MAX_PACKED_CHARS + n))) },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1500 }), fc.array(event, { minLength: 50, maxLength: 4000, size: 'max' }), (retention, events) => {
        const s = new TimelineStore(retention);
        const model: TimelineEvent[] = [];
        for (const e of events) {
          model.push({ ...e, seq: model.length + 1 } as TimelineEvent);
          s.append(e);
        }
        const kept = model.slice(-retention).map((e) => stripUndefined(e));
        expect(s.all()).toEqual(kept);
        expect(s.dropped).toBe(Math.max(0, events.length - retention));
        if (kept.length) expect(s.get(kept[kept.length - 1].seq)).toEqual(kept[kept.length - 1]);
      }),
      { numRuns: 60 },
    );
  });

  it('clear() forgets the payloads and the store works as new afterwards', () => {
    const s = new TimelineStore(3);
    for (let i = 0; i < 7; i++) s.append(message(`before ${i}`, { clientId: 'c1' }));
    s.clear();
    s.append(message('after', { clientId: 'c2' }));
    expect(s.all()).toEqual([expect.objectContaining({ seq: 8, data: 'after', clientId: 'c2' })]);
  });
});

describe('payload ring', () => {
  it('keeps every payload readable while it grows and wraps around', () => {
    const ring = new PayloadRing();
    const live: Array<{ start: number; length: number; text: string }> = [];
    for (let i = 0; i < 20_000; i++) {
      const text = `${i}:${'é'.repeat(i % 97)}${'z'.repeat((i * 7919) % 3000)}`;
      const at = ring.write(text);
      expect(at).toBeDefined();
      live.push({ ...at!, text });
      // Keep a sliding window of 200 payloads, released oldest first as the store does.
      if (live.length > 200) {
        const old = live.shift()!;
        ring.release(old.start, old.length);
      }
      if (i % 997 === 0) for (const p of live) expect(ring.read(p.start, p.length)).toBe(p.text);
    }
    for (const p of live) expect(ring.read(p.start, p.length)).toBe(p.text);
    // A window of 200 payloads of at most ~3 KB never needs a large buffer.
    expect(ring.capacity).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('matches a plain queue of strings for any order of writes and releases (tight fits, growth after wrapping)', () => {
    const op = fc.oneof(
      // fast-check keeps strings short by default; a length and a repeated piece give real sizes.
      fc.tuple(fc.integer({ min: 0, max: 6000 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })).map(([n, piece]) => ({ write: piece.repeat(n) })),
      fc.constant({ release: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 100, maxLength: 300 }), (ops) => {
        const ring = new PayloadRing();
        const live: Array<{ start: number; length: number; text: string }> = [];
        for (const o of ops) {
          if ('write' in o) {
            const at = ring.write(o.write);
            expect(at).toBeDefined();
            live.push({ ...at!, text: o.write });
          } else if (live.length) {
            const old = live.shift()!;
            ring.release(old.start, old.length);
          }
          for (const p of live) expect(ring.read(p.start, p.length)).toBe(p.text);
        }
      }),
      { numRuns: 25 },
    );
  });
});

function stripUndefined(e: TimelineEvent): TimelineEvent {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as TimelineEvent;
}
