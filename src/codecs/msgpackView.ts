// The MessagePack reader behind the timeline's binary view. The webview imports this (through
// payload.ts), so it must stay browser-safe: no Buffer, no Node built-ins.

import { bytesToBase64 } from './binaryText';
import type { Failure } from './textPosition';

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
