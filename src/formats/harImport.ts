// Reads the WebSocket connections of a HAR as browsers and tools really write them: Chrome
// DevTools (frames in `_webSocketMessages`, error frames with opcode -1, monotonic times for a
// socket closed while connecting), Firefox (the 101 handshake, never the messages) and
// Playwright's recordHar (times in milliseconds, a failed handshake in `_failureText`).
// Only a file that is not a HAR at all is refused. An odd entry or frame is skipped or placed as
// well as it can be, and the result says what was skipped and what was guessed, and why.

import type { DecodedMessage, ErrorCategory, NewTimelineEvent as Event, TimelineEvent } from '../shared/events';
import { base64ToBytes } from '../codecs/binaryText';
import { parseJson } from '../codecs/json';
import { utf8ByteLength } from '../codecs/utf8';
import { fail, type Result } from '../shared/result';
import { describeClock, frameClock, frameTimeMs, isFrameTime, PLAUSIBLE_FROM_MS } from './harTimes';

/** One WebSocket connection found in a HAR, its events numbered from 1. */
export interface HarConversation {
  url: string;
  events: TimelineEvent[];
}

/**
 * `warnings` says, one line each, what was skipped and what was guessed
 * ("log.entries[0] (wss://h/ws): message times look monotonic…"), for the user to read.
 */
export type HarImportResult = Result<{ conversations: HarConversation[]; warnings: string[]; entries: number }>;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 60));
const DAY_MS = 86_400_000;
/** At most this many reasons are listed for an entry's skipped frames; the rest are counted. */
const LISTED = 3;

function headerList(value: unknown): Array<[string, string]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((h): Array<[string, string]> => (isObj(h) && typeof h.name === 'string' && typeof h.value === 'string' ? [[h.name, h.value]] : []));
}

const headerValue = (headers: Array<[string, string]>, name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];

/** Chrome and Playwright mark the entry; Firefox writes only a ws(s) URL and a 101 with Upgrade. */
function isWebSocketEntry(entry: Obj): boolean {
  if (entry._webSocketMessages !== undefined || entry._resourceType === 'websocket') return true;
  const request = isObj(entry.request) ? entry.request : {};
  const response = isObj(entry.response) ? entry.response : {};
  if (typeof request.url === 'string' && /^wss?:/i.test(request.url)) return true;
  return response.status === 101 && [request.headers, response.headers].some((h) => headerValue(headerList(h), 'upgrade')?.toLowerCase() === 'websocket');
}

const dateMs = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : NaN);

/** The earliest real start in the file (pages and entries): where entries without one are placed. */
function captureStart(log: Obj, entries: unknown[]): number | undefined {
  const starts = [...(Array.isArray(log.pages) ? log.pages : []), ...entries]
    .map((x) => (isObj(x) ? dateMs(x.startedDateTime) : NaN))
    .filter((t) => t >= PLAUSIBLE_FROM_MS);
  return starts.length ? Math.min(...starts) : undefined;
}

/** Our own `_decoded` field, when a HAR we exported carries a well-formed one; other tools' files never do. */
function decodedAt(value: unknown): DecodedMessage | undefined {
  if (!isObj(value) || typeof value.protocol !== 'string' || typeof value.type !== 'string' || typeof value.summary !== 'string') return undefined;
  const fields = isObj(value.fields) ? { fields: JSON.parse(JSON.stringify(value.fields)) as DecodedMessage['fields'] } : {};
  return { protocol: value.protocol, type: value.type, summary: value.summary, ...fields };
}

interface FileContext {
  creator: string;
  start: number | undefined;
}

/** One WebSocket entry to a conversation, or the reason it was skipped. Never throws. */
function readEntry(entry: Obj, at: string, file: FileContext): { conversation?: HarConversation; warnings: string[] } {
  const request = isObj(entry.request) ? entry.request : undefined;
  const url = typeof request?.url === 'string' ? request.url.trim() : '';
  if (!url) return { warnings: [`${at}: skipped, it has no request URL`] };
  const warnings: string[] = [];
  /** Guesses about time and missing parts: shown in the timeline too, as notes. */
  const notes: string[] = [];
  const warn = (m: string) => warnings.push(`${at} (${url}): ${m}`);
  const note = (m: string) => {
    notes.push(m);
    warn(`${m}; flagged`);
  };

  let frames: unknown[] = [];
  if (Array.isArray(entry._webSocketMessages)) frames = entry._webSocketMessages;
  else if (entry._webSocketMessages !== undefined) warn(`_webSocketMessages must be a list, got ${show(entry._webSocketMessages)}; its messages were left out`);

  // The frames of an entry share one clock: read its unit from the first frame with a time.
  const t0 = frames.map((f) => (isObj(f) ? f.time : undefined)).find(isFrameTime);
  const clock = t0 === undefined ? undefined : frameClock(t0);
  if (clock && clock !== 'epoch-seconds') note(describeClock(clock));

  const started = dateMs(entry.startedDateTime);
  let anchor = started;
  if (!(started >= PLAUSIBLE_FROM_MS)) {
    const firstFrame = clock && clock !== 'monotonic-seconds' && t0 !== undefined ? frameTimeMs(t0, clock, 0, t0) : undefined;
    anchor = firstFrame ?? file.start ?? 0;
    const where = firstFrame !== undefined ? 'its first message' : file.start !== undefined ? 'the start of the capture' : 'the epoch, no real time being known';
    note(`startedDateTime ${show(entry.startedDateTime)} is not a real time; the connection was placed at ${new Date(anchor).toISOString()} (${where})`);
  } else if (clock && clock !== 'monotonic-seconds' && t0 !== undefined) {
    const off = frameTimeMs(t0, clock, 0, t0) - started;
    if (Math.abs(off) > DAY_MS) note(`the first message time is ${(off / 3_600_000).toFixed(1)} hours from startedDateTime; kept as written`);
  }

  const events: Event[] = [];
  const method = typeof request?.method === 'string' && request.method ? request.method : 'GET';
  events.push({ kind: 'handshake-request', time: anchor, method, url, headers: headerList(request?.headers) });

  const skipped: string[] = [];
  let controls = 0;
  let untimed = 0;
  let last = anchor;
  const body: Event[] = [];
  frames.forEach((f, i) => {
    const path = `_webSocketMessages[${i}]`;
    if (!isObj(f)) return void skipped.push(`${path} is not an object`);
    const timed = isFrameTime(f.time) && clock !== undefined && t0 !== undefined;
    const time = timed ? frameTimeMs(f.time as number, clock, anchor, t0) : last;
    const place = (e: Event) => {
      body.push(e);
      last = time;
      if (!timed) untimed++;
    };
    // DevTools writes the socket's errors as frames: { type: "error", opcode: -1, data: message }.
    if (f.type === 'error' || f.opcode === -1) {
      const message = typeof f.data === 'string' && f.data ? f.data : 'the browser recorded a WebSocket error without a message';
      return place({ kind: 'error', time, category: 'network', message });
    }
    if (f.type !== 'send' && f.type !== 'receive') return void skipped.push(`${path}.type ${show(f.type)} is not "send", "receive" or "error"`);
    if (typeof f.data !== 'string') return void skipped.push(`${path}.data must be a string, got ${show(f.data)}`);
    if (f.opcode === 8 || f.opcode === 9 || f.opcode === 10) return void controls++;
    if (f.opcode !== 1 && f.opcode !== 2) return void skipped.push(`${path}.opcode ${show(f.opcode)} is not 1 (text) or 2 (binary)`);
    let size = utf8ByteLength(f.data);
    if (f.opcode === 2) {
      const bytes = base64ToBytes(f.data);
      if (!bytes.ok) return void skipped.push(`${path}.data is not valid base64 (opcode 2 is binary): ${bytes.error}`);
      size = bytes.bytes.length;
    }
    const decoded = decodedAt(f._decoded);
    place({
      kind: 'message', dir: f.type === 'send' ? 'out' : 'in', time,
      opcode: f.opcode === 1 ? 'text' : 'binary', size, encoding: f.opcode === 1 ? 'utf8' : 'base64', data: f.data,
      ...(decoded ? { decoded } : {}),
    });
  });
  if (skipped.length) warn(`${skipped.length} frame(s) skipped: ${skipped.slice(0, LISTED).join('; ')}${skipped.length > LISTED ? `; and ${skipped.length - LISTED} more` : ''}`);
  if (controls) warn(`${controls} control frame(s) (close, ping, pong) left out`);
  if (untimed) note(`${untimed} frame(s) have no time; each was placed at the time of the event before it`);

  const response = isObj(entry.response) ? entry.response : {};
  const status = typeof response.status === 'number' ? response.status : undefined;
  const resHeaders = headerList(response.headers);
  const firstFrameAt = body[0]?.time ?? Infinity;
  if (status !== undefined && status >= 100) {
    const timings = isObj(entry.timings) ? entry.timings : {};
    const wait = [timings.wait, entry.time].find((w): w is number => typeof w === 'number' && w >= 0 && w < DAY_MS) ?? 0;
    events.push({
      kind: 'handshake-response', time: Math.min(anchor + wait, firstFrameAt), status,
      statusText: typeof response.statusText === 'string' ? response.statusText : '',
      headers: resHeaders, acceptValid: null,
      protocol: headerValue(resHeaders, 'sec-websocket-protocol') ?? '', extensions: headerValue(resHeaders, 'sec-websocket-extensions') ?? '',
    });
  }
  events.push(...body);
  // Playwright writes a failed handshake as `_failureText`, Chrome sometimes as `_error`.
  const failure = [response._failureText, response._error].find((t): t is string => typeof t === 'string' && t !== '');
  if (failure) {
    const category: ErrorCategory = /handshake/i.test(failure) ? 'handshake-rejected' : 'network';
    events.push({ kind: 'error', time: last, category, message: failure });
  } else if ((status === undefined || status < 100) && body.length === 0) {
    warn(`no handshake response was recorded (status ${show(response.status)}): the connection did not open`);
  }
  if (entry._webSocketMessages === undefined && status === 101) {
    // Playwright's recordHar with content "attach" (its default for .zip) saves them in a side file.
    const attached = isObj(response.content) && typeof response.content._file === 'string' ? response.content._file : undefined;
    const who = file.creator ? `${file.creator}, which wrote this HAR,` : 'the tool that wrote this HAR';
    note(attached ? `handshake only: the messages were saved beside the HAR in ${attached}, which is not read` : `handshake only: ${who} did not save this connection's messages`);
  }

  // Notes go right after the handshake request, where the timeline shows them first.
  const noteEvents: Event[] = notes.map((m) => ({ kind: 'info', time: anchor, message: `Imported from a HAR: ${m}.` }));
  const all = [events[0], ...noteEvents, ...events.slice(1)];
  return { conversation: { url, events: all.map((e, i) => ({ ...e, seq: i + 1 }) as TimelineEvent) }, warnings };
}

/**
 * Reads the WebSocket connections of a HAR into timeline events: for each, the handshake request
 * (and response, when one was recorded), notes on what was guessed, then its text and binary
 * messages and its errors. Fails only when the text is not a HAR or no connection could be read.
 */
export function importHar(text: string): HarImportResult {
  const parsed = parseJson(text, 'HAR JSON');
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  if (!isObj(root)) return fail(`the HAR file must be an object with a "log", got ${show(root)}`);
  const log = root.log;
  if (!isObj(log)) return fail(`log must be an object, got ${show(log)}`);
  const entries = log.entries;
  if (!Array.isArray(entries)) return fail(`log.entries must be a list, got ${show(entries)}`);
  const creator = isObj(log.creator) && typeof log.creator.name === 'string' ? log.creator.name : '';
  const file: FileContext = { creator, start: captureStart(log, entries) };
  const conversations: HarConversation[] = [];
  const warnings: string[] = [];
  let sockets = 0;
  entries.forEach((raw, k) => {
    if (!isObj(raw)) return void warnings.push(`log.entries[${k}]: skipped, it is not an object`);
    if (!isWebSocketEntry(raw)) return;
    sockets++;
    const read = readEntry(raw, `log.entries[${k}]`, file);
    warnings.push(...read.warnings);
    if (read.conversation) conversations.push(read.conversation);
  });
  if (conversations.length === 0) {
    if (sockets === 0) return fail(`the HAR has ${entries.length} entries but no WebSocket connection (no entry is a ws:// or wss:// request, has _resourceType "websocket" or _webSocketMessages)${warnings.length ? `; ${warnings.join('; ')}` : ''}`);
    return fail(`the HAR has ${entries.length} entries but none of its ${sockets} WebSocket connection(s) could be read: ${warnings.join('; ')}`);
  }
  return { ok: true, conversations, warnings, entries: entries.length };
}
