// The CLI's stdout lines: time, client, kind, then the event's log text from the event table.
// formatEventLine is the one place an event becomes a line (every --log level goes through it); the
// CLI's own lines (totals, dropped lines) use the same columns so scripts split every line the same way.
// formatLine, which makes every one of them, shows control characters as visible escapes: the
// text comes from clients (messages, close reasons, keys in errors), and a terminal would act on
// it — clear the screen, erase lines, set the title, write the clipboard (OSC 52), plant links (OSC 8).

import type { NewTimelineEvent } from '../shared/events';
import { logLineText } from '../shared/eventKinds';

/** Payload characters a line shows. */
const MAX_DATA = 120;
/** Characters of a close reason a line shows, once escaped (a reason is up to 123 bytes, an escape 4 characters). */
const MAX_REASON = 80;
/** Characters of a client event's detail (the request path, or the close code and reason). */
const MAX_DETAIL = 200;

// What a terminal acts on: C0 (tab and newline too: one event stays one line), DEL and C1 (ESC and
// CSI start the sequences), and the Unicode line separators and bidirectional overrides, which break
// or reorder what is shown. Backslashes are left alone, so `\x1b` typed by a client reads the same
// as an escaped ESC: what matters is that neither reaches the terminal as a control.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** `text` with every control character shown as `\t`, `\n`, `\r`, `\xHH` or `\uHHHH`. */
export function escapeControlChars(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, escapeOne) : text;
}

/** `text` escaped, then cut to `max` characters (and an ellipsis) without splitting an escape. */
function clipEscaped(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    const shown = CONTROL.test(ch) ? escapeOne(ch) : ch;
    if (out.length + shown.length > max) return `${out}…`;
    out += shown;
  }
  return out;
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

/**
 * A line in the CLI's columns: `HH:MM:SS.mmm client kind text` (client "-" when there is none).
 * Every field is escaped here, so no line the CLI prints can carry a control character.
 */
export function formatLine(time: number, client: string, kind: string, text: string): string {
  return `${timeOfDay(time)} ${escapeControlChars(client).padEnd(4)} ${escapeControlChars(kind).padEnd(10)} ${escapeControlChars(text)}`;
}

/** One event as a line; the text after the kind comes from the event table (src/shared/eventKinds.ts). */
export function formatEventLine(e: NewTimelineEvent): string {
  const client = 'clientId' in e && e.clientId ? e.clientId : '-';
  return formatLine(e.time, client, e.kind, logLineText(clipped(e), MAX_DATA));
}

/** The event with its close reason or client detail escaped and clipped (message payloads are clipped by the table). */
function clipped(e: NewTimelineEvent): NewTimelineEvent {
  switch (e.kind) {
    case 'close':
    case 'close-sent':
      return e.reason ? { ...e, reason: clipEscaped(e.reason, MAX_REASON) } : e;
    case 'client':
      return e.detail ? { ...e, detail: clipEscaped(e.detail, MAX_DETAIL) } : e;
    default:
      return e;
  }
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
