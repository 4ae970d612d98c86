// A mock server's events on their way out of its worker thread (mockServerWorker.ts) to the
// extension host, where a ServerTimeline records them. One postMessage per event would make a busy
// server pay a message (and the host a task) per frame it handles, so events wait here for a few ms
// and leave as one batch (one structured clone). The host acknowledges each batch once it has
// recorded it; while `maxInFlight` batches are unacknowledged (the host is busy, or blocked), events
// wait here, and past `maxPendingBytes` new ones are counted instead of kept: the worker's heap is
// limited, and a host that does not keep up must not be able to fill it. The next batch says how
// many were left out, so the timeline can say so.
import type { NewTimelineEvent } from '../../shared/events';
import { realTimers, Timer, type TimerFunctions } from '../../util/timer';

export interface OutboxBatch {
  events: NewTimelineEvent[];
  /** Events left out since the last batch because too many were waiting. */
  dropped: number;
  /** The number of connected clients, when it changed since the last batch. */
  clients?: number;
}

export interface EventOutboxOptions {
  post: (batch: OutboxBatch) => void;
  /** How long an event may wait for others to share its batch. */
  flushMs?: number;
  /** Largest batch: a burst leaves in several. */
  maxBatch?: number;
  /** Batches posted and not yet acknowledged before the outbox waits. */
  maxInFlight?: number;
  /** Roughly how many bytes of events may wait (payload text counted by its length). */
  maxPendingBytes?: number;
  timers?: TimerFunctions;
}

export const OUTBOX_DEFAULTS = { flushMs: 10, maxBatch: 2048, maxInFlight: 4, maxPendingBytes: 32 * 1024 * 1024 };

/** What an event weighs while it waits: its payload text, plus a flat amount for the object. */
function weight(e: NewTimelineEvent): number {
  return 200 + (e.kind === 'message' ? e.data.length : e.kind === 'error' || e.kind === 'info' ? e.message.length : 0);
}

export class EventOutbox {
  private pending: NewTimelineEvent[] = [];
  /** Index of the oldest waiting event: taking a batch does not shift the array. */
  private head = 0;
  private pendingBytes = 0;
  private dropped = 0;
  private clients: number | undefined;
  private inFlight = 0;
  private readonly timer: Timer;
  private readonly o: Required<Omit<EventOutboxOptions, 'timers'>>;

  constructor(options: EventOutboxOptions) {
    this.o = { ...OUTBOX_DEFAULTS, ...options };
    this.timer = new Timer(options.timers ?? realTimers);
  }

  /** Batches posted and not acknowledged. */
  get unacknowledged(): number {
    return this.inFlight;
  }

  add(event: NewTimelineEvent): void {
    const w = weight(event);
    if (this.pendingBytes + w > this.o.maxPendingBytes) {
      this.dropped++;
      return;
    }
    this.pending.push(event);
    this.pendingBytes += w;
    if (this.pending.length - this.head >= this.o.maxBatch) this.flush();
    else this.schedule();
  }

  clientsChanged(count: number): void {
    this.clients = count;
    this.schedule();
  }

  /** The host recorded a batch. */
  acked(): void {
    if (this.inFlight > 0) this.inFlight--;
    // What waited while the window was full leaves now, without a further delay.
    if (this.hasWork()) this.flush();
  }

  /** Posts everything that waits, whatever is in flight: the server has closed and nothing follows. */
  drain(): void {
    this.timer.cancel();
    while (this.hasWork()) this.post();
  }

  dispose(): void {
    this.timer.cancel();
  }

  private hasWork(): boolean {
    return this.pending.length > this.head || this.dropped > 0 || this.clients !== undefined;
  }

  private schedule(): void {
    if (!this.timer.pending) this.timer.start(this.o.flushMs, () => this.flush());
  }

  private flush(): void {
    this.timer.cancel();
    // Full window: acked() flushes when the host catches up.
    while (this.hasWork() && this.inFlight < this.o.maxInFlight) this.post();
  }

  private post(): void {
    const end = Math.min(this.pending.length, this.head + this.o.maxBatch);
    const events = this.head === 0 && end === this.pending.length ? this.pending : this.pending.slice(this.head, end);
    for (const e of events) this.pendingBytes -= weight(e);
    if (end === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else {
      this.head = end;
      // Drops the posted front once it is most of the array (amortized O(1) per event).
      if (this.head > 1024 && this.head * 2 > this.pending.length) {
        this.pending = this.pending.slice(this.head);
        this.head = 0;
      }
    }
    const batch: OutboxBatch = { events, dropped: this.dropped };
    if (this.clients !== undefined) batch.clients = this.clients;
    this.dropped = 0;
    this.clients = undefined;
    this.inFlight++;
    this.o.post(batch);
  }
}
