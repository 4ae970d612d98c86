// A connection's timeline kept across window reloads and restarts (one file per connection in
// the workspace storage). The file is a JSONL export (jsonl.ts): a header line, then one event
// per line, secrets hidden by the very same redaction, so it can be opened, grepped or imported
// like any export. It is bounded to the newest events, by count and by size.
// Events are appended as they come; the file is rewritten (bounded) when it has grown to twice
// its bound, so appending stays cheap and the file never holds more than 2x its limits.
// No I/O here: the caller reads and writes the file (src/panels/timeline/historyStore.ts).

import type { TimelineEvent } from '../shared/events';
import { importJsonl, jsonlWriter, type JsonlHeader } from './jsonl';

export interface HistoryLimits {
  /** Newest events kept. */
  maxEvents: number;
  /** Bytes (UTF-8) of event lines kept, about: the header is not counted. */
  maxBytes: number;
}

export interface HistoryTarget {
  name: string;
  url: string;
  /** Values hidden wherever they appear, as in exports. */
  secrets: readonly string[];
}

export interface HistoryText {
  text: string;
  /** Event lines in `text`, and their bytes. */
  events: number;
  bytes: number;
}

/** The whole file: a header and the newest events that fit the limits, oldest first. */
export function historyFileText(events: readonly TimelineEvent[], target: HistoryTarget, limits: HistoryLimits, savedAt = new Date()): HistoryText {
  const writer = jsonlWriter(target);
  const lines: string[] = [];
  let bytes = 0;
  // Newest first, so the limits cut the oldest events; each line is redacted once.
  for (let i = events.length - 1; i >= 0 && lines.length < limits.maxEvents; i--) {
    const line = writer.event(events[i]);
    const size = utf8Length(line) + 1;
    if (bytes + size > limits.maxBytes) break;
    lines.push(line);
    bytes += size;
  }
  lines.push(writer.header(savedAt));
  lines.reverse();
  return { text: lines.join('\n') + '\n', events: lines.length - 1, bytes };
}

/** Event lines to append to a file historyFileText started. */
export function historyAppendText(events: readonly TimelineEvent[], target: HistoryTarget): HistoryText {
  const writer = jsonlWriter(target);
  let text = '';
  for (const e of events) text += writer.event(e) + '\n';
  return { text, events: events.length, bytes: utf8Length(text) };
}

/** True when a file with this much in it should be rewritten to its bound before growing further. */
export function historyNeedsCompaction(file: { events: number; bytes: number }, limits: HistoryLimits): boolean {
  return file.events > 2 * limits.maxEvents || file.bytes > 2 * limits.maxBytes;
}

export type HistoryRead =
  | {
    ok: true;
    header?: JsonlHeader;
    /** The newest events within the limits, oldest first. */
    events: TimelineEvent[];
    /** Events the file held beyond the limits (lowered since it was written). */
    trimmed: number;
    /** The last line was cut off (the window closed while it was written) and was left out. */
    tornLine: boolean;
  }
  | { ok: false; error: string };

/** Reads a history file back; what is wrong with a damaged one, naming the line. */
export function readHistoryFile(text: string, limits: HistoryLimits): HistoryRead {
  let body = text;
  let tornLine = false;
  // Every line is written with its newline: a last line without one was cut off mid-write.
  if (body !== '' && !body.endsWith('\n')) {
    body = body.slice(0, body.lastIndexOf('\n') + 1);
    tornLine = true;
  }
  const read = importJsonl(body);
  if (!read.ok) return { ok: false, error: read.error };
  if (!read.header) return { ok: false, error: 'line 1: not a WebSocket Lab timeline (no header line)' };
  // The newest event lines that fit, walked back from the end without splitting the text again;
  // the first line is the header, blank lines are not events.
  let kept = 0;
  let bytes = 0;
  let end = body.endsWith('\n') ? body.length - 1 : body.length;
  while (kept < limits.maxEvents && end > 0) {
    const start = body.lastIndexOf('\n', end - 1) + 1;
    if (start === 0) break;
    if (end > start) {
      bytes += utf8Length(body.slice(start, end)) + 1;
      if (bytes > limits.maxBytes) break;
      kept++;
    }
    end = start - 1;
  }
  const trimmed = read.events.length - kept;
  return { ok: true, header: read.header, events: trimmed > 0 ? read.events.slice(trimmed) : read.events, trimmed, tornLine };
}

/** Bytes of `s` in UTF-8, without encoding it. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) n += 1; // a surrogate pair: 4 bytes for 2 code units
    else n += 2;
  }
  return n;
}
