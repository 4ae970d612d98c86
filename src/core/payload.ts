// Turns what the user typed in the composer into the bytes of one WebSocket frame, and back.
// The webview imports this file to validate as the user types, so it must stay browser-safe:
// no Buffer, no atob/btoa, no Node built-ins. Every failure is returned with the exact place
// it happened (string offset, line:column, or byte offset), never thrown.

import { Packr } from 'msgpackr';

// Canonical, compact MessagePack as other implementations write it: fixmap/map16 by size (not
// always map16, msgpackr's fast default) and plain maps, never msgpackr's record extension.
const packr = new Packr({ variableMapSize: true, useRecords: false });
import type { ComposerFormat } from '../shared/connection';

export type Failure = { ok: false; error: string; position?: number; line?: number; column?: number };

export type EncodeResult =
  | { ok: true; data: string | Uint8Array; opcode: 'text' | 'binary'; size: number }
  | Failure;

export type BytesResult = { ok: true; bytes: Uint8Array } | Failure;

/** A spot in a text: `offset` is a UTF-16 index (what JS and VS Code columns count), line/column are 1-based. */
export interface TextLocation {
  offset: number;
  line: number;
  column: number;
}

// ------------------------------------------------------------------ UTF-8

/**
 * Bytes this string takes as UTF-8, without encoding it. Lone surrogates count 3 bytes because
 * TextEncoder (and so every WebSocket library) sends them as U+FFFD.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Line and column (1-based) of a UTF-16 offset; \r\n, \n and \r all end a line, as in VS Code. */
export function locate(text: string, offset: number): TextLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** How a character is named in messages: 'x' when printable, U+XXXX otherwise. */
export function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the text';
  const cp = text.codePointAt(offset) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp === 0xfeff) return `${hex} (a byte order mark)`;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) return hex;
  return `'${String.fromCodePoint(cp)}'`;
}

// ------------------------------------------------------------------ JSON

export type JsonResult =
  | { ok: true; value: unknown }
  | (Failure & { position: number; line: number; column: number; /** The message without its location. */ problem: string });

/**
 * JSON.parse with an exact error location. V8's messages differ between versions and some carry
 * no position at all, so on failure a small scanner finds the first character that cannot be
 * part of valid JSON (the same place V8 stops when it does report a position).
 */
export function parseJson(text: string, what = 'JSON'): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const found = findJsonError(text) ?? { offset: 0, problem: 'not valid JSON' };
    const at = locate(text, found.offset);
    return {
      ok: false,
      error: `${what} error at line ${at.line}, column ${at.column} (offset ${at.offset}): ${found.problem}`,
      position: at.offset,
      line: at.line,
      column: at.column,
      problem: found.problem,
    };
  }
}

/** The first syntax error in `text`, or undefined when it is valid JSON (RFC 8259, as JSON.parse reads it). */
export function findJsonError(s: string): { offset: number; problem: string } | undefined {
  const n = s.length;
  let i = 0;
  const stack: string[] = [];
  let expectValue = true;
  const fail = (offset: number, problem: string) => ({ offset, problem });
  const skipWs = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const isDigit = (k: number) => k < n && s[k] >= '0' && s[k] <= '9';
  const digits = () => {
    while (isDigit(i)) i++;
  };

  const scanString = (): { offset: number; problem: string } | undefined => {
    const start = i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        i++;
        if (i >= n) break;
        if ('"\\/bfnrt'.includes(s[i])) i++;
        else if (s[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(s[i + k] ?? '')) {
              return fail(i + k, `\\u must be followed by 4 hex digits, found ${describeChar(s, i + k)}`);
            }
          }
          i += 5;
        } else return fail(i, `invalid escape '\\${s[i]}' (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
        continue;
      }
      if (c < 0x20) return fail(i, `control character ${describeChar(s, i)} inside a string must be escaped`);
      i++;
    }
    const at = locate(s, start);
    return fail(n, `unterminated string (opened at line ${at.line}, column ${at.column})`);
  };

  // After '{' or ',' inside an object: a "key" followed by ':'.
  const scanKey = (): { offset: number; problem: string } | undefined => {
    skipWs();
    if (s[i] === '}') return fail(i, "trailing comma: JSON does not allow ',' before '}'");
    if (s[i] !== '"') return fail(i, `expected a property name in double quotes, found ${describeChar(s, i)}`);
    const e = scanString();
    if (e) return e;
    skipWs();
    if (s[i] !== ':') return fail(i, `expected ':' after the property name, found ${describeChar(s, i)}`);
    i++;
    return undefined;
  };

  for (;;) {
    skipWs();
    if (expectValue) {
      const c = s[i];
      if (i >= n) return fail(i, 'expected a value, but the text ends here');
      if (c === '{' || c === '[') {
        i++;
        skipWs();
        if (s[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
          continue;
        }
        stack.push(c);
        if (c === '{') {
          const e = scanKey();
          if (e) return e;
        }
        continue;
      }
      if (c === '"') {
        const e = scanString();
        if (e) return e;
      } else if (c === '-' || isDigit(i)) {
        if (c === '-') i++;
        if (!isDigit(i)) return fail(i, `expected a digit after '-', found ${describeChar(s, i)}`);
        if (s[i] === '0') {
          i++;
          if (isDigit(i)) return fail(i, 'numbers cannot have leading zeros');
        } else digits();
        if (s[i] === '.') {
          i++;
          if (!isDigit(i)) return fail(i, `expected a digit after the decimal point, found ${describeChar(s, i)}`);
          digits();
        }
        if (s[i] === 'e' || s[i] === 'E') {
          i++;
          if (s[i] === '+' || s[i] === '-') i++;
          if (!isDigit(i)) return fail(i, `expected a digit in the exponent, found ${describeChar(s, i)}`);
          digits();
        }
      } else {
        const word = ['true', 'false', 'null'].find((w) => w[0] === c);
        if (!word) {
          return fail(i, `expected a value (object, array, string, number, true, false or null), found ${describeChar(s, i)}`);
        }
        for (let k = 0; k < word.length; k++, i++) {
          if (s[i] !== word[k]) return fail(i, `expected '${word}', found ${describeChar(s, i)}`);
        }
      }
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i >= n ? undefined : fail(i, `unexpected ${describeChar(s, i)} after the end of the JSON value`);
    const close = top === '{' ? '}' : ']';
    if (s[i] === ',') {
      i++;
      if (top === '{') {
        const e = scanKey();
        if (e) return e;
      } else {
        skipWs();
        if (s[i] === ']') return fail(i, "trailing comma: JSON does not allow ',' before ']'");
      }
      expectValue = true;
    } else if (s[i] === close) {
      stack.pop();
      i++;
    } else {
      const after = top === '{' ? 'a property value' : 'an array element';
      return fail(i, `expected ',' or '${close}' after ${after}, found ${describeChar(s, i)}`);
    }
  }
}

/**
 * Pretty-prints or minifies JSON by re-spacing its tokens, not by JSON.parse + stringify: that
 * would silently round big integers (12345678901234567890) and drop duplicate keys the user typed.
 */
export function formatJson(body: string, mode: 'pretty' | 'minify'): { ok: true; text: string } | Failure {
  const parsed = parseJson(body);
  if (!parsed.ok) return parsed;
  let out = '';
  let depth = 0;
  const newline = () => (mode === 'pretty' ? '\n' + '  '.repeat(depth) : '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') {
      const start = i++;
      while (body[i] !== '"') i += body[i] === '\\' ? 2 : 1;
      out += body.slice(start, i + 1);
    } else if (c === '{' || c === '[') {
      const j = skipJsonWs(body, i + 1);
      if (body[j] === (c === '{' ? '}' : ']')) {
        out += c + body[j];
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') out += ',' + newline();
    else if (c === ':') out += mode === 'pretty' ? ': ' : ':';
    else if (!' \t\r\n'.includes(c)) out += c;
  }
  return { ok: true, text: out };
}

function skipJsonWs(s: string, i: number): number {
  while (i < s.length && ' \t\r\n'.includes(s[i])) i++;
  return i;
}

// ------------------------------------------------------------------ hex

/**
 * Reads hex such as "de ad be ef", "0xDE 0xAD", "de:ad:be:ef" or "DE-AD-BE-EF". Whitespace,
 * ':' and '-' separate groups; a group may start with 0x. Empty input is an empty binary frame.
 */
export function hexToBytes(text: string): BytesResult {
  const nibbles: number[] = [];
  let lastDigitAt = 0;
  let groupStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ':' || c === '-' || /\s/.test(c)) {
      groupStart = true;
      continue;
    }
    if (groupStart && c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
      if (!/[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
        return { ok: false, error: `'0x' at position ${i} must be followed by hex digits`, position: i };
      }
      i++;
      groupStart = false;
      continue;
    }
    const v = parseInt(c, 16);
    if (Number.isNaN(v) || !/[0-9a-fA-F]/.test(c)) {
      return { ok: false, error: `${describeChar(text, i)} at position ${i} is not a hex digit (0-9, a-f)`, position: i };
    }
    nibbles.push(v);
    lastDigitAt = i;
    groupStart = false;
  }
  if (nibbles.length % 2 === 1) {
    return {
      ok: false,
      error: `hex has ${nibbles.length} digits, an odd number: every byte takes two digits (write 0f, not f)`,
      position: lastDigitAt,
    };
  }
  const bytes = new Uint8Array(nibbles.length / 2);
  for (let b = 0; b < bytes.length; b++) bytes[b] = (nibbles[2 * b] << 4) | nibbles[2 * b + 1];
  return { ok: true, bytes };
}

/** Lower-case hex, bytes separated by `separator` (none by default). */
export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(separator);
}

// ------------------------------------------------------------------ base64

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Map<string, number>([...B64].map((c, i) => [c, i]));
B64_VALUE.set('-', 62); // url-safe alphabet (RFC 4648 §5)
B64_VALUE.set('_', 63);

/** Decodes standard or url-safe base64; whitespace (line wrapping) is ignored, padding is optional. */
export function base64ToBytes(text: string): BytesResult {
  const values: number[] = [];
  let lastDataAt = 0;
  let padAt = -1;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) continue;
    if (c === '=') {
      if (padAt < 0) padAt = i;
      pads++;
      continue;
    }
    const v = B64_VALUE.get(c);
    if (v === undefined) {
      return { ok: false, error: `${describeChar(text, i)} at position ${i} is not a base64 character (A-Z a-z 0-9 + / or - _)`, position: i };
    }
    if (padAt >= 0) {
      return { ok: false, error: `${describeChar(text, i)} at position ${i} comes after '=' padding: padding may only end the text`, position: i };
    }
    values.push(v);
    lastDataAt = i;
  }
  const rest = values.length % 4;
  if (rest === 1) {
    return {
      ok: false,
      error: `base64 has ${values.length} characters; the last group has a single character, which cannot encode a byte (truncated?)`,
      position: lastDataAt,
    };
  }
  const expectedPads = rest === 0 ? 0 : 4 - rest;
  if (pads > 0 && pads !== expectedPads) {
    return {
      ok: false,
      error: `bad base64 padding at position ${padAt}: ${values.length} characters need ${expectedPads === 0 ? 'no' : expectedPads} '=', found ${pads}`,
      position: padAt,
    };
  }
  const bytes = new Uint8Array(Math.floor((values.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let out = 0;
  for (const v of values) {
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, bytes };
}

/** Standard base64 with padding, or url-safe without padding (as JWTs and URLs use it). */
export function bytesToBase64(bytes: Uint8Array, options: { urlSafe?: boolean } = {}): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < 4; k++) out += k < chars ? B64[(n >> (18 - 6 * k)) & 63] : '=';
  }
  return options.urlSafe ? out.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : out;
}

// ------------------------------------------------------------------ the composer

/** Builds the frame for one composer message; `size` is the payload length in bytes. */
export function encodeComposerPayload(format: ComposerFormat, body: string): EncodeResult {
  switch (format) {
    case 'text':
      return { ok: true, data: body, opcode: 'text', size: utf8ByteLength(body) };
    case 'json': {
      if (body.trim() === '') return { ok: false, error: 'JSON body is empty', position: 0 };
      const parsed = parseJson(body);
      // Sent exactly as typed: the user's spacing and key order are part of what they test.
      return parsed.ok ? { ok: true, data: body, opcode: 'text', size: utf8ByteLength(body) } : parsed;
    }
    case 'hex':
    case 'base64': {
      const r = format === 'hex' ? hexToBytes(body) : base64ToBytes(body);
      return r.ok ? { ok: true, data: r.bytes, opcode: 'binary', size: r.bytes.length } : r;
    }
    case 'msgpack': {
      if (body.trim() === '') return { ok: false, error: 'MessagePack body is empty: write the value as JSON', position: 0 };
      const parsed = parseJson(body);
      if (!parsed.ok) return parsed;
      try {
        // Copy into a plain Uint8Array: under Node msgpackr returns a Buffer.
        const bytes = new Uint8Array(packr.pack(parsed.value));
        return { ok: true, data: bytes, opcode: 'binary', size: bytes.length };
      } catch (e) {
        return { ok: false, error: `MessagePack encoding failed: ${(e as Error).message}` };
      }
    }
    default:
      return { ok: false, error: `unknown composer format ${JSON.stringify(format)}` };
  }
}

// ------------------------------------------------------------------ MessagePack -> JSON

/**
 * Shows a binary MessagePack message as JSON text. A small reader of our own rather than
 * msgpackr.unpack: it reports the byte offset of a problem (msgpackr does not) and shows
 * extension types as data instead of turning them into Dates, Sets or errors.
 * bin -> {"$binary": base64}, ext -> {"$ext": type, "data": base64}; integers past 2^53 keep all digits.
 */
export function decodeMessagePack(bytes: Uint8Array): { ok: true; json: string } | Failure {
  if (bytes.length === 0) return { ok: false, error: 'the message is empty: no MessagePack value', position: 0 };
  const reader = new MsgpackReader(bytes);
  try {
    const value = reader.read(0);
    if (reader.pos < bytes.length) {
      const extra = bytes.length - reader.pos;
      return {
        ok: false,
        error: `the MessagePack value ends at byte ${reader.pos} but the message has ${bytes.length} bytes (${extra} left over)`,
        position: reader.pos,
      };
    }
    return { ok: true, json: toJsonText(value, '') };
  } catch (e) {
    if (e instanceof MsgpackError) return { ok: false, error: e.message, position: e.offset };
    return { ok: false, error: `not valid MessagePack: ${(e as Error).message}` };
  }
}

class MsgpackError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Raw JSON number text, so 64-bit integers are shown exactly. */
class RawNumber {
  constructor(readonly text: string) {}
}

const MAX_DEPTH = 500;

class MsgpackReader {
  pos = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(count: number, what: string, start: number): number {
    if (this.pos + count > this.bytes.length) {
      const missing = this.pos + count - this.bytes.length;
      throw new MsgpackError(
        `MessagePack data ends at byte ${this.bytes.length} inside ${what} that starts at byte ${start} (${missing} more byte${missing === 1 ? '' : 's'} needed)`,
        this.bytes.length,
      );
    }
    const at = this.pos;
    this.pos += count;
    return at;
  }

  private uint(size: 1 | 2 | 4, what: string, start: number): number {
    const at = this.need(size, what, start);
    return size === 1 ? this.view.getUint8(at) : size === 2 ? this.view.getUint16(at) : this.view.getUint32(at);
  }

  private int64(signed: boolean, start: number): number | RawNumber {
    const at = this.need(8, 'a 64-bit integer', start);
    const big = signed ? this.view.getBigInt64(at) : this.view.getBigUint64(at);
    const asNumber = Number(big);
    return Number.isSafeInteger(asNumber) ? asNumber : new RawNumber(big.toString());
  }

  private blob(length: number, what: string, start: number): Uint8Array {
    const at = this.need(length, what, start);
    return this.bytes.subarray(at, at + length);
  }

  read(depth: number): unknown {
    const start = this.pos;
    if (depth > MAX_DEPTH) throw new MsgpackError(`MessagePack nesting deeper than ${MAX_DEPTH} levels at byte ${start}`, start);
    const t = this.uint(1, 'a value', start);
    if (t <= 0x7f) return t;
    if (t >= 0xe0) return t - 0x100;
    if ((t & 0xf0) === 0x80) return this.map(t & 0x0f, depth, start);
    if ((t & 0xf0) === 0x90) return this.array(t & 0x0f, depth, start);
    if ((t & 0xe0) === 0xa0) return this.str(t & 0x1f, start);
    switch (t) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: case 0xc5: case 0xc6: {
        const len = this.uint(([1, 2, 4] as const)[t - 0xc4], 'a bin length', start);
        return { $binary: bytesToBase64(this.blob(len, `a bin of ${len} bytes`, start)) };
      }
      case 0xc7: case 0xc8: case 0xc9: {
        const len = this.uint(([1, 2, 4] as const)[t - 0xc7], 'an ext length', start);
        return this.ext(len, start);
      }
      case 0xca: return this.view.getFloat32(this.need(4, 'a float32', start));
      case 0xcb: return this.view.getFloat64(this.need(8, 'a float64', start));
      case 0xcc: return this.uint(1, 'a uint8', start);
      case 0xcd: return this.uint(2, 'a uint16', start);
      case 0xce: return this.uint(4, 'a uint32', start);
      case 0xcf: return this.int64(false, start);
      case 0xd0: return this.view.getInt8(this.need(1, 'an int8', start));
      case 0xd1: return this.view.getInt16(this.need(2, 'an int16', start));
      case 0xd2: return this.view.getInt32(this.need(4, 'an int32', start));
      case 0xd3: return this.int64(true, start);
      case 0xd4: case 0xd5: case 0xd6: case 0xd7: case 0xd8: return this.ext(1 << (t - 0xd4), start);
      case 0xd9: case 0xda: case 0xdb: return this.str(this.uint(([1, 2, 4] as const)[t - 0xd9], 'a str length', start), start);
      case 0xdc: case 0xdd: return this.array(this.uint(t === 0xdc ? 2 : 4, 'an array length', start), depth, start);
      case 0xde: case 0xdf: return this.map(this.uint(t === 0xde ? 2 : 4, 'a map length', start), depth, start);
      default: // 0xc1 is the only byte the format never uses
        throw new MsgpackError(`byte 0xc1 at offset ${start} is never used in MessagePack`, start);
    }
  }

  private str(len: number, start: number): string {
    return new TextDecoder().decode(this.blob(len, `a str of ${len} bytes`, start));
  }

  private ext(len: number, start: number): unknown {
    const type = this.view.getInt8(this.need(1, 'an ext type', start));
    return { $ext: type, data: bytesToBase64(this.blob(len, `an ext of ${len} bytes`, start)) };
  }

  private array(count: number, depth: number, start: number): unknown[] {
    const out: unknown[] = [];
    for (let k = 0; k < count; k++) {
      if (this.pos >= this.bytes.length) this.need(1, `element ${k} of an array of ${count}`, start);
      out.push(this.read(depth + 1));
    }
    return out;
  }

  private map(count: number, depth: number, start: number): Array<[string, unknown]> & { isMap: true } {
    const entries = [] as unknown as Array<[string, unknown]> & { isMap: true };
    entries.isMap = true;
    for (let k = 0; k < count; k++) {
      if (this.pos >= this.bytes.length) this.need(1, `entry ${k} of a map of ${count}`, start);
      const key = this.read(depth + 1);
      // JSON keys are strings: other keys are shown as their JSON text (1 -> "1").
      entries.push([typeof key === 'string' ? key : toJsonText(key, ''), this.read(depth + 1)]);
    }
    return entries;
  }
}

function toJsonText(value: unknown, indent: string): string {
  const inner = indent + '  ';
  if (value instanceof RawNumber) return value.text;
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (Array.isArray(value) && (value as { isMap?: boolean }).isMap) {
    const entries = value as Array<[string, unknown]>;
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJsonText(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + toJsonText(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    return toJsonText(Object.assign(Object.entries(value), { isMap: true }), indent);
  }
  return JSON.stringify(value);
}
