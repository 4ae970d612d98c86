// Timeline export/import as JSON Lines: a header line, then one event per line. Easy to grep,
// diff, stream and append to, and a partial file still shows which line went wrong.
// Each line is checked against the event types' own schema (src/shared/schema/events.ts).

import type { TimelineEvent } from '../shared/events';
import { timelineEvent } from '../shared/schema/events';
import { check, describe, pathText, show } from '../shared/schema/problems';
import { base64ToBytes } from '../codecs/binaryText';
import { parseJson } from '../codecs/json';
import { eventRedactor, redactSecrets, urlCredentialSecrets } from '../recording/redact';
import { exportedEvent } from '../shared/eventKinds';
import type { Result } from '../shared/result';

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
  const writer = jsonlWriter(options);
  const lines = [writer.header(options.exportedAt ?? new Date()), ...events.map(writer.event)];
  return lines.join('\n') + '\n';
}

/**
 * The lines of a JSONL file one at a time, secrets hidden, for files written in pieces (the
 * timeline history appends events as they come): the same redaction as exportJsonl.
 */
export function jsonlWriter(options: { name: string; url: string; secrets: readonly string[] }): {
  header(exportedAt: Date): string;
  event(e: TimelineEvent): string;
} {
  // A password written into the URL is as secret as a secret header.
  const secrets = [...options.secrets, ...urlCredentialSecrets(options.url)];
  const redactOne = eventRedactor(secrets);
  return {
    header: (exportedAt) => {
      const header: JsonlHeader = {
        format: JSONL_FORMAT,
        version: JSONL_VERSION,
        name: redactSecrets(options.name, secrets),
        url: redactSecrets(options.url, secrets),
        exportedAt: exportedAt.toISOString(),
      };
      return JSON.stringify(header);
    },
    // Each kind writes the fields the event table lists for it (src/shared/eventKinds.ts), in that order.
    event: (e) => JSON.stringify(exportedEvent(redactOne(e))),
  };
}

/**
 * Reads one event: the event as the schema gives it back (fields no kind defines are dropped), or
 * what is wrong, naming the kind and the field. The fields and their types are the event types'
 * own schema (src/shared/schema/events.ts), so an import accepts exactly what a timeline records.
 */
export function readTimelineEvent(value: unknown): Result<{ event: TimelineEvent }> {
  const r = check(timelineEvent, value);
  if (!r.ok) {
    if (r.path.length === 0) return { ok: false, error: 'expected an event object' };
    const kind = (value as Record<string, unknown>).kind;
    if (r.path.length === 1 && r.path[0] === 'kind') return { ok: false, error: `unknown event kind ${show(kind)}` };
    const what = r.schema ? describe(r.schema, 'json') : 'left out';
    return { ok: false, error: `${String(kind)} event: "${pathText(r.path)}" must be ${what}${r.missing ? ' (missing)' : `, got ${show(r.value)}`}` };
  }
  const event = r.value;
  if (event.kind === 'message' && event.encoding === 'base64') {
    const bytes = base64ToBytes(event.data);
    if (!bytes.ok) return { ok: false, error: `message event: "data" is not valid base64: ${bytes.error}` };
  }
  return { ok: true, event };
}

/** Checks one event's shape; returns what is wrong, naming the field. */
export function checkTimelineEvent(value: unknown): string | undefined {
  const r = readTimelineEvent(value);
  return r.ok ? undefined : r.error;
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
    const read = readTimelineEvent(value);
    if (!read.ok) return { ok: false, error: `line ${line}: ${read.error}`, line };
    const event = read.event;
    if (event.seq <= lastSeq) return { ok: false, error: `line ${line}: seq ${event.seq} is not greater than the previous event's ${lastSeq}`, line };
    lastSeq = event.seq;
    events.push(event);
  }
  return { ok: true, header, events };
}
