// Keeps secret values (tokens, API keys) out of everything that leaves the extension: the
// timeline, exports, logs, copy-as-code. A server that reflects a token rarely sends it back as
// it was sent, so the text is read the way a person decoding it would before it is searched:
//
//   - JSON escapes (\/ \" \\ \n… and \uXXXX in any case, surrogate pairs included) and
//     percent-encoding (%2f or %2F) are decoded, twice (JSON inside a JSON string, a
//     URL-encoded JSON value), keeping track of which characters of the original each decoded
//     byte came from, so the original spelling is what gets replaced;
//   - "+" stands for a space (form encoding);
//   - hex in lower or upper case;
//   - base64 and base64url at any alignment (the secret inside a longer base64 text, such as a
//     base64'd JSON document that wraps it), of the secret as is, JSON-escaped or URL-encoded;
//   - binary payloads are searched as bytes, with the same decoding (text inside binary frames);
//   - a message that ends with the first MIN_EDGE or more characters of a secret (a close reason
//     cut at 123 bytes, the first half of a secret split over two messages), or starts with its
//     last MIN_EDGE or more characters (the second half).
//
// What is not caught (docs/RELIABILITY.md): a secret split over messages with fewer than
// MIN_EDGE characters on one side or not at a message's edge, other encodings (base32, UTF-16,
// compression, encryption), a secret spelled with escapes inside base64.

import type { TimelineEvent } from '../shared/events';
import { base64ToBytes, bytesToBase64, bytesToHex } from '../codecs/binaryText';

export const REDACTED = '«secret»';

/** A secret cut at a message's edge is hidden when at least this many of its characters are there. */
export const MIN_EDGE = 8;

/** Base64 at another alignment is searched only when this many characters depend on the secret alone. */
const MIN_BASE64_CORE = 8;

/** Header names whose values are credentials whatever the connection marks as secret. */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
  'api-key',
]);

export function isSensitiveHeaderName(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase());
}

// ------------------------------------------------------------------ needles

interface Needle {
  value: string;
  /** Characters before / after the match that hold some bits of the secret (misaligned base64). */
  partialBefore: boolean;
  partialAfter: boolean;
}

interface Needles {
  /** Searched in text as it is (UTF-16). */
  text: Needle[];
  /** Searched in bytes and in decoded text, as Latin-1 strings of bytes. */
  bytes: Needle[];
  /** Each secret, for the edge rule: as text and as Latin-1 bytes. */
  edgeText: string[];
  edgeBytes: string[];
  /** No text shorter than this can hold anything to hide. */
  shortest: number;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Bytes as a string of U+0000..U+00FF, so the engine's own substring search can run on them. */
function latin1(bytes: Uint8Array | number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes instanceof Uint8Array ? bytes.subarray(i, i + 8192) : bytes.slice(i, i + 8192);
    out += String.fromCharCode.apply(null, chunk as number[]);
  }
  return out;
}

const whole = (value: string): Needle => ({ value, partialBefore: false, partialAfter: false });

/**
 * The base64 characters that depend on `bytes` alone when they follow `shift` other bytes
 * (0, 1 or 2: every alignment), and whether a neighbouring character also holds some of their bits.
 */
function base64Cores(bytes: Uint8Array): Needle[] {
  const out: Needle[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length);
    padded.set(bytes, shift);
    const b64 = bytesToBase64(padded).replace(/=+$/, '');
    const startBit = 8 * shift;
    const endBit = 8 * (shift + bytes.length);
    const first = Math.ceil(startBit / 6);
    const last = Math.floor(endBit / 6);
    const core = b64.slice(first, last);
    if (core.length < MIN_BASE64_CORE) continue;
    const needle = { partialBefore: startBit % 6 !== 0, partialAfter: endBit % 6 !== 0 };
    out.push({ value: core, ...needle });
    const urlSafe = core.replace(/\+/g, '-').replace(/\//g, '_');
    if (urlSafe !== core) out.push({ value: urlSafe, ...needle });
  }
  return out;
}

function needlesFor(secrets: readonly string[]): Needles | undefined {
  const list = [...new Set(secrets.filter((s) => s !== ''))];
  if (list.length === 0) return undefined;
  const text = new Map<string, Needle>();
  const bytes = new Map<string, Needle>();
  const add = (map: Map<string, Needle>, n: Needle) => {
    if (n.value !== '' && !map.has(n.value)) map.set(n.value, n);
  };
  for (const secret of list) {
    const raw = utf8(secret);
    // Form encoding writes a space as "+"; the decoded text keeps "+" as it is.
    for (const s of new Set([secret, secret.replace(/ /g, '+')])) {
      add(text, whole(s));
      add(bytes, whole(latin1(utf8(s))));
    }
    const ascii: Needle[] = [];
    const hex = bytesToHex(raw);
    ascii.push(whole(hex), whole(hex.toUpperCase()));
    const b64 = bytesToBase64(raw);
    ascii.push(whole(b64), whole(b64.replace(/=+$/, '')), whole(bytesToBase64(raw, { urlSafe: true })));
    const spellings = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
    for (const s of spellings) ascii.push(...base64Cores(utf8(s)));
    for (const n of ascii) {
      add(text, n);
      add(bytes, n);
    }
  }
  const all = [...text.values(), ...bytes.values()];
  const edgeText = list.filter((s) => s.length > MIN_EDGE);
  return {
    text: [...text.values()],
    bytes: [...bytes.values()],
    edgeText,
    edgeBytes: edgeText.map((s) => latin1(utf8(s))),
    shortest: Math.min(MIN_EDGE, ...all.map((n) => n.value.length)),
  };
}

// ------------------------------------------------------------------ searching

type Span = [from: number, to: number];

const BASE64_CHAR = /[A-Za-z0-9+/_-]/;

/** Where the needles and the secrets' edges are in `s`; `s` is text or Latin-1 bytes, as the needles are. */
function findSpans(s: string, needles: Needle[], edges: string[], spans: Span[], map?: (from: number, to: number) => Span): void {
  const push = (from: number, to: number) => spans.push(map ? map(from, to) : [from, to]);
  for (const n of needles) {
    for (let at = s.indexOf(n.value); at >= 0; at = s.indexOf(n.value, at + 1)) {
      let from = at;
      let to = at + n.value.length;
      // The character on either side of a misaligned base64 core carries a few bits of the secret.
      if (n.partialBefore && from > 0 && BASE64_CHAR.test(s[from - 1])) from--;
      if (n.partialAfter && to < s.length && BASE64_CHAR.test(s[to])) to++;
      while (n.partialAfter && to < s.length && s[to] === '=') to++;
      push(from, to);
    }
  }
  if (s.length < MIN_EDGE) return;
  // A secret cut at the end of this text (its first characters) or at the start (its last ones).
  const tail = s.slice(-MIN_EDGE);
  const head = s.slice(0, MIN_EDGE);
  for (const secret of edges) {
    for (let i = secret.indexOf(tail); i >= 0; i = secret.indexOf(tail, i + 1)) {
      const prefix = secret.slice(0, i + MIN_EDGE);
      if (s.endsWith(prefix)) push(s.length - prefix.length, s.length);
    }
    for (let i = secret.indexOf(head); i >= 0; i = secret.indexOf(head, i + 1)) {
      const suffix = secret.slice(i);
      if (s.startsWith(suffix)) push(0, suffix.length);
    }
  }
}

/** Decoded bytes, each with the span of the original it came from. */
interface Stream {
  bytes: number[];
  from: number[];
  to: number[];
}

function pushCodePoint(out: Stream, cp: number, from: number, to: number): void {
  const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  if (n === 1) out.bytes.push(cp);
  else if (n === 2) out.bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (n === 3) out.bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  for (let k = 0; k < n; k++) {
    out.from.push(from);
    out.to.push(to);
  }
}

/** UTF-8 bytes of a text, each knowing the UTF-16 span it came from. */
function textStream(text: string): Stream {
  const out: Stream = { bytes: [], from: [], to: [] };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    let end = i + 1;
    if (cp >= 0xd800 && cp < 0xdc00 && end < text.length) {
      const lo = text.charCodeAt(end);
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        end++;
      }
    }
    pushCodePoint(out, cp, i, end);
    i = end - 1;
  }
  return out;
}

function byteStream(bytes: Uint8Array): Stream {
  const from = Array.from({ length: bytes.length }, (_, i) => i);
  return { bytes: Array.from(bytes), from, to: from.map((i) => i + 1) };
}

const SIMPLE_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** The four hex digits at `i`, or -1. */
function hex4(b: number[], i: number): number {
  if (i + 4 > b.length) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const d = hexValue(b[i + k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** One round of JSON-escape and percent decoding; undefined when there was nothing to decode. */
function decodeOnce(s: Stream): Stream | undefined {
  const b = s.bytes;
  const out: Stream = { bytes: [], from: [], to: [] };
  let decoded = false;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c === 0x25 && i + 2 < b.length) {
      const hi = hexValue(b[i + 1]);
      const lo = hexValue(b[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.bytes.push(hi * 16 + lo);
        out.from.push(s.from[i]);
        out.to.push(s.to[i + 2]);
        i += 3;
        decoded = true;
        continue;
      }
    }
    if (c === 0x5c && i + 1 < b.length) {
      const e = b[i + 1];
      if (e === 0x75) {
        let cp = hex4(b, i + 2);
        let end = i + 6;
        if (cp >= 0) {
          if (cp >= 0xd800 && cp < 0xdc00 && b[end] === 0x5c && b[end + 1] === 0x75) {
            const lo = hex4(b, end + 2);
            if (lo >= 0xdc00 && lo < 0xe000) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              end += 6;
            }
          }
          pushCodePoint(out, cp, s.from[i], s.to[end - 1]);
          i = end;
          decoded = true;
          continue;
        }
      }
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out.bytes.push(simple);
        out.from.push(s.from[i]);
        out.to.push(s.to[i + 1]);
        i += 2;
        decoded = true;
        continue;
      }
    }
    out.bytes.push(c);
    out.from.push(s.from[i]);
    out.to.push(s.to[i]);
    i++;
  }
  return decoded ? out : undefined;
}

const ESCAPES = /[\\%]/;

/**
 * Spans (in the source's units) of everything to hide: `source` is the text, or the bytes as
 * Latin-1 when `bytes` is given.
 */
function spansIn(source: string, n: Needles, bytes?: Uint8Array): Span[] {
  const spans: Span[] = [];
  if (source.length < n.shortest) return spans;
  findSpans(source, bytes ? n.bytes : n.text, bytes ? n.edgeBytes : n.edgeText, spans);
  // Decoding costs a copy of the text: only when it has something to decode.
  if (!ESCAPES.test(source)) return spans;
  let stream: Stream | undefined = bytes ? byteStream(bytes) : textStream(source);
  // Twice: JSON inside a JSON string, or a URL-encoded JSON value.
  for (let round = 0; round < 2; round++) {
    stream = decodeOnce(stream);
    if (!stream) break;
    const s = stream;
    const decoded = latin1(s.bytes);
    findSpans(decoded, n.bytes, n.edgeBytes, spans, (from, to) => [s.from[from], s.to[to - 1]]);
    if (!ESCAPES.test(decoded)) break;
  }
  return spans;
}

/** The spans sorted and merged where they overlap. */
function merged(spans: Span[]): Span[] {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Span[] = [];
  for (const [from, to] of spans) {
    const last = out[out.length - 1];
    if (last && from < last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

// ------------------------------------------------------------------ redactors

/** Prepared redaction for a set of secrets: the needles are worked out once. */
export interface SecretMatcher {
  text(text: string): string;
  /** The same bytes object when nothing is hidden. */
  bytes(bytes: Uint8Array): Uint8Array;
}

export function secretMatcher(secrets: readonly string[]): SecretMatcher | undefined {
  const n = needlesFor(secrets);
  if (!n) return undefined;
  const marker = utf8(REDACTED);
  return {
    text(text) {
      const spans = spansIn(text, n);
      if (spans.length === 0) return text;
      let out = '';
      let at = 0;
      for (const [from, to] of merged(spans)) {
        out += text.slice(at, from) + REDACTED;
        at = to;
      }
      return out + text.slice(at);
    },
    bytes(bytes) {
      if (bytes.length < n.shortest) return bytes;
      const spans = spansIn(latin1(bytes), n, bytes);
      if (spans.length === 0) return bytes;
      const parts: Uint8Array[] = [];
      let at = 0;
      for (const [from, to] of merged(spans)) {
        parts.push(bytes.subarray(at, from), marker);
        at = to;
      }
      parts.push(bytes.subarray(at));
      const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
      let k = 0;
      for (const p of parts) {
        out.set(p, k);
        k += p.length;
      }
      return out;
    },
  };
}

/**
 * A function that redacts these secrets, with their spellings worked out once: for the session,
 * which redacts every event it records. Undefined when there is nothing to hide.
 */
export function secretRedactor(secrets: readonly string[]): ((text: string) => string) | undefined {
  const m = secretMatcher(secrets);
  return m ? (text) => m.text(text) : undefined;
}

/** Replaces every occurrence of each secret (in any of its usual encodings) with «secret». */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secretRedactor(secrets)?.(text) ?? text;
}

/**
 * The credentials written into a URL (ws://user:password@host): the password as typed and
 * decoded, and "user:password", whose base64 is what ws sends as Basic authorization.
 */
export function urlCredentialSecrets(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return [];
  }
  if (!u.password) return [];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return [...new Set([u.password, decode(u.password), `${decode(u.username)}:${decode(u.password)}`])];
}

/**
 * Redacts a header list: credential headers (Authorization, Cookie...) and `secretNames` lose
 * their whole value; other values have known secrets replaced.
 */
export function redactHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  secrets: readonly string[],
  secretNames: readonly string[] = [],
): Array<[string, string]> {
  return redactHeadersWith(headers, secretRedactor(secrets) ?? ((text: string) => text), secretNames);
}

function redactHeadersWith(
  headers: ReadonlyArray<readonly [string, string]>,
  redact: (text: string) => string,
  secretNames: readonly string[] = [],
): Array<[string, string]> {
  const names = new Set(secretNames.map((n) => n.toLowerCase()));
  return headers.map(([name, value]) => [name, isSensitiveHeaderName(name) || names.has(name.toLowerCase()) ? REDACTED : redact(value)]);
}

/** A copy of plain data (events, configs) with every string redacted, keys included. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const redact = secretRedactor(secrets);
  return redact ? redactDeepWith(value, redact) : value;
}

/** redactDeep with a prepared redactor. */
export function redactDeepWith<T>(value: T, redact: (text: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** Replaces each secret inside binary data (raw, escaped or encoded as text) with the bytes of «secret». */
export function redactBytes(bytes: Uint8Array, secrets: readonly string[]): Uint8Array {
  return secretMatcher(secrets)?.bytes(bytes) ?? bytes;
}

/**
 * One timeline event made safe to export. Binary payloads are redacted as bytes, so the base64
 * stays decodable and `size` stays true; headers lose credential values by name as well.
 */
export function redactEvent(event: TimelineEvent, secrets: readonly string[]): TimelineEvent {
  return eventRedactor(secrets)(event);
}

/**
 * `redactEvent` for many events: the secrets' spellings are worked out once, not per event
 * (exporting 100,000 events otherwise spends most of its time re-encoding the same secrets).
 */
export function eventRedactor(secrets: readonly string[]): (event: TimelineEvent) => TimelineEvent {
  const m = secretMatcher(secrets) ?? { text: (text: string) => text, bytes: (bytes: Uint8Array) => bytes };
  const redact = (text: string) => m.text(text);
  const deep = <T>(value: T): T => redactDeepWith(value, redact);
  return (event) => {
    if (event.kind === 'handshake-request' || event.kind === 'handshake-response') {
      return { ...deep(event), headers: redactHeadersWith(event.headers, redact) };
    }
    if (event.kind === 'message' && event.encoding === 'base64') {
      const decoded = base64ToBytes(event.data);
      if (decoded.ok) {
        const bytes = m.bytes(decoded.bytes);
        const rest = deep({ ...event, data: '' });
        return { ...rest, data: bytes === decoded.bytes ? event.data : bytesToBase64(bytes), size: bytes === decoded.bytes ? event.size : bytes.length };
      }
    }
    if (event.kind === 'message' && event.encoding === 'utf8') {
      const data = redact(event.data);
      return { ...deep(event), data, size: data === event.data ? event.size : utf8(data).length };
    }
    return deep(event);
  };
}
