// Events on their way from a timeline to its webview. They are sent in batches, at most one per
// interval (a frame) and at most `maxBatch` per batch, so a burst is spread over frames. A feed
// faster than that (a load test with the panel open) must not pile up without end: no more than
// `maxQueued()` events wait (the webview's retention). Whatever is older would be evicted by the
// webview as soon as the newer events reached it, and the host's store has evicted it too
// (it is counted in `dropped`), so leaving it out loses nothing the user could see.
// Browser-safe: no Node built-ins.
import { Timer, type TimerFunctions } from '../util/timer';

export interface EventBatcherOptions<E> extends TimerFunctions {
  /** Time between two batches. */
  intervalMs: number;
  /** Largest batch. */
  maxBatch: number;
  /** Most events that may wait; read at every push because retention can change. */
  maxQueued: () => number;
  /** Called with each batch, and with an empty one when only `touch()` asked for a flush. */
  send: (batch: E[]) => void;
}

export class EventBatcher<E> {
  private queue: E[] = [];
  /** Index of the oldest waiting event in `queue`: taking a batch does not shift the array. */
  private head = 0;
  private readonly timer: Timer;
  /** Events left out because more than `maxQueued()` were waiting (the benchmarks report it). */
  skipped = 0;

  constructor(private readonly options: EventBatcherOptions<E>) {
    this.timer = new Timer(options);
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }

  push(event: E): void {
    this.queue.push(event);
    const excess = this.waiting - Math.max(1, this.options.maxQueued());
    if (excess > 0) {
      this.head += excess;
      this.skipped += excess;
      this.compact();
    }
    this.schedule();
  }

  /** Asks for a flush even when no event waits (the owner has something else to send then). */
  touch(): void {
    this.schedule();
  }

  /** Forgets what waits (the webview is getting everything another way, or was cleared). */
  clear(): void {
    this.queue = [];
    this.head = 0;
  }

  dispose(): void {
    this.timer.cancel();
    this.clear();
  }

  private schedule(): void {
    if (!this.timer.pending) this.timer.start(this.options.intervalMs, () => this.flush());
  }

  private flush(): void {
    const end = Math.min(this.queue.length, this.head + this.options.maxBatch);
    const batch = this.queue.slice(this.head, end);
    this.head = end;
    if (this.head === this.queue.length) this.clear();
    else this.compact();
    this.options.send(batch);
    if (this.waiting > 0) this.schedule();
  }

  /** Drops the sent or skipped front of the array once it is most of it (amortized O(1) per event). */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
