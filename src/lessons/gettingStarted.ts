// The "Get started with WebSocket Lab" walkthrough: which of its steps a timeline proves done.
// Each flag becomes a context key (websocketLab.gs.<flag>) that the walkthrough's
// completionEvents wait for, so a step is checked only when the user really did it.
import type { TimelineEvent } from '../shared/events';

export interface GettingStartedFlags {
  connected: boolean;
  handshake: boolean;
  echoed: boolean;
  pong: boolean;
  closed: boolean;
}

export const GETTING_STARTED_FLAGS: ReadonlyArray<keyof GettingStartedFlags> = ['connected', 'handshake', 'echoed', 'pong', 'closed'];

/** Texts remembered to recognise an echo; a walkthrough needs a handful, a load test sends millions. */
const MAX_REMEMBERED_TEXTS = 1000;

/**
 * Follows one connection's events as they arrive. Flags only ever turn on, so each event is looked
 * at once: re-reading the whole timeline for every event cost O(n) per message on a busy connection.
 */
export class GettingStartedTracker {
  readonly flags: GettingStartedFlags = { connected: false, handshake: false, echoed: false, pong: false, closed: false };
  private readonly sentTexts = new Set<string>();

  get complete(): boolean {
    return GETTING_STARTED_FLAGS.every((f) => this.flags[f]);
  }

  /** Returns true when this event turned a flag on. */
  observe(e: TimelineEvent): boolean {
    switch (e.kind) {
      case 'open':
        return this.turnOn('connected');
      case 'handshake-response':
        return e.status === 101 && e.acceptValid === true && this.turnOn('handshake');
      case 'message':
        if (e.dir === 'in') return this.sentTexts.has(e.data) && this.turnOn('echoed');
        if (this.sentTexts.size >= MAX_REMEMBERED_TEXTS) this.sentTexts.delete(this.sentTexts.values().next().value as string);
        this.sentTexts.add(e.data);
        return false;
      case 'pong':
        return e.dir === 'in' && e.rttMs !== undefined && this.turnOn('pong');
      case 'close':
        return e.initiator === 'client' && this.turnOn('closed');
      default:
        return false;
    }
  }

  private turnOn(flag: keyof GettingStartedFlags): boolean {
    if (this.flags[flag]) return false;
    this.flags[flag] = true;
    return true;
  }
}

export function gettingStartedFlags(events: readonly TimelineEvent[]): GettingStartedFlags {
  const tracker = new GettingStartedTracker();
  for (const e of events) tracker.observe(e);
  return tracker.flags;
}
