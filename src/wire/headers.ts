// Rules for the handshake headers and subprotocols a user adds to a connection.
// Browser-safe (the connection editor shows these messages next to the field).

import type { HeaderEntry } from '../shared/connection';

import type { Result } from '../shared/result';

type CheckResult = Result;
export type HeaderListResult = { ok: true } | { ok: false; error: string; index: number; field: 'name' | 'value'; position?: number };

// RFC 7230 §3.2.6 tchar: the characters allowed in a token (header names, subprotocol names).
const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;

/**
 * Headers the WebSocket client writes itself. Setting them by hand would break the handshake
 * (a wrong key makes Sec-WebSocket-Accept fail) or contradict another setting.
 * Host is deliberately allowed: Node lets a client override it, which is how you reach a
 * virtual host through an IP address or a tunnel (browsers cannot).
 */
const MANAGED: Readonly<Record<string, string>> = {
  'sec-websocket-key': 'the client generates a fresh random key for every handshake',
  'sec-websocket-version': 'the client always sends version 13 (RFC 6455)',
  'sec-websocket-accept': 'it is a response header: the server computes it from the key',
  'sec-websocket-extensions': 'use the "per-message deflate" setting instead',
  'sec-websocket-protocol': 'add the values to the subprotocols list instead',
  connection: 'the client sends "Connection: Upgrade" itself',
  upgrade: 'the client sends "Upgrade: websocket" itself',
  'content-length': 'the handshake is a GET request without a body',
  'transfer-encoding': 'the handshake is a GET request without a body',
};

function checkToken(text: string, what: string): CheckResult {
  if (text === '') return { ok: false, error: `${what} is empty` };
  for (let i = 0; i < text.length; i++) {
    if (!TCHAR.test(text[i])) {
      const ch = text.charCodeAt(i) < 0x21 || text.charCodeAt(i) > 0x7e ? `U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}` : `'${text[i]}'`;
      return {
        ok: false,
        error: `${what} '${text}' has ${ch} at position ${i}; only letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ are allowed`,
        position: i,
      };
    }
  }
  return { ok: true };
}

/** A header name must be an RFC 7230 token and not one the client manages. */
export function validateHeaderName(name: string): CheckResult {
  const token = checkToken(name, 'header name');
  if (!token.ok) return token;
  const managed = MANAGED[name.toLowerCase()];
  if (managed) return { ok: false, error: `${name} cannot be set by hand: ${managed}` };
  return { ok: true };
}

/**
 * A header value may not contain CR, LF or NUL (they would end or corrupt the header: header
 * injection). Node also refuses other control characters and anything past U+00FF.
 */
export function validateHeaderValue(value: string): CheckResult {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    if (c === 13 || c === 10 || c === 0) {
      const name = c === 13 ? 'carriage return (CR)' : c === 10 ? 'line feed (LF)' : 'NUL';
      return { ok: false, error: `header value has a ${name} at position ${i}: line breaks would end the header`, position: i };
    }
    if ((c < 0x20 && c !== 9) || c === 0x7f) {
      return { ok: false, error: `header value has control character ${hex} at position ${i}`, position: i };
    }
    if (c > 0xff) {
      return { ok: false, error: `header value has '${String.fromCodePoint(value.codePointAt(i) ?? c)}' (${hex}) at position ${i}: HTTP headers carry only Latin-1, percent-encode it`, position: i };
    }
  }
  return { ok: true };
}

/** Checks the enabled headers of a connection; the error names the header's index and name. */
export function validateHeaders(headers: HeaderEntry[]): HeaderListResult {
  for (let index = 0; index < headers.length; index++) {
    const h = headers[index];
    if (h.enabled === false) continue;
    const name = validateHeaderName(h.name);
    if (!name.ok) return { ...name, error: `header at index ${index}: ${name.error}`, index, field: 'name' };
    // A secret's value lives in SecretStorage; the host checks it when it fills it in.
    if (h.secret && h.value === '') continue;
    const value = validateHeaderValue(h.value);
    if (!value.ok) return { ...value, error: `header at index ${index} (${h.name}): ${value.error}`, index, field: 'value' };
  }
  return { ok: true };
}

/** Subprotocols are offered in order; each is a token, and the same one twice is refused by servers and `ws`. */
export function validateSubprotocols(list: string[]): CheckResult & { index?: number } {
  const seen = new Map<string, number>();
  for (let index = 0; index < list.length; index++) {
    const p = list[index];
    const token = checkToken(p, `subprotocol at index ${index}`);
    if (!token.ok) return { ...token, index };
    const first = seen.get(p);
    if (first !== undefined) {
      return { ok: false, error: `subprotocol '${p}' is listed twice (index ${first} and index ${index})`, index };
    }
    seen.set(p, index);
  }
  return { ok: true };
}
