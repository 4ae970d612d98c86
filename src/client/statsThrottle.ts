// Live stats change with every frame, and each emit redraws the tree, the status bar and the
// webview. A fast feed must not do that thousands of times a second, so listeners hear at most
// one emit per interval; the last change of a burst is never lost, it arrives at the end of the
// interval. Browser-safe: no Node built-ins.
import { Timer, type TimerFunctions } from '../util/timer';

export interface StatsThrottleOptions<T> extends TimerFunctions {
  /** Minimum time between two emits. */
  intervalMs: number;
  now: () => number;
  /** The stats as they are now. */
  read: () => T;
  emit: (stats: T) => void;
  /** True when these stats can change with no event to report it: they are emitted again one interval later. */
  keepSampling: (stats: T) => boolean;
}

export class StatsThrottle<T> {
  private lastEmitAt = -Infinity;
  private readonly trailingEmit: Timer;
  private disposed = false;

  constructor(private readonly options: StatsThrottleOptions<T>) {
    this.trailingEmit = new Timer(options);
  }

  /** Stats changed: emit now if the last emit is old enough, otherwise once at the end of the interval. */
  changed(): void {
    if (this.disposed || this.trailingEmit.pending) return;
    const wait = this.lastEmitAt + this.options.intervalMs - this.options.now();
    if (wait <= 0) this.emitNow();
    else this.trailingEmit.start(wait, () => this.emitNow());
  }

  /** Emits at once, in place of any emit still waiting. */
  emitNow(): void {
    if (this.disposed) return;
    this.trailingEmit.cancel();
    this.lastEmitAt = this.options.now();
    const stats = this.options.read();
    this.options.emit(stats);
    if (this.options.keepSampling(stats)) this.trailingEmit.start(this.options.intervalMs, () => this.emitNow());
  }

  /** Nothing is emitted after this, not even an emit already scheduled. */
  dispose(): void {
    this.disposed = true;
    this.trailingEmit.cancel();
  }
}
