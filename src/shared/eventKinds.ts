// What each kind of timeline event means, in one table: its filter group, codicon, name, the one
// line it reads as (timeline rows, CLI lines), the text a search looks at, and the fields an
// export writes. The webview, the host's search, the CLI, JSONL and HAR all read it, so what you
// search is what you see, and a new kind is one row here: the compiler rejects a kind that has
// none (EVENT_KINDS is keyed by every TimelineEventKind).
// Browser-safe: the webview bundles it.
import type { DecodedMessage, TimelineEvent, TimelineEventKind } from './events';
import { formatBytes, formatMs } from './format';

/** Filter groups shown as toggles in the timeline toolbar. */
export type KindGroup = 'messages' | 'control' | 'connection' | 'errors';

export const KIND_GROUPS: ReadonlyArray<{ id: KindGroup; label: string; icon: string }> = [
  { id: 'messages', label: 'Messages', icon: 'mail' },
  { id: 'control', label: 'Control frames', icon: 'pulse' },
  { id: 'connection', label: 'Connection', icon: 'plug' },
  { id: 'errors', label: 'Errors', icon: 'error' },
];

/** An event of one kind, with or without its sequence number (the CLI prints events before any store numbers them). */
type EventOf<K extends TimelineEventKind> = Omit<Extract<TimelineEvent, { kind: K }>, 'seq'>;

interface KindInfo<K extends TimelineEventKind> {
  group: KindGroup;
  /** Codicon name. */
  icon: (e: EventOf<K>) => string;
  /** Title of the detail pane. */
  title: (e: EventOf<K>) => string;
  /** The one line the event reads as; `max` bounds how much payload text it includes. */
  describe: (e: EventOf<K>, max: number) => string;
  /** What a search finds beyond the line itself (headers, a response body, the raw payload of a decoded message). */
  detail?: (e: EventOf<K>) => string;
  /**
   * The text after the kind column of a log line (the CLI), when it differs from `describe`: a log
   * has its own columns for the kind and the client, and scripts read these lines, so they keep
   * their terse form.
   */
  logLine?: (e: EventOf<K>, max: number) => string;
  /** The fields an export writes, in order, after seq, time and kind; nothing else leaves the store. */
  exportFields: ReadonlyArray<Exclude<keyof EventOf<K>, 'time' | 'kind'>>;
}

const PREVIEW_CHARS = 300;
const SEARCH_CHARS = 2048;

export const EVENT_KINDS: { readonly [K in TimelineEventKind]: KindInfo<K> } = {
  message: {
    group: 'messages',
    icon: (e) => (e.decoded ? 'symbol-event' : e.opcode === 'binary' ? 'file-binary' : 'symbol-string'),
    title: (e) => `${e.dir === 'out' ? 'Sent' : 'Received'} ${e.opcode} message · ${formatBytes(e.size)}${e.format ? ` · ${e.format}` : ''}${e.clientId ? ` · client ${e.clientId}` : ''}`,
    describe: (e, max) => (e.decoded ? describeDecoded(e.decoded, max) : payloadPreview(e.encoding, e.data, e.size, max)),
    // A decoded message is found by its raw payload too.
    detail: (e) => (e.decoded ? payloadPreview(e.encoding, e.data, e.size, SEARCH_CHARS) : ''),
    logLine: (e, max) => `${e.dir} ${e.opcode} ${e.size}B ${e.decoded ? describeDecoded(e.decoded, max) : e.encoding === 'utf8' ? clip(e.data, max) : `(base64) ${clip(e.data, max)}`}`,
    exportFields: ['dir', 'opcode', 'size', 'encoding', 'data', 'format', 'decoded', 'clientId'],
  },
  ping: {
    group: 'control',
    icon: () => 'pulse',
    title: () => 'Ping',
    describe: (e) => `PING ${controlPayload(e.payloadHex)}`,
    logLine: (e) => `${e.dir} ${e.size}B`,
    exportFields: ['dir', 'size', 'payloadHex', 'clientId'],
  },
  pong: {
    group: 'control',
    icon: () => 'pulse',
    title: () => 'Pong',
    describe: (e) => `PONG ${controlPayload(e.payloadHex)}${e.rttMs !== undefined ? `  RTT ${formatMs(e.rttMs)}` : ''}`,
    logLine: (e) => `${e.dir} ${e.size}B${e.rttMs !== undefined ? ` rtt ${e.rttMs}ms` : ''}`,
    exportFields: ['dir', 'size', 'payloadHex', 'rttMs', 'clientId'],
  },
  close: {
    group: 'control',
    icon: () => 'debug-disconnect',
    title: (e) => `Connection closed · ${e.code}`,
    describe: (e) => `CLOSE ${e.code} ${e.codeName}${e.reason ? ` “${e.reason}”` : ''} · ${e.wasClean ? 'clean' : 'not clean'} · by ${e.initiator}`,
    logLine: (e) => `${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''} (by ${e.initiator}${e.wasClean ? '' : ', not clean'})`,
    exportFields: ['code', 'codeName', 'reason', 'wasClean', 'initiator', 'clientId'],
  },
  'close-sent': {
    group: 'control',
    icon: () => 'debug-disconnect',
    title: (e) => `Close frame sent · ${e.code}`,
    describe: (e) => `CLOSE sent ${e.code} ${e.codeName}${e.reason ? ` “${e.reason}”` : ''}`,
    logLine: (e) => `${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''}`,
    exportFields: ['code', 'codeName', 'reason', 'clientId'],
  },
  connecting: {
    group: 'connection',
    icon: () => 'plug',
    title: () => 'Connecting',
    describe: (e) => `Connecting to ${e.url}${e.attempt > 0 ? ` (attempt ${e.attempt})` : ''}`,
    exportFields: ['url', 'attempt'],
  },
  'handshake-request': {
    group: 'connection',
    icon: () => 'arrow-swap',
    title: () => 'Handshake request',
    describe: (e) => `${e.method} ${e.url}`,
    detail: (e) => headerLines(e.headers),
    exportFields: ['method', 'url', 'headers'],
  },
  'handshake-response': {
    group: 'connection',
    icon: () => 'arrow-swap',
    title: (e) => `Handshake response · HTTP ${e.status}`,
    describe: (e) => `HTTP ${e.status} ${e.statusText}${e.protocol ? ` · protocol ${e.protocol}` : ''}${e.acceptValid === false ? ' · invalid Sec-WebSocket-Accept' : ''}`,
    detail: (e) => `${headerLines(e.headers)}${e.body ? `\n${e.body}` : ''}`,
    exportFields: ['status', 'statusText', 'headers', 'acceptValid', 'protocol', 'extensions', 'body'],
  },
  open: {
    group: 'connection',
    icon: () => 'pass',
    title: () => 'Open',
    describe: (e) => `Connection open${e.protocol ? ` · protocol ${e.protocol}` : ''}${e.extensions ? ` · ${e.extensions}` : ''}`,
    exportFields: ['protocol', 'extensions'],
  },
  error: {
    group: 'errors',
    icon: () => 'error',
    title: (e) => `Error · ${e.category}`,
    describe: (e) => `${e.category}: ${e.message}${e.status ? ` (HTTP ${e.status})` : ''}`,
    detail: (e) => e.body ?? '',
    exportFields: ['category', 'message', 'status', 'body', 'clientId'],
  },
  'reconnect-scheduled': {
    group: 'connection',
    icon: () => 'sync',
    title: () => 'Reconnect scheduled',
    describe: (e) => `Reconnect attempt ${e.attempt}${e.maxAttempts ? `/${e.maxAttempts}` : ''} in ${formatMs(e.delayMs)}`,
    exportFields: ['attempt', 'delayMs', 'maxAttempts'],
  },
  'circuit-open': {
    group: 'errors',
    icon: () => 'circuit-board',
    title: () => 'Circuit open',
    describe: (e) => `Circuit open after ${e.failures} failures: reconnecting stopped`,
    exportFields: ['failures'],
  },
  queued: {
    group: 'connection',
    icon: () => 'inbox',
    title: () => 'Queued',
    describe: (e) => `Queued (${e.queueLength} waiting)${e.droppedOldest ? ' · queue full, oldest dropped' : ''}`,
    exportFields: ['size', 'queueLength', 'droppedOldest'],
  },
  state: {
    group: 'connection',
    icon: () => 'symbol-event',
    title: () => 'State',
    describe: (e) => `State → ${e.state}`,
    exportFields: ['state'],
  },
  client: {
    group: 'connection',
    icon: () => 'person',
    title: () => 'Client',
    describe: (e) => `Client ${e.clientId} ${e.action}${e.remote ? ` from ${e.remote}` : ''}${e.detail ? ` · ${e.detail}` : ''}`,
    logLine: (e) => `${e.action}${e.remote ? ` ${e.remote}` : ''}${e.detail ? ` ${e.detail}` : ''}`,
    exportFields: ['action', 'clientId', 'remote', 'detail'],
  },
  info: {
    group: 'connection',
    icon: () => 'info',
    title: () => 'Info',
    describe: (e) => e.message,
    exportFields: ['message', 'clientId'],
  },
};

type AnyEvent = Omit<TimelineEvent, 'seq'> | TimelineEvent;

/** The row of an event's kind, typed for that event (the table is keyed by kind, so this cannot miss). */
function info<E extends AnyEvent>(e: E): KindInfo<TimelineEventKind> {
  return EVENT_KINDS[e.kind] as unknown as KindInfo<TimelineEventKind>;
}

export function eventGroup(e: AnyEvent): KindGroup {
  return info(e).group;
}

export function eventIcon(e: AnyEvent): string {
  return info(e).icon(e as EventOf<TimelineEventKind>);
}

export function eventTitle(e: AnyEvent): string {
  return info(e).title(e as EventOf<TimelineEventKind>);
}

/** The one line an event reads as in a timeline row and a CLI line. */
export function describeEvent(e: AnyEvent, max = PREVIEW_CHARS): string {
  return info(e).describe(e as EventOf<TimelineEventKind>, max);
}

/** The text a search matches: the kind, the client, the line as shown (longer), and the kind's detail. */
export function eventSearchText(e: AnyEvent): string {
  const row = info(e);
  const client = 'clientId' in e && e.clientId ? ` ${e.clientId}` : '';
  const detail = row.detail?.(e as EventOf<TimelineEventKind>);
  return `${e.kind}${client} ${row.describe(e as EventOf<TimelineEventKind>, SEARCH_CHARS)}${detail ? `\n${detail}` : ''}`;
}

/** The event as an export writes it: seq, time, kind, then the kind's export fields that are set. */
export function exportedEvent(e: TimelineEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { seq: e.seq, time: e.time, kind: e.kind };
  const source = e as unknown as Record<string, unknown>;
  for (const field of info(e).exportFields as readonly string[]) {
    if (source[field] !== undefined) out[field] = source[field];
  }
  return out;
}

/** The text after the kind column of a log line (CLI), at most about `max` characters of payload. */
export function logLineText(e: AnyEvent, max: number): string {
  const row = info(e);
  return (row.logLine ?? row.describe)(e as EventOf<TimelineEventKind>, max);
}

/** The payload-carrying size of an event, when it has one. */
export function eventSize(e: AnyEvent): number | undefined {
  return 'size' in e ? e.size : undefined;
}

export function eventDir(e: AnyEvent): 'in' | 'out' | undefined {
  return 'dir' in e ? e.dir : undefined;
}

// ------------------------------------------------------------------ helpers of the table

function describeDecoded(d: DecodedMessage, max: number): string {
  return `${d.protocol} ${d.type}${d.summary ? ` ${d.summary.slice(0, max).replace(/\s+/g, ' ')}` : ''}`;
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function payloadPreview(encoding: 'utf8' | 'base64', data: string, size: number, max: number): string {
  if (encoding === 'base64') {
    const shown = Math.min(size, 32);
    return `${base64Prefix(data, shown)}${size > shown ? ' …' : ''}`;
  }
  return data.slice(0, max).replace(/\s+/g, ' ');
}

function controlPayload(hex: string): string {
  if (!hex) return '(no payload)';
  const text = controlPayloadText(hex);
  return `${hex.replace(/(..)(?=.)/g, '$1 ')}${text === undefined ? '' : ` “${text}”`}`;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A ping or pong payload as text, when it is one: valid UTF-8 without control characters (a
 * binary timestamp some servers ping with would read as garbage; its hex says more). Undefined
 * for any other payload, empty ones included.
 */
export function controlPayloadText(hex: string): string | undefined {
  if (!hex || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
  return /\p{Cc}/u.test(text) ? undefined : text;
}

function headerLines(headers: ReadonlyArray<[string, string]>): string {
  return headers.map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** Hex of the first bytes of a base64 payload, decoding only the prefix shown. */
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
