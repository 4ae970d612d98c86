// One timeout that is either pending or not; starting it again replaces the pending one. The
// timer functions are passed in, like the rest of the Session's clock (SessionDeps), so tests
// can drive them. Browser-safe: no Node built-ins.

export interface TimerFunctions {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** The runtime's own timers, for everything that is not a test driving the clock. */
export const realTimers: TimerFunctions = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Timer {
  private handle: unknown;

  constructor(private readonly timers: TimerFunctions) {}

  get pending(): boolean {
    return this.handle !== undefined;
  }

  start(ms: number, fn: () => void): void {
    this.cancel();
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      fn();
    }, ms);
  }

  cancel(): void {
    if (this.handle === undefined) return;
    this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
