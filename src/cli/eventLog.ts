// What `--log events|summary|quiet` prints of a server's events. Shared by every command that
// watches a conversation, so each one offers the same levels.

import type { NewTimelineEvent } from '../shared/events';
import { formatEventLine, formatTotalsLine, type Totals } from './eventFormat';
import type { LineWriter } from './lineWriter';

export const LOG_LEVELS = ['events', 'summary', 'quiet'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_OPTION_HELP = [
  'what stdout shows after the "listening" line:',
  '  events   one line per event (the default)',
  '  summary  clients connecting, disconnecting or refused, errors, and a totals line',
  '           (clients, messages and bytes in and out, errors) at most once a second',
  '  quiet    nothing more',
].join('\n');

export interface EventLog {
  /** Give to the server; undefined for quiet (nothing to do per event). */
  onEvent?: (e: NewTimelineEvent) => void;
  /** Stops the periodic totals and writes the last ones if they changed. */
  stop(): void;
}

export function createEventLog(level: LogLevel, out: LineWriter, now: () => number = Date.now): EventLog {
  if (level === 'quiet') return { stop: () => {} };
  if (level === 'events') return { onEvent: (e) => out.write(formatEventLine(e)), stop: () => {} };

  const totals: Totals = { clientsOpen: 0, clientsTotal: 0, refused: 0, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0 };
  let changed = false;
  const printTotals = (): void => {
    if (!changed) return;
    changed = false;
    out.write(formatTotalsLine(now(), totals));
  };
  // At most one totals line a second, and none while nothing happens.
  const timer = setInterval(printTotals, 1000);
  timer.unref();
  return {
    onEvent: (e) => {
      switch (e.kind) {
        case 'message':
          if (e.dir === 'in') {
            totals.messagesIn++;
            totals.bytesIn += e.size;
          } else {
            totals.messagesOut++;
            totals.bytesOut += e.size;
          }
          break;
        case 'client':
          if (e.action === 'connected') {
            totals.clientsOpen++;
            totals.clientsTotal++;
          } else if (e.action === 'disconnected') totals.clientsOpen--;
          else totals.refused++;
          out.write(formatEventLine(e));
          break;
        case 'error':
          totals.errors++;
          out.write(formatEventLine(e));
          break;
        default:
          return;
      }
      changed = true;
    },
    stop: () => {
      clearInterval(timer);
      printTotals();
    },
  };
}
