// The codecs: how what the user types in the composer becomes the payload of one frame, and how a
// received payload can be read back as something that means more than bytes. The composer's format
// picker, the host's send path and the webview's validation as you type all read this list, so a
// new format is one entry. Raw WebSocket text, JSON, hex, base64 and MessagePack are the first
// entries; protocol adapters (Socket.IO, STOMP, MQTT…) add theirs and use `decode` to annotate
// what they receive (MessageEvent.decoded).
// Browser-safe: the webview imports it to validate as the user types.
import { Packr } from 'msgpackr';
import type { DecodedMessage } from '../shared/events';
import { COMPOSER_FORMATS, type ComposerFormat } from '../shared/connection';
import { fail, type Result } from '../shared/result';
import { base64ToBytes, hexToBytes } from './binaryText';
import { parseJson } from './json';
import { utf8ByteLength } from './utf8';

/** One frame's payload: text frames carry a string, binary frames bytes; `size` is in bytes. */
export type EncodeResult = Result<{ data: string | Uint8Array; opcode: 'text' | 'binary'; size: number }>;

export interface Codec {
  id: ComposerFormat;
  /** What the format picker shows. */
  label: string;
  /** The composer's empty-box hint. */
  placeholder: string;
  /** Composer text → one frame, or where the text is wrong. */
  encode(body: string): EncodeResult;
  /** A received payload (text, or base64 of binary) → what it means; undefined when it is not this codec's. */
  decode?(payload: { opcode: 'text' | 'binary'; data: string }): DecodedMessage | undefined;
}

// Canonical, compact MessagePack as other implementations write it: fixmap/map16 by size (not
// always map16, msgpackr's fast default) and plain maps, never msgpackr's record extension.
const packr = new Packr({ variableMapSize: true, useRecords: false });

const text: Codec = {
  id: 'text',
  label: 'Text',
  placeholder: 'Message text',
  encode: (body) => ({ ok: true, data: body, opcode: 'text', size: utf8ByteLength(body) }),
};

const json: Codec = {
  id: 'json',
  label: 'JSON',
  placeholder: '{"type": "hello"}',
  encode(body) {
    if (body.trim() === '') return fail('JSON body is empty', { position: 0 });
    const parsed = parseJson(body);
    // Sent exactly as typed: the user's spacing and key order are part of what they test.
    return parsed.ok ? { ok: true, data: body, opcode: 'text', size: utf8ByteLength(body) } : parsed;
  },
};

const bytesCodec = (id: 'hex' | 'base64', label: string, placeholder: string, parse: typeof hexToBytes): Codec => ({
  id,
  label,
  placeholder,
  encode(body) {
    const r = parse(body);
    return r.ok ? { ok: true, data: r.bytes, opcode: 'binary', size: r.bytes.length } : r;
  },
});

const msgpack: Codec = {
  id: 'msgpack',
  label: 'MessagePack',
  placeholder: 'JSON, sent as MessagePack: {"type": "hello"}',
  encode(body) {
    if (body.trim() === '') return fail('MessagePack body is empty: write the value as JSON', { position: 0 });
    const parsed = parseJson(body);
    if (!parsed.ok) return parsed;
    try {
      // Copy into a plain Uint8Array: under Node msgpackr returns a Buffer.
      const bytes = new Uint8Array(packr.pack(parsed.value));
      return { ok: true, data: bytes, opcode: 'binary', size: bytes.length };
    } catch (e) {
      return fail(`MessagePack encoding failed: ${(e as Error).message}`);
    }
  },
};

const BUILT_IN: { readonly [F in ComposerFormat]: Codec } = {
  text,
  json,
  hex: bytesCodec('hex', 'Hex', '48 65 6c 6c 6f', hexToBytes),
  base64: bytesCodec('base64', 'Base64', 'SGVsbG8=', base64ToBytes),
  msgpack,
};

/** Every codec, in the order the format picker lists them. */
export const CODECS: readonly Codec[] = COMPOSER_FORMATS.map((id) => BUILT_IN[id]);

export function codecFor(id: string): Codec | undefined {
  return Object.prototype.hasOwnProperty.call(BUILT_IN, id) ? BUILT_IN[id as ComposerFormat] : undefined;
}

/** Builds the frame for one composer message with the named codec. */
export function encodeWith(format: string, body: string): EncodeResult {
  const codec = codecFor(format);
  return codec ? codec.encode(body) : fail(`unknown composer format ${JSON.stringify(format)}`);
}
