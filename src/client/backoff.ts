// Reconnect delays: exponential backoff with optional "full jitter".
// Full jitter (a delay picked uniformly in [0, backoff]) spreads many clients that lost the same
// server over the whole window, so they don't all come back in the same millisecond
// (see the AWS Architecture Blog, "Exponential Backoff And Jitter").
// Browser-safe: no Node built-ins.

export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: boolean;
}

/** Past 2^52 doubles lose integer precision and 0 * Infinity is NaN, so cap the exponent. */
const MAX_EXPONENT = 52;

/**
 * The ceiling of the delay before retry number `retryIndex` (0 = the first retry):
 * min(maxDelayMs, baseDelayMs * 2^retryIndex), never negative.
 */
export function backoffCeiling(retryIndex: number, s: BackoffSettings): number {
  const base = Math.max(0, finiteOr(s.baseDelayMs, 0));
  const max = Math.max(0, finiteOr(s.maxDelayMs, 0));
  const exponent = Math.min(Math.max(0, Math.floor(finiteOr(retryIndex, 0))), MAX_EXPONENT);
  return Math.min(max, base * 2 ** exponent);
}

/**
 * The delay (whole ms) before retry number `retryIndex`. With jitter it is uniform over the
 * integers 0..ceiling; `random` returns a number in [0, 1) like Math.random.
 */
export function backoffDelay(retryIndex: number, s: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.floor(backoffCeiling(retryIndex, s));
  if (!s.jitter) return ceiling;
  const r = Math.min(Math.max(finiteOr(random(), 0), 0), 1);
  return Math.min(ceiling, Math.floor(r * (ceiling + 1)));
}

function finiteOr(n: number, fallback: number): number {
  return Number.isFinite(n) ? n : fallback;
}
