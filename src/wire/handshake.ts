// The opening handshake: checks on what we are about to send (URL, headers, subprotocols), the
// secrets to hide when showing it, and the check a client must make on the answer
// (RFC 6455 §4.1, §4.2.2): the server proves it understood the WebSocket request by hashing our
// Sec-WebSocket-Key with a fixed GUID.
import { createHash } from 'node:crypto';
import { validateWebSocketUrl } from './url';
import { validateHeaderName, validateHeaderValue, validateSubprotocols } from './headers';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** base64(sha1(key + GUID)): the Sec-WebSocket-Accept value a server must answer with. */
export function computeAcceptKey(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

/** True when `accept` answers `key`; null when there is nothing to check (no key or no header). */
export function checkAcceptKey(key: string | undefined, accept: string | undefined): boolean | null {
  if (!key || accept === undefined) return null;
  return accept.trim() === computeAcceptKey(key);
}

export interface HandshakeInputs {
  url: string;
  headers: Array<[string, string]>;
  subprotocols: string[];
  secretValues?: string[];
}

/**
 * Checks what the opening handshake will carry, so a bad URL, header or subprotocol becomes a
 * sentence on the timeline instead of an exception from deep inside the HTTP client.
 */
export function checkHandshakeInputs(c: HandshakeInputs): { category: 'invalid-url' | 'other'; message: string } | undefined {
  const url = validateWebSocketUrl(c.url);
  if (!url.ok) return { category: 'invalid-url', message: `Invalid URL: ${url.error}.` };
  for (const [name, value] of c.headers) {
    const n = validateHeaderName(name);
    if (!n.ok) return { category: 'other', message: `Header "${name}": ${n.error}.` };
    const v = validateHeaderValue(value);
    if (!v.ok) return { category: 'other', message: `Header "${name}": ${v.error}.` };
  }
  const p = validateSubprotocols(c.subprotocols);
  if (!p.ok) return { category: 'other', message: `Subprotocols: ${p.error}.` };
  return undefined;
}

/** The secrets to hide on the timeline: the configured ones plus a password in the URL. */
export function secretsOf(c: HandshakeInputs): string[] {
  const secrets = (c.secretValues ?? []).filter((s) => s !== '');
  try {
    const u = new URL(c.url);
    if (u.password) secrets.push(decodeURIComponent(u.password), u.password);
    // ws turns user:password in the URL into a Basic Authorization header.
    if (u.password) secrets.push(Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64'));
  } catch {
    // an unparsable URL was already reported by checkHandshakeInputs
  }
  return secrets;
}
