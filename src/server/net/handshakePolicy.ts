// Decides, from the HTTP upgrade request alone, whether a handshake is accepted and which
// subprotocol is selected. Refusals carry the status, headers and body the client will see.

import type { IncomingMessage } from 'node:http';
import type { Scenario } from '../scenario/scenarioTypes';

export const DEFAULT_MAX_CONNECTIONS = 1000;
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

export interface Refusal {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Short reason for the timeline, e.g. "401 missing token". */
  detail: string;
}

export interface HandshakeCounters {
  /** 1-based number of this handshake attempt on this server. */
  attempt: number;
  open: number;
  openFromIp: number;
}

function refusal(status: number, body: object | string, detail: string, headers?: Record<string, string>): Refusal {
  return { status, body: typeof body === 'string' ? body : JSON.stringify(body), detail: `${status} ${detail}`, headers };
}

export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return [];
  return header.split(',').map((p) => p.trim()).filter(Boolean);
}

function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1].trim();
}

/** The token the client presented, through any of the allowed ways; undefined when none. */
function presentedToken(req: IncomingMessage, via: string[]): string | undefined {
  if (via.includes('header')) {
    const t = bearerToken(req);
    if (t !== undefined) return t;
  }
  if (via.includes('query')) {
    const t = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    if (t !== null) return t;
  }
  if (via.includes('subprotocol')) {
    const p = offeredProtocols(req).find((x) => x.startsWith('auth.'));
    if (p) return p.slice('auth.'.length);
  }
  return undefined;
}

export function checkHandshake(req: IncomingMessage, scenario: Scenario, counters: HandshakeCounters): Refusal | undefined {
  const limits = scenario.limits ?? {};
  const hs = scenario.handshake ?? {};
  const maxConnections = limits.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  if (counters.open >= maxConnections) {
    return refusal(503, { error: 'too many connections', limit: maxConnections }, 'too many connections', { 'Retry-After': '1' });
  }
  if (limits.maxConnectionsPerIp !== undefined && counters.openFromIp >= limits.maxConnectionsPerIp) {
    return refusal(429, { error: 'too many connections from your address', limit: limits.maxConnectionsPerIp }, 'too many connections from this IP');
  }
  if (hs.refuse && counters.attempt % (hs.refuse.every ?? 1) === 0) {
    const headers: Record<string, string> = {};
    if (hs.refuse.retryAfterSeconds !== undefined) headers['Retry-After'] = String(hs.refuse.retryAfterSeconds);
    const body = hs.refuse.body ?? { error: 'handshake refused by the scenario' };
    return refusal(hs.refuse.status, body, 'refused by scenario', headers);
  }
  const origin = req.headers.origin;
  if (hs.origins && origin !== undefined && !hs.origins.includes(origin)) {
    return refusal(403, { error: 'origin not allowed', origin, allowed: hs.origins }, `origin ${origin} not allowed`);
  }
  if (hs.auth) {
    const token = presentedToken(req, hs.auth.via ?? ['header', 'query', 'subprotocol']);
    if (token === undefined) return refusal(401, { error: 'missing token' }, 'missing token', { 'WWW-Authenticate': 'Bearer realm="websocket-lab"' });
    if (token !== hs.auth.token) return refusal(403, { error: 'invalid token' }, 'invalid token');
  }
  if (hs.requireSubprotocol && !(hs.subprotocols ?? []).some((p) => offeredProtocols(req).includes(p))) {
    return refusal(400, { error: 'no supported subprotocol offered', offered: offeredProtocols(req), supported: hs.subprotocols ?? [] }, 'no supported subprotocol');
  }
  return undefined;
}

/**
 * The server's choice: the first of its own subprotocols (preference order) that the client
 * offered. An `auth.<token>` protocol is echoed when nothing else fits, because browsers and
 * `ws` fail a handshake that offered protocols and got none back.
 */
export function selectProtocol(offered: string[], scenario: Scenario): string | false {
  const supported = scenario.handshake?.subprotocols ?? [];
  const chosen = supported.find((p) => offered.includes(p));
  if (chosen) return chosen;
  if (scenario.handshake?.auth) {
    const authProtocol = offered.find((p) => p.startsWith('auth.'));
    if (authProtocol) return authProtocol;
  }
  return false;
}
