// The CLI's stdout lines: time, client, kind, then the event's log text from the event table.
// formatEventLine is the one place an event becomes a line (every --log level goes through it); the
// CLI's own lines (totals, dropped lines) use the same columns so scripts split every line the same way.

import type { NewTimelineEvent } from '../shared/events';
import { logLineText } from '../shared/eventKinds';

/** Payload characters a line shows. */
const MAX_DATA = 120;

// Busy servers log many events within one millisecond: format each millisecond once.
let lastTime = NaN;
let lastTimeText = '';
function timeOfDay(ms: number): string {
  if (ms !== lastTime) {
    lastTime = ms;
    lastTimeText = new Date(ms).toISOString().slice(11, 23);
  }
  return lastTimeText;
}

/** A line in the CLI's columns: `HH:MM:SS.mmm client kind text` (client "-" when there is none). */
export function formatLine(time: number, client: string, kind: string, text: string): string {
  return `${timeOfDay(time)} ${client.padEnd(4)} ${kind.padEnd(10)} ${text}`;
}

/** One event as a line; the text after the kind comes from the event table (src/shared/eventKinds.ts). */
export function formatEventLine(e: NewTimelineEvent): string {
  const client = 'clientId' in e && e.clientId ? e.clientId : '-';
  return formatLine(e.time, client, e.kind, logLineText(e, MAX_DATA));
}

export interface Totals {
  clientsOpen: number;
  clientsTotal: number;
  refused: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  errors: number;
}

/** The `--log summary` totals line. */
export function formatTotalsLine(time: number, t: Totals): string {
  return formatLine(
    time,
    '-',
    'totals',
    `clients ${t.clientsOpen} open, ${t.clientsTotal} connected in all${t.refused ? `, ${t.refused} refused` : ''}; ` +
      `messages ${t.messagesIn} in, ${t.messagesOut} out; bytes ${t.bytesIn} in, ${t.bytesOut} out; errors ${t.errors}`,
  );
}

/** Reports lines left out because stdout did not keep up (see lineWriter.ts). */
export function formatDroppedLine(time: number, count: number): string {
  return formatLine(time, '-', 'dropped', `${count} line${count === 1 ? '' : 's'} left out: stdout was not being read fast enough`);
}
