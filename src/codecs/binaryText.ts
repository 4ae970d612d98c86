// Binary payloads written as text: hex and base64, both ways. The webview imports this (through
// payload.ts) to validate as the user types, so it must stay browser-safe: no Buffer, no
// atob/btoa, no Node built-ins. A failure says at which character of the text it happened.

import { describeChar } from './textPosition';
import type { Result } from '../shared/result';

export type BytesResult = Result<{ bytes: Uint8Array }>;

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
