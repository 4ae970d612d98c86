// Turns what the user typed in the composer into the bytes of one WebSocket frame. The formats
// are the codecs of registry.ts; the parsers live in their own files (json.ts, binaryText.ts,
// msgpackView.ts, textPosition.ts). This file re-exports them so importers keep one entry point
// for payload text. The webview imports it to validate as the user types, so it stays
// browser-safe. Every failure is returned with the exact place it happened, never thrown.

import type { ComposerFormat } from '../shared/connection';
import { encodeWith, type EncodeResult } from './registry';

export { describeChar, locate, type Failure, type TextLocation } from './textPosition';
export { findJsonError, formatJson, parseJson, type JsonResult } from './json';
export { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes, type BytesResult } from './binaryText';
export { decodeMessagePack } from './msgpackView';
export { utf8ByteLength } from './utf8';
export type { EncodeResult } from './registry';

/** Builds the frame for one composer message; `size` is the payload length in bytes. */
export function encodeComposerPayload(format: ComposerFormat, body: string): EncodeResult {
  return encodeWith(format, body);
}
