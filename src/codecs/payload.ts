// Turns what the user typed in the composer into the bytes of one WebSocket frame. The formats
// themselves live in their own files (json.ts, binaryText.ts, msgpackView.ts, textPosition.ts);
// this file re-exports them so importers keep one entry point for payload text.
// The webview imports this file to validate as the user types, so it must stay browser-safe:
// no Buffer, no atob/btoa, no Node built-ins. Every failure is returned with the exact place
// it happened (string offset, line:column, or byte offset), never thrown.

import { Packr } from 'msgpackr';
import type { ComposerFormat } from '../shared/connection';
import { base64ToBytes, hexToBytes } from './binaryText';
import { parseJson } from './json';
import type { Failure } from './textPosition';

export { describeChar, locate, type Failure, type TextLocation } from './textPosition';
export { findJsonError, formatJson, parseJson, type JsonResult } from './json';
export { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, type BytesResult } from './binaryText';
export { decodeMessagePack } from './msgpackView';

// Canonical, compact MessagePack as other implementations write it: fixmap/map16 by size (not
// always map16, msgpackr's fast default) and plain maps, never msgpackr's record extension.
const packr = new Packr({ variableMapSize: true, useRecords: false });

export type EncodeResult =
  | { ok: true; data: string | Uint8Array; opcode: 'text' | 'binary'; size: number }
  | Failure;

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
