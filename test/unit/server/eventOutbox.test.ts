// The events of a mock server in a worker thread leave in batches (src/server/worker/eventOutbox.ts):
// one message per few milliseconds rather than one per event, no more than a few batches waiting
// for the host at once, and a bounded backlog, counted when it overflows, while the host is busy.
import { describe, expect, it } from 'vitest';
import { EventOutbox, type OutboxBatch } from '../../../src/server/worker/eventOutbox';
import type { NewTimelineEvent } from '../../../src/shared/events';
import type { TimerFunctions } from '../../../src/util/timer';

/** Timers the test fires by hand. */
function manualTimers(): TimerFunctions & { fire(): void; pending: number } {
  const due = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn) => {
      due.set(next, fn);
      return next++;
    },
    clearTimeout: (h) => void due.delete(h as number),
    fire() {
      const fns = [...due.values()];
      due.clear();
      for (const fn of fns) fn();
    },
    get pending() {
      return due.size;
    },
  };
}

const message = (i: number, size = 10): NewTimelineEvent => ({ kind: 'message', time: i, dir: 'in', opcode: 'text', size, encoding: 'utf8', data: 'x'.repeat(size), clientId: 'c1' });

function outbox(options: { maxBatch?: number; maxInFlight?: number; maxPendingBytes?: number } = {}) {
  const posted: OutboxBatch[] = [];
  const timers = manualTimers();
  const box = new EventOutbox({ post: (b) => posted.push(b), timers, ...options });
  return { box, posted, timers };
}

describe('EventOutbox', () => {
  it('events added in one turn leave together when the timer fires, in order', () => {
    const { box, posted, timers } = outbox();
    for (let i = 0; i < 1000; i++) box.add(message(i));
    expect(posted).toHaveLength(0);
    timers.fire();
    expect(posted).toHaveLength(1);
    expect(posted[0].events.map((e) => e.time)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(posted[0].dropped).toBe(0);
  });

  it('a burst larger than a batch leaves at once in batches of maxBatch, then waits for acknowledgements', () => {
    const { box, posted } = outbox({ maxBatch: 100, maxInFlight: 2 });
    for (let i = 0; i < 450; i++) box.add(message(i));
    // Two batches fill the window; the rest waits for the host.
    expect(posted.map((b) => b.events.length)).toEqual([100, 100]);
    expect(box.unacknowledged).toBe(2);
    box.acked();
    expect(posted.map((b) => b.events.length)).toEqual([100, 100, 100]);
    box.acked();
    box.acked();
    expect(posted.map((b) => b.events.length)).toEqual([100, 100, 100, 100, 50]);
    expect(posted.flatMap((b) => b.events.map((e) => e.time))).toEqual(Array.from({ length: 450 }, (_, i) => i));
  });

  it('while the host does not acknowledge, events wait up to maxPendingBytes; the next batch says how many were left out', () => {
    const { box, posted, timers } = outbox({ maxInFlight: 1, maxPendingBytes: 10 * (200 + 100) });
    box.add(message(0, 100));
    timers.fire();
    expect(posted).toHaveLength(1);
    for (let i = 1; i <= 15; i++) box.add(message(i, 100));
    timers.fire();
    // The window is full: nothing more is posted, and only 10 events' worth is kept.
    expect(posted).toHaveLength(1);
    box.acked();
    expect(posted).toHaveLength(2);
    expect(posted[1].events.map((e) => e.time)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(posted[1].dropped).toBe(5);
  });

  it('a change of the client count rides with the next batch, or leaves alone', () => {
    const { box, posted, timers } = outbox();
    box.clientsChanged(1);
    box.add(message(0));
    box.clientsChanged(2);
    timers.fire();
    expect(posted).toEqual([{ events: [message(0)], dropped: 0, clients: 2 }]);
    box.acked();
    box.clientsChanged(0);
    timers.fire();
    expect(posted[1]).toEqual({ events: [], dropped: 0, clients: 0 });
  });

  it('drain() posts everything that waits, whatever is in flight (the server has closed)', () => {
    const { box, posted, timers } = outbox({ maxBatch: 10, maxInFlight: 1 });
    for (let i = 0; i < 35; i++) box.add(message(i));
    expect(posted).toHaveLength(1);
    box.drain();
    expect(posted.map((b) => b.events.length)).toEqual([10, 10, 10, 5]);
    expect(timers.pending).toBe(0);
  });
});
