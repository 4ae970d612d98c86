// When a client connection ends, whether and when to dial again: a pure function of the
// reconnect state, how the attempt ended and the user's settings. Session owns the timer; this
// file owns the decision, so every rule is tested without a clock or a socket.
// - exponential backoff with optional full jitter (backoff.ts);
// - a circuit breaker: after `circuitBreakerThreshold` attempts in a row that never opened,
//   stop until the user retries, so a server that is down is not hammered forever;
// - a refused handshake that asking again cannot change (4xx but 408 and 429) is not retried;
// - at most `maxAttempts` reconnects since the last successful open.
// Browser-safe: no Node built-ins.
import type { ReconnectSettings } from '../shared/connection';
import { backoffDelay } from './backoff';

export interface ReconnectState {
  /** Reconnects scheduled since the last successful open (0 before the first one). */
  attempt: number;
  /** Attempts in a row that never opened. */
  failures: number;
  /** Reconnecting stopped until the user retries. */
  circuitOpen: boolean;
}

export const INITIAL_RECONNECT_STATE: ReconnectState = { attempt: 0, failures: 0, circuitOpen: false };

/** How a connection attempt ended. */
export interface AttemptOutcome {
  /** The handshake succeeded before it ended. */
  opened: boolean;
  /** HTTP status of a refused handshake. */
  refusedStatus?: number;
}

export type ReconnectDecision =
  | { action: 'retry'; attempt: number; delayMs: number }
  /** Not reconnecting, with the reason the timeline shows. */
  | { action: 'stop'; reason: string }
  | { action: 'circuit-open'; failures: number }
  /** Not reconnecting and nothing new to say (already stopped). */
  | { action: 'none' };

/** A connection opened: the server is reachable again, the counts start over. */
export function afterOpen(s: ReconnectState): ReconnectState {
  return { attempt: 0, failures: 0, circuitOpen: s.circuitOpen };
}

/** A connection attempt ended and reconnecting is wanted (enabled, and not closed by the user). */
export function afterAttempt(
  s: ReconnectState,
  outcome: AttemptOutcome,
  settings: ReconnectSettings,
  random: () => number,
): { state: ReconnectState; decision: ReconnectDecision } {
  if (isPermanentRefusal(outcome.refusedStatus)) {
    // 401, 403, 404, 400...: asking again unchanged gets the same answer (and can look like an
    // attack to the server). 408 and 429 are worth a retry; 5xx too.
    return {
      state: s,
      decision: { action: 'stop', reason: `Not reconnecting: the server refused the handshake with HTTP ${outcome.refusedStatus}, which retrying will not change. Fix the connection (URL, headers, token, subprotocols) and connect again.` },
    };
  }
  let state = s;
  if (!outcome.opened) {
    const failures = s.failures + 1;
    const trips = !s.circuitOpen && settings.circuitBreakerThreshold > 0 && failures >= settings.circuitBreakerThreshold;
    state = { ...s, failures, circuitOpen: s.circuitOpen || trips };
    if (trips) return { state, decision: { action: 'circuit-open', failures } };
  }
  if (state.circuitOpen) return { state, decision: { action: 'none' } };
  const next = state.attempt + 1;
  if (settings.maxAttempts > 0 && next > settings.maxAttempts) {
    return { state, decision: { action: 'stop', reason: `Stopped reconnecting after ${settings.maxAttempts} attempts. Connect to try again.` } };
  }
  const delayMs = backoffDelay(state.attempt, settings, random);
  return { state: { ...state, attempt: next }, decision: { action: 'retry', attempt: next, delayMs } };
}

/** A refused handshake that a retry with the same request cannot fix (4xx but 408 and 429). */
export function isPermanentRefusal(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
