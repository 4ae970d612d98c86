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

export function gettingStartedFlags(events: readonly TimelineEvent[]): GettingStartedFlags {
  const flags: GettingStartedFlags = { connected: false, handshake: false, echoed: false, pong: false, closed: false };
  const sentTexts = new Set<string>();
  for (const e of events) {
    switch (e.kind) {
      case 'open':
        flags.connected = true;
        break;
      case 'handshake-response':
        if (e.status === 101 && e.acceptValid === true) flags.handshake = true;
        break;
      case 'message':
        if (e.dir === 'out') sentTexts.add(e.data);
        else if (sentTexts.has(e.data)) flags.echoed = true;
        break;
      case 'pong':
        if (e.dir === 'in' && e.rttMs !== undefined) flags.pong = true;
        break;
      case 'close':
        if (e.initiator === 'client') flags.closed = true;
        break;
    }
  }
  return flags;
}
