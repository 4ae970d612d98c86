// The reconnect decision as a pure function: state + how the attempt ended + settings → what next.
import { describe, expect, it } from 'vitest';
import { afterAttempt, afterOpen, INITIAL_RECONNECT_STATE, isPermanentRefusal, type ReconnectState } from '../../../src/client/reconnectPolicy';
import type { ReconnectSettings } from '../../../src/shared/connection';

const settings = (over: Partial<ReconnectSettings> = {}): ReconnectSettings => ({
  enabled: true, baseDelayMs: 100, maxDelayMs: 10_000, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0, ...over,
});
const noRandom = () => 0;

/** Runs `n` attempts that never open, returning every decision. */
function failTimes(n: number, s: ReconnectSettings, start: ReconnectState = INITIAL_RECONNECT_STATE) {
  let state = start;
  const decisions = [];
  for (let i = 0; i < n; i++) {
    const r = afterAttempt(state, { opened: false }, s, noRandom);
    state = r.state;
    decisions.push(r.decision);
  }
  return { state, decisions };
}

describe('reconnect policy', () => {
  it('retries with exponential backoff and counts the attempts', () => {
    const { decisions } = failTimes(4, settings());
    expect(decisions).toEqual([
      { action: 'retry', attempt: 1, delayMs: 100 },
      { action: 'retry', attempt: 2, delayMs: 200 },
      { action: 'retry', attempt: 3, delayMs: 400 },
      { action: 'retry', attempt: 4, delayMs: 800 },
    ]);
  });

  it('a successful open starts the backoff and the failure count again', () => {
    const { state } = failTimes(3, settings());
    const reopened = afterOpen(state);
    expect(reopened).toEqual({ attempt: 0, failures: 0, circuitOpen: false });
    expect(afterAttempt(reopened, { opened: true }, settings(), noRandom).decision).toEqual({ action: 'retry', attempt: 1, delayMs: 100 });
  });

  it('the circuit opens after the threshold of attempts in a row that never opened, once', () => {
    const { state, decisions } = failTimes(4, settings({ circuitBreakerThreshold: 3 }));
    expect(decisions.map((d) => d.action)).toEqual(['retry', 'retry', 'circuit-open', 'none']);
    expect(decisions[2]).toEqual({ action: 'circuit-open', failures: 3 });
    expect(state.circuitOpen).toBe(true);
    // An open does not close the circuit by itself: only the user's retry (a fresh state) does.
    expect(afterOpen(state).circuitOpen).toBe(true);
  });

  it('a drop after a successful open is not a failure for the circuit breaker', () => {
    let state = INITIAL_RECONNECT_STATE;
    for (let i = 0; i < 10; i++) state = afterAttempt(afterOpen(state), { opened: true }, settings({ circuitBreakerThreshold: 2 }), noRandom).state;
    expect(state.failures).toBe(0);
    expect(state.circuitOpen).toBe(false);
  });

  it('threshold 0 never opens the circuit', () => {
    const { state, decisions } = failTimes(100, settings({ circuitBreakerThreshold: 0 }));
    expect(state.circuitOpen).toBe(false);
    expect(decisions.every((d) => d.action === 'retry')).toBe(true);
  });

  it('stops after maxAttempts reconnects and says so', () => {
    const { decisions } = failTimes(3, settings({ maxAttempts: 2 }));
    expect(decisions[2]).toEqual({ action: 'stop', reason: 'Stopped reconnecting after 2 attempts. Connect to try again.' });
  });

  it('a refused handshake that retrying cannot change (4xx but 408 and 429) is not retried', () => {
    for (const status of [400, 401, 403, 404]) {
      const r = afterAttempt(INITIAL_RECONNECT_STATE, { opened: false, refusedStatus: status }, settings(), noRandom);
      expect(r.decision.action).toBe('stop');
      expect(r.decision.action === 'stop' && r.decision.reason).toContain(`HTTP ${status}`);
    }
    for (const status of [408, 429, 500, 503]) {
      expect(afterAttempt(INITIAL_RECONNECT_STATE, { opened: false, refusedStatus: status }, settings(), noRandom).decision.action).toBe('retry');
    }
    expect(isPermanentRefusal(undefined)).toBe(false);
  });

  it('jitter draws the delay from the injected random source', () => {
    const r = afterAttempt({ attempt: 3, failures: 0, circuitOpen: false }, { opened: true }, settings({ jitter: true }), () => 0.5);
    expect(r.decision).toEqual({ action: 'retry', attempt: 4, delayMs: 400 });
  });
});
