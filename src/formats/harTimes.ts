// Which clock a HAR's WebSocket frame times were written with. The field is not in HAR 1.2, so
// each tool chose: Chrome DevTools writes epoch seconds, but a socket that never got a wall-clock
// start (closed while connecting) keeps its monotonic seconds since boot; Playwright's recordHar
// writes epoch milliseconds. The unit is read from the magnitude, the same way for every frame of
// an entry, and anything but DevTools' epoch seconds is reported as a guess.

export type FrameClock = 'epoch-seconds' | 'epoch-milliseconds' | 'monotonic-seconds';

/** 1e11 ms is March 1973; as seconds it would be the year 5138. */
const EPOCH_MS_FROM = 1e11;
/** 1e8 s is March 1973 too; below it a value is more than three years of uptime at most. */
const EPOCH_S_FROM = 1e8;

/** Wall-clock times before this are no real capture's (Chrome writes 1969-12-31 when it has none). */
export const PLAUSIBLE_FROM_MS = Date.UTC(2000, 0, 1);

export function frameClock(time: number): FrameClock {
  if (time >= EPOCH_MS_FROM) return 'epoch-milliseconds';
  if (time >= EPOCH_S_FROM) return 'epoch-seconds';
  return 'monotonic-seconds';
}

/** The largest time a Date holds (year 275760), in milliseconds. */
const MAX_DATE_MS = 8.64e15;

/** A usable frame time: a positive number a Date can hold (Playwright writes -1 with `omitTiming`). */
export const isFrameTime = (v: unknown): v is number => typeof v === 'number' && v > 0 && v < MAX_DATE_MS;

/**
 * Milliseconds since the epoch for a frame time on `clock`. Monotonic times keep their spacing
 * and are placed from `anchorMs` (the entry's start), counted from the entry's first frame `t0`.
 */
export function frameTimeMs(time: number, clock: FrameClock, anchorMs: number, t0: number): number {
  // Microsecond rounding undoes the float error of seconds * 1000.
  const round = (ms: number) => Math.round(ms * 1e3) / 1e3;
  if (clock === 'epoch-milliseconds') return round(time);
  if (clock === 'epoch-seconds') return round(time * 1e3);
  return round(anchorMs + (time - t0) * 1e3);
}

export function describeClock(clock: FrameClock): string {
  switch (clock) {
    case 'epoch-milliseconds':
      return 'message times are in milliseconds since the epoch (as Playwright writes them), not seconds';
    case 'monotonic-seconds':
      return "message times look monotonic (seconds since the browser's machine booted), not wall-clock; placed relative to the entry's start, keeping their spacing";
    default:
      return 'message times are in seconds since the epoch';
  }
}
