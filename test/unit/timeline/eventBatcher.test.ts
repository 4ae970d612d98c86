// The host → webview event batches: a burst is spread over frames in order, and a feed faster
// than the batches can carry keeps only what the webview could still show (its retention).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { EventBatcher } from '../../../src/timeline/eventBatcher';
import { realTimers } from '../../../src/util/timer';

function makeBatcher(maxBatch: number, maxQueued: number) {
  const batches: number[][] = [];
  const batcher = new EventBatcher<number>({
    intervalMs: 16,
    maxBatch,
    maxQueued: () => maxQueued,
    send: (b) => batches.push(b),
    ...realTimers, // vi.useFakeTimers() replaces the globals they call
  });
  return { batcher, batches };
}

describe('EventBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a burst in order, one batch per interval, none before the first interval', () => {
    const { batcher, batches } = makeBatcher(5000, 100_000);
    for (let i = 0; i < 12_000; i++) batcher.push(i);
    vi.advanceTimersByTime(15);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches.map((b) => b.length)).toEqual([5000]);
    vi.advanceTimersByTime(32);
    expect(batches.map((b) => b.length)).toEqual([5000, 5000, 2000]);
    expect(batches.flat()).toEqual(Array.from({ length: 12_000 }, (_, i) => i));
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(3); // nothing left: no more flushes
  });

  it('keeps only the newest events when more wait than the webview keeps', () => {
    const { batcher, batches } = makeBatcher(5000, 100);
    for (let i = 0; i < 250; i++) batcher.push(i);
    expect(batcher.waiting).toBe(100);
    expect(batcher.skipped).toBe(150);
    vi.advanceTimersByTime(16);
    expect(batches).toEqual([Array.from({ length: 100 }, (_, i) => 150 + i)]);
  });

  it('touch() flushes once with an empty batch when no event waits', () => {
    const { batcher, batches } = makeBatcher(10, 100);
    batcher.touch();
    batcher.touch();
    vi.advanceTimersByTime(16);
    expect(batches).toEqual([[]]);
  });

  it('clear() forgets what waits and dispose() stops the flushes', () => {
    const { batcher, batches } = makeBatcher(10, 100);
    for (let i = 0; i < 5; i++) batcher.push(i);
    batcher.clear();
    batcher.push(99);
    vi.advanceTimersByTime(16);
    expect(batches).toEqual([[99]]);
    batcher.push(100);
    batcher.dispose();
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([[99]]);
  });

  it('under any feed: in order, bounded, and the newest events always arrive', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 1, max: 400 }) }), fc.record({ wait: fc.integer({ min: 1, max: 60 }) })), { maxLength: 40 }),
        (maxBatch, maxQueued, steps) => {
          const { batcher, batches } = makeBatcher(maxBatch, maxQueued);
          let pushed = 0;
          for (const step of steps) {
            if ('push' in step) {
              for (let i = 0; i < step.push; i++) batcher.push(pushed++);
            } else vi.advanceTimersByTime(step.wait);
            expect(batcher.waiting).toBeLessThanOrEqual(maxQueued);
          }
          vi.advanceTimersByTime(16 * (Math.ceil(maxQueued / maxBatch) + 1));
          const sent = batches.flat();
          for (let i = 1; i < sent.length; i++) expect(sent[i]).toBeGreaterThan(sent[i - 1]);
          expect(sent.length + batcher.skipped).toBe(pushed);
          const newest = Array.from({ length: Math.min(maxQueued, pushed) }, (_, i) => pushed - Math.min(maxQueued, pushed) + i);
          expect(sent.slice(sent.length - newest.length)).toEqual(newest);
          for (const b of batches) expect(b.length).toBeLessThanOrEqual(maxBatch);
          vi.clearAllTimers();
        },
      ),
      { numRuns: 200 },
    );
  });
});
