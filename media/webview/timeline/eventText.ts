// How each event reads in one line: icon, preview text, size. Shared by the rows, the search
// and the copy action so what you search is what you see.

import type { TimelineEvent } from '../../../src/shared/events';

/** Filter groups shown as toggles in the toolbar. */
export type KindGroup = 'messages' | 'control' | 'connection' | 'errors';

export const KIND_GROUPS: Array<{ id: KindGroup; label: string; icon: string }> = [
  { id: 'messages', label: 'Messages', icon: 'mail' },
  { id: 'control', label: 'Control frames', icon: 'pulse' },
  { id: 'connection', label: 'Connection', icon: 'plug' },
  { id: 'errors', label: 'Errors', icon: 'error' },
];

export function kindGroup(e: TimelineEvent): KindGroup {
  switch (e.kind) {
    case 'message':
      return 'messages';
    case 'ping':
    case 'pong':
    case 'close':
    case 'close-sent':
      return 'control';
    case 'error':
    case 'circuit-open':
      return 'errors';
    default:
      return 'connection';
  }
}

export function kindIcon(e: TimelineEvent): string {
  switch (e.kind) {
    case 'message':
      return e.opcode === 'binary' ? 'file-binary' : 'symbol-string';
    case 'ping':
    case 'pong':
      return 'pulse';
    case 'close':
    case 'close-sent':
      return 'debug-disconnect';
    case 'connecting':
      return 'plug';
    case 'handshake-request':
    case 'handshake-response':
      return 'arrow-swap';
    case 'open':
      return 'pass';
    case 'error':
      return 'error';
    case 'reconnect-scheduled':
      return 'sync';
    case 'circuit-open':
      return 'circuit-board';
    case 'queued':
      return 'inbox';
    case 'state':
      return 'symbol-event';
    case 'client':
      return 'person';
    case 'info':
      return 'info';
  }
}

/** The payload-carrying size of an event, when it has one. */
export function eventSize(e: TimelineEvent): number | undefined {
  return 'size' in e ? e.size : undefined;
}

export function eventDir(e: TimelineEvent): 'in' | 'out' | undefined {
  return 'dir' in e ? e.dir : undefined;
}

const PREVIEW_CHARS = 300;
const SEARCH_CHARS = 2048;

/** Hex of the first bytes of a base64 payload, decoding only the prefix we show. */
function base64Prefix(b64: string, bytes: number): string {
  const chars = Math.ceil(bytes / 3) * 4;
  let bin: string;
  try {
    bin = atob(b64.slice(0, chars));
  } catch {
    return '';
  }
  let out = '';
  for (let i = 0; i < Math.min(bin.length, bytes); i++) out += bin.charCodeAt(i).toString(16).padStart(2, '0') + ' ';
  return out.trimEnd();
}

function spacedHex(hex: string): string {
  return hex.replace(/(..)(?=.)/g, '$1 ');
}

/** One line describing the event; `max` bounds how much payload text is included. */
export function describe(e: TimelineEvent, max = PREVIEW_CHARS): string {
  switch (e.kind) {
    case 'message':
      if (e.encoding === 'base64') {
        const shown = Math.min(e.size, 32);
        return `${base64Prefix(e.data, shown)}${e.size > shown ? ' …' : ''}`;
      }
      return e.data.slice(0, max).replace(/\s+/g, ' ');
    case 'ping':
    case 'pong': {
      const payload = e.payloadHex ? spacedHex(e.payloadHex) : '(no payload)';
      const rtt = e.kind === 'pong' && e.rttMs !== undefined ? `  RTT ${formatMs(e.rttMs)}` : '';
      return `${e.kind.toUpperCase()} ${payload}${rtt}`;
    }
    case 'close':
      return `CLOSE ${e.code} ${e.codeName}${e.reason ? ` “${e.reason}”` : ''} · ${e.wasClean ? 'clean' : 'not clean'} · by ${e.initiator}`;
    case 'close-sent':
      return `CLOSE sent ${e.code} ${e.codeName}${e.reason ? ` “${e.reason}”` : ''}`;
    case 'connecting':
      return `Connecting to ${e.url}${e.attempt > 0 ? ` (attempt ${e.attempt})` : ''}`;
    case 'handshake-request':
      return `${e.method} ${e.url}`;
    case 'handshake-response':
      return `HTTP ${e.status} ${e.statusText}${e.protocol ? ` · protocol ${e.protocol}` : ''}${e.acceptValid === false ? ' · invalid Sec-WebSocket-Accept' : ''}`;
    case 'open':
      return `Connection open${e.protocol ? ` · protocol ${e.protocol}` : ''}${e.extensions ? ` · ${e.extensions}` : ''}`;
    case 'error':
      return `${e.category}: ${e.message}${e.status ? ` (HTTP ${e.status})` : ''}`;
    case 'reconnect-scheduled':
      return `Reconnect attempt ${e.attempt}${e.maxAttempts ? `/${e.maxAttempts}` : ''} in ${formatMs(e.delayMs)}`;
    case 'circuit-open':
      return `Circuit open after ${e.failures} failures: reconnecting stopped`;
    case 'queued':
      return `Queued (${e.queueLength} waiting)${e.droppedOldest ? ' · queue full, oldest dropped' : ''}`;
    case 'state':
      return `State → ${e.state}`;
    case 'client':
      return `Client ${e.clientId} ${e.action}${e.remote ? ` from ${e.remote}` : ''}${e.detail ? ` · ${e.detail}` : ''}`;
    case 'info':
      return e.message;
  }
}

/** Text the search matches against: the kind, the client and a generous slice of payload. */
export function searchText(e: TimelineEvent): string {
  const client = 'clientId' in e && e.clientId ? ` ${e.clientId}` : '';
  return `${e.kind}${client} ${describe(e, SEARCH_CHARS)}`;
}

/** The text the copy action puts on the clipboard: the payload when there is one. */
export function copyTextOf(e: TimelineEvent): string {
  if (e.kind === 'message') return e.data;
  return JSON.stringify(e, null, 2);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${((ms % 60_000) / 1000).toFixed(0)}s`;
}

/** Relative time column: "+12 ms", "+1.234 s", "+3:02.517", "+1:03:02.517" (ms always kept). */
export function formatRelative(ms: number): string {
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(3)} s`;
  const total = Math.round(ms);
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = ((total % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return h > 0 ? `+${h}:${String(m).padStart(2, '0')}:${s}` : `+${m}:${s}`;
}

/** Wall clock HH:MM:SS.mmm in local time. */
export function formatClock(time: number): string {
  const d = new Date(time);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
