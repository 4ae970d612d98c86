// The "Get started with WebSocket Lab" walkthrough: which of its steps an event shows the user
// just did. The adapter turns each occurrence into a short pulse of a context key
// (websocketLab.gs.<step>: true, then false again) that the step's completionEvents wait for.
//
// Why a pulse and not a key that stays true: VS Code's walkthrough service is created lazily (when
// a walkthrough is first shown) and, when it starts, treats every completion key that is already
// true as "seen this session" without ticking its step; after that it only ticks on a false→true
// change. A key left true by an earlier use therefore blocked its step for the rest of the window
// (and a reload ticked all of them at once). A key that is true only at the moment of the user's
// action is false whenever the service starts, so each step ticks when the user does it.
import type { TimelineEvent } from '../shared/events';

/** The walkthrough steps a connection's timeline proves ("Read the handshake" is the Show Handshake command). */
export type GettingStartedStep = 'connected' | 'echoed' | 'pong' | 'closed';

export const GETTING_STARTED_STEPS: readonly GettingStartedStep[] = ['connected', 'echoed', 'pong', 'closed'];

/** Texts remembered to recognise an echo; a walkthrough needs a handful, a load test sends millions. */
const MAX_REMEMBERED_TEXTS = 1000;

/** Follows one connection's events as they arrive; each event is looked at once. */
export class GettingStartedTracker {
  private readonly sentTexts = new Set<string>();

  /** The step this event shows done, every time it happens (not only the first time). */
  observe(e: TimelineEvent): GettingStartedStep | undefined {
    switch (e.kind) {
      case 'open':
        return 'connected';
      case 'message':
        if (e.dir === 'in') return this.sentTexts.has(e.data) ? 'echoed' : undefined;
        if (this.sentTexts.size >= MAX_REMEMBERED_TEXTS) this.sentTexts.delete(this.sentTexts.values().next().value as string);
        this.sentTexts.add(e.data);
        return undefined;
      case 'pong':
        return e.dir === 'in' && e.rttMs !== undefined ? 'pong' : undefined;
      case 'close':
        return e.initiator === 'client' ? 'closed' : undefined;
      default:
        return undefined;
    }
  }
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Announces each step when it happens, at most once per `intervalMs` per step (a busy echo
 * connection proves "echoed" thousands of times a second); an occurrence inside the interval is
 * announced once when it ends, so the last one is never lost.
 */
export class StepAnnouncer<S extends string> {
  private readonly quiet = new Map<S, { handle: unknown; again: boolean }>();

  constructor(
    private readonly announce: (step: S) => void,
    private readonly intervalMs = 1000,
    private readonly timers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  ) {}

  occurred(step: S): void {
    const quiet = this.quiet.get(step);
    if (quiet) {
      quiet.again = true;
      return;
    }
    this.announce(step);
    const handle = this.timers.setTimeout(() => {
      const again = this.quiet.get(step)?.again;
      this.quiet.delete(step);
      if (again) this.occurred(step);
    }, this.intervalMs);
    this.quiet.set(step, { handle, again: false });
  }

  dispose(): void {
    for (const { handle } of this.quiet.values()) this.timers.clearTimeout(handle);
    this.quiet.clear();
  }
}
