import { describe, expect, it } from 'vitest';
import { TimelineStore } from '../../../src/timeline/timelineStore';
import type { NewTimelineEvent } from '../../../src/shared/events';

const text = (data: string, dir: 'in' | 'out' = 'in'): NewTimelineEvent => ({
  kind: 'message', time: 1, dir, opcode: 'text', size: data.length, encoding: 'utf8', data,
});

describe('timeline store', () => {
  it('numbers events with increasing sequence numbers', () => {
    const s = new TimelineStore(10);
    const a = s.append(text('a'));
    const b = s.append(text('b'));
    expect(b.seq).toBe(a.seq + 1);
    expect(s.get(a.seq)).toEqual(a);
    expect(s.size).toBe(2);
  });

  it('keeps only the newest events past the retention limit and counts the dropped ones', () => {
    const s = new TimelineStore(3);
    for (let i = 0; i < 10; i++) s.append(text(String(i)));
    expect(s.all().map((e) => (e.kind === 'message' ? e.data : ''))).toEqual(['7', '8', '9']);
    expect(s.dropped).toBe(7);
    expect(s.size).toBe(3);
    expect(s.get(1)).toBeUndefined();
    expect(s.get(10)).toMatchObject({ data: '9' });
  });

  it('since(seq) returns the events after seq, also after wrapping around', () => {
    const s = new TimelineStore(4);
    for (let i = 0; i < 6; i++) s.append(text(String(i)));
    expect(s.since(4).map((e) => e.seq)).toEqual([5, 6]);
    expect(s.since(0).map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    expect(s.since(6)).toEqual([]);
  });

  it('clear() empties the store but sequence numbers keep increasing', () => {
    const s = new TimelineStore(5);
    s.append(text('a'));
    s.append(text('b'));
    s.clear();
    expect(s.size).toBe(0);
    expect(s.all()).toEqual([]);
    expect(s.append(text('c')).seq).toBe(3);
    expect(s.get(3)).toMatchObject({ data: 'c' });
    expect(s.get(1)).toBeUndefined();
  });

  it('a million appends keep exactly the newest 100,000 (the ring wraps ten times)', () => {
    const s = new TimelineStore(100_000);
    const e = text('x');
    for (let i = 0; i < 1_000_000; i++) s.append(e);
    expect(s.size).toBe(100_000);
    expect(s.dropped).toBe(900_000);
    expect(s.all()[0].seq).toBe(900_001);
    expect(s.get(1_000_000)).toMatchObject({ seq: 1_000_000, data: 'x' });
    expect(e).not.toHaveProperty('seq'); // the caller's object is not modified
  });

  it('search finds text case-insensitively, by regex, kind and direction', () => {
    const s = new TimelineStore();
    s.append(text('Hello world', 'out'));
    s.append(text('price: 42', 'in'));
    s.append({ kind: 'error', time: 1, category: 'refused', message: 'Connection refused by 127.0.0.1:1' });
    s.append({ kind: 'close', time: 1, code: 4000, codeName: 'Private use', reason: 'bye', wasClean: true, initiator: 'client' });
    const data = (r: ReturnType<TimelineStore['search']>) => (r.ok ? r.events.map((e) => e.kind) : r.error);
    expect(data(s.search({ text: 'HELLO' }))).toEqual(['message']);
    expect(data(s.search({ regex: '\\d+$' }))).toEqual(['message', 'error']);
    expect(data(s.search({ kinds: ['error', 'close'] }))).toEqual(['error', 'close']);
    expect(data(s.search({ dir: 'in' }))).toEqual(['message']);
    expect(data(s.search({ text: 'bye' }))).toEqual(['close']);
    expect(data(s.search({}))).toHaveLength(4);
  });

  it('a broken regular expression is a clear error, not an exception', () => {
    const s = new TimelineStore();
    s.append(text('a'));
    const r = s.search({ regex: '(unclosed' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/Invalid regular expression "\(unclosed"/);
  });

  it('onAppend listeners see every stored event until unsubscribed', () => {
    const s = new TimelineStore();
    const seen: number[] = [];
    const off = s.onAppend((e) => seen.push(e.seq));
    s.append(text('a'));
    s.append(text('b'));
    off();
    s.append(text('c'));
    expect(seen).toEqual([1, 2]);
  });

  it('an invalid retention falls back to the default', () => {
    expect(new TimelineStore(0).retention).toBe(100_000);
    expect(new TimelineStore(-5).retention).toBe(100_000);
  });
});
