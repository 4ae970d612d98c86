// How the mock server answers a client's permessage-deflate offer (RFC 7692): it accepts it, with
// window sizes no larger than the client allows, or declines it; the handshake itself never fails
// over an extension. ws given fixed options (say serverMaxWindowBits 15) refuses the whole handshake
// with 400 when an offer does not fit them (a client offering server_max_window_bits=9), which no
// browser-facing server should do: RFC 7692 §7.1.2.1 lets a server answer such an offer with a value
// no larger than the one offered, and §5 lets it decline any offer and go on uncompressed.

import type { PerMessageDeflateOptions } from 'ws';

/** The parts of a client's first permessage-deflate offer that decide whether ws accepts it. */
export interface DeflateOffer {
  serverMaxWindowBits?: number;
  /** true: offered without a value (the client can be told any size). */
  clientMaxWindowBits?: number | true;
  serverNoContextTakeover?: boolean;
}

const unquote = (v: string): string => v.trim().replace(/^"(.*)"$/, '$1');

/**
 * The first permessage-deflate offer in a Sec-WebSocket-Extensions header, read leniently: ws reads
 * the header again, strictly, and an offer it still cannot accept is declined (mockServer.ts).
 */
export function firstDeflateOffer(header: string | undefined): DeflateOffer | undefined {
  if (!header) return undefined;
  for (const offer of header.split(',')) {
    const [name, ...params] = offer.split(';');
    if (name.trim().toLowerCase() !== 'permessage-deflate') continue;
    const found: DeflateOffer = {};
    for (const param of params) {
      const eq = param.indexOf('=');
      const key = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? undefined : Number(unquote(param.slice(eq + 1)));
      if (key === 'server_max_window_bits' && value !== undefined) found.serverMaxWindowBits = value;
      else if (key === 'client_max_window_bits') found.clientMaxWindowBits = value ?? true;
      else if (key === 'server_no_context_takeover') found.serverNoContextTakeover = true;
    }
    return found;
  }
  return undefined;
}

/**
 * ws options under which ws accepts this offer: the scenario's window sizes are upper bounds,
 * lowered to what the client offered. A client that does not offer client_max_window_bits cannot be
 * limited (RFC 7692 §7.1.2.2), so the server then reads with the full 15-bit window.
 */
export function deflateOptionsFor(configured: PerMessageDeflateOptions, offer: DeflateOffer | undefined): PerMessageDeflateOptions {
  if (!offer) return configured;
  const out = { ...configured };
  const server = configured.serverMaxWindowBits;
  if (typeof server === 'number' && offer.serverMaxWindowBits !== undefined && offer.serverMaxWindowBits < server) {
    out.serverMaxWindowBits = offer.serverMaxWindowBits;
  }
  const client = configured.clientMaxWindowBits;
  if (typeof client === 'number') {
    if (offer.clientMaxWindowBits === undefined) out.clientMaxWindowBits = undefined;
    else if (offer.clientMaxWindowBits !== true && offer.clientMaxWindowBits < client) out.clientMaxWindowBits = offer.clientMaxWindowBits;
  }
  // ws reads `false` as "refuse a client that asks for it"; the scenario's false means only "not asked for".
  if (configured.serverNoContextTakeover === false && offer.serverNoContextTakeover) out.serverNoContextTakeover = undefined;
  return out;
}

/** Offers that need the same ws options share one WebSocketServer. */
export function deflateOptionsKey(o: PerMessageDeflateOptions): string {
  return `${String(o.serverMaxWindowBits)}/${String(o.clientMaxWindowBits)}/${String(o.serverNoContextTakeover)}`;
}
