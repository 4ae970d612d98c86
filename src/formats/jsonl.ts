// Timeline export/import as JSON Lines: a header line, then one event per line. Easy to grep,
// diff, stream and append to, and a partial file still shows which line went wrong.

import type { TimelineEvent, TimelineEventKind } from '../shared/events';
import { base64ToBytes, parseJson } from '../codecs/payload';
import { eventRedactor, redactSecrets, urlCredentialSecrets } from '../recording/redact';
import { exportedEvent } from '../shared/eventKinds';

export const JSONL_FORMAT = 'websocket-lab-timeline';
export const JSONL_VERSION = 1;

export interface JsonlHeader {
  format: typeof JSONL_FORMAT;
  version: number;
  name: string;
  url: string;
  /** ISO 8601. */
  exportedAt: string;
}

export type JsonlImportResult =
  | { ok: true; header?: JsonlHeader; events: TimelineEvent[] }
  | { ok: false; error: string; line: number; column?: number };

/** Secrets (values of secret headers, env secrets) are replaced by «secret» in every line. */
export function exportJsonl(
  events: readonly TimelineEvent[],
  options: { name: string; url: string; secrets: readonly string[]; exportedAt?: Date },
): string {
  // A password written into the URL is as secret as a secret header.
  const secrets = [...options.secrets, ...urlCredentialSecrets(options.url)];
  const header: JsonlHeader = {
    format: JSONL_FORMAT,
    version: JSONL_VERSION,
    name: redactSecrets(options.name, secrets),
    url: redactSecrets(options.url, secrets),
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
  };
  const redactOne = eventRedactor(secrets);
  // Each kind writes the fields the event table lists for it (src/shared/eventKinds.ts), in that order.
  const lines = [JSON.stringify(header), ...events.map((e) => JSON.stringify(exportedEvent(redactOne(e))))];
  return lines.join('\n') + '\n';
}

type FieldType = 'string' | 'number' | 'boolean' | 'headers' | readonly string[];

const DIR = ['in', 'out'] as const;
const FIELDS: Record<TimelineEventKind, Record<string, FieldType>> = {
  connecting: { url: 'string', attempt: 'number' },
  'handshake-request': { method: 'string', url: 'string', headers: 'headers' },
  'handshake-response': { status: 'number', statusText: 'string', headers: 'headers', protocol: 'string', extensions: 'string' },
  open: { protocol: 'string', extensions: 'string' },
  message: { dir: DIR, opcode: ['text', 'binary'], size: 'number', encoding: ['utf8', 'base64'], data: 'string' },
  ping: { dir: DIR, size: 'number', payloadHex: 'string' },
  pong: { dir: DIR, size: 'number', payloadHex: 'string' },
  close: { code: 'number', codeName: 'string', reason: 'string', wasClean: 'boolean', initiator: ['client', 'server', 'network'] },
  'close-sent': { code: 'number', codeName: 'string', reason: 'string' },
  error: { category: 'string', message: 'string' },
  'reconnect-scheduled': { attempt: 'number', delayMs: 'number', maxAttempts: 'number' },
  'circuit-open': { failures: 'number' },
  queued: { size: 'number', queueLength: 'number' },
  state: { state: ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] },
  client: { action: ['connected', 'disconnected', 'refused'], clientId: 'string' },
  info: { message: 'string' },
};

function fieldError(value: unknown, type: FieldType): string | undefined {
  if (Array.isArray(type)) return type.includes(value as string) ? undefined : `must be one of ${type.map((t) => JSON.stringify(t)).join(', ')}`;
  if (type === 'headers') {
    const ok = Array.isArray(value) && value.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string');
    return ok ? undefined : 'must be a list of [name, value] pairs';
  }
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
  return typeof value === type ? undefined : `must be a ${type}`;
}

/** Checks one event's shape; returns what is wrong, naming the field. */
export function checkTimelineEvent(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'expected an event object';
  const e = value as Record<string, unknown>;
  if (typeof e.kind !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, e.kind)) {
    return `unknown event kind ${JSON.stringify(e.kind)}`;
  }
  const fields: Record<string, FieldType> = { seq: 'number', time: 'number', ...FIELDS[e.kind as TimelineEventKind] };
  for (const [name, type] of Object.entries(fields)) {
    const problem = fieldError(e[name], type);
    if (problem) return `${e.kind} event: "${name}" ${problem}${e[name] === undefined ? ' (missing)' : `, got ${JSON.stringify(e[name])}`}`;
  }
  if (e.kind === 'message' && e.encoding === 'base64') {
    const bytes = base64ToBytes(e.data as string);
    if (!bytes.ok) return `message event: "data" is not valid base64: ${bytes.error}`;
  }
  return undefined;
}

/** Reads a JSONL export back. The header line is optional; blank lines are skipped. */
export function importJsonl(text: string): JsonlImportResult {
  const lines = text.split(/\r?\n/);
  let header: JsonlHeader | undefined;
  const events: TimelineEvent[] = [];
  let lastSeq = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i].trim() === '') continue;
    const parsed = parseJson(lines[i], 'JSON');
    if (!parsed.ok) return { ok: false, error: `line ${line}, column ${parsed.column}: ${parsed.problem}`, line, column: parsed.column };
    const value = parsed.value as Record<string, unknown>;
    if (value && typeof value === 'object' && value.format === JSONL_FORMAT) {
      if (header || events.length) return { ok: false, error: `line ${line}: a second header line; only the first line may be a header`, line };
      if (value.version !== JSONL_VERSION) {
        return { ok: false, error: `line ${line}: timeline format version ${JSON.stringify(value.version)} is not supported (this version reads ${JSONL_VERSION})`, line };
      }
      header = value as unknown as JsonlHeader;
      continue;
    }
    const problem = checkTimelineEvent(value);
    if (problem) return { ok: false, error: `line ${line}: ${problem}`, line };
    const event = value as unknown as TimelineEvent;
    if (event.seq <= lastSeq) return { ok: false, error: `line ${line}: seq ${event.seq} is not greater than the previous event's ${lastSeq}`, line };
    lastSeq = event.seq;
    events.push(event);
  }
  return { ok: true, header, events };
}
