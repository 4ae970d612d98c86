// The CLI's stdout lines: time, client, kind, short summary. formatEventLine is the one place an
// event becomes a line (every --log level goes through it); the CLI's own lines (totals, dropped
// lines) use the same columns so that scripts can split every line the same way.

import type { NewTimelineEvent } from '../shared/events';

const MAX_DATA = 120;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_DATA ? `${oneLine.slice(0, MAX_DATA)}…` : oneLine;
}

function summary(e: NewTimelineEvent): string {
  switch (e.kind) {
    case 'message':
      return `${e.dir} ${e.opcode} ${e.size}B ${e.encoding === 'utf8' ? clip(e.data) : `(base64) ${clip(e.data)}`}`;
    case 'client':
      return `${e.action}${e.remote ? ` ${e.remote}` : ''}${e.detail ? ` ${e.detail}` : ''}`;
    case 'close':
      return `${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''} (by ${e.initiator}${e.wasClean ? '' : ', not clean'})`;
    case 'close-sent':
      return `${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''}`;
    case 'ping':
    case 'pong':
      return `${e.dir} ${e.size}B${e.kind === 'pong' && e.rttMs !== undefined ? ` rtt ${e.rttMs}ms` : ''}`;
    case 'error':
      return `${e.category}: ${e.message}`;
    case 'info':
      return e.message;
    default:
      return clip(JSON.stringify(e));
  }
}

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

export function formatEventLine(e: NewTimelineEvent): string {
  const client = 'clientId' in e && e.clientId ? e.clientId : '-';
  return formatLine(e.time, client, e.kind, summary(e));
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
