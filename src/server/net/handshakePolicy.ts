// Decides, from the HTTP upgrade request alone, whether a handshake is accepted and which
// subprotocol is selected. Refusals carry the status, headers and body the client will see.

import type { IncomingMessage } from 'node:http';
import type { Scenario } from '../scenario/scenarioTypes';
import type { AccessPolicy } from './accessPolicy';
import { parseRequestTarget, showTarget } from './requestTarget';
import { limitsFor } from './socketLimits';

export { DEFAULT_MAX_CONNECTIONS } from './socketLimits';
/**
 * ws's own default maxPayload (100 MiB), which is also the client's default maxMessageSize: a mock
 * server must accept what a real `ws` server accepts unless its scenario (limits.maxMessageBytes) or
 * `--max-message-size` says otherwise. Memory stays bounded elsewhere: ws refuses a longer message
 * from its header, before reading it; in VS Code a server runs in a worker with its own heap limit;
 * templates render at most 16 MiB unless limits.maxMessageBytes is set (scenarioRuntime.ts).
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

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

/** Who is asking, and what this server allows. */
export interface HandshakePeer {
  /** The client's address (its per-address caps depend on whether it is this machine). */
  ip: string;
  access: AccessPolicy;
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
function presentedToken(req: IncomingMessage, query: URLSearchParams, via: string[]): string | undefined {
  if (via.includes('header')) {
    const t = bearerToken(req);
    if (t !== undefined) return t;
  }
  if (via.includes('query')) {
    const t = query.get('token');
    if (t !== null) return t;
  }
  if (via.includes('subprotocol')) {
    const p = offeredProtocols(req).find((x) => x.startsWith('auth.'));
    if (p) return p.slice('auth.'.length);
  }
  return undefined;
}

export function checkHandshake(req: IncomingMessage, scenario: Scenario, counters: HandshakeCounters, peer: HandshakePeer): Refusal | undefined {
  const hs = scenario.handshake ?? {};
  const target = parseRequestTarget(req.url);
  if (!target.ok) return refusal(400, { error: target.error }, 'malformed request target');
  const { host, origin } = req.headers;
  if (!peer.access.hostAllowed(host)) {
    return refusal(421, hostRefusalBody(host ?? '', peer.access), `host "${showTarget(host ?? '')}" not allowed`);
  }
  if (!peer.access.originAllowed(origin)) {
    return refusal(403, { error: 'origin not allowed', origin, allowed: peer.access.allowedOrigins }, `origin "${showTarget(origin ?? '')}" not allowed`);
  }
  const caps = limitsFor(scenario.limits, peer.ip);
  if (counters.open >= caps.maxConnections) {
    return refusal(503, { error: 'too many connections', limit: caps.maxConnections }, 'too many connections', { 'Retry-After': '1' });
  }
  if (caps.maxConnectionsPerIp !== undefined && counters.openFromIp >= caps.maxConnectionsPerIp) {
    return refusal(429, { error: 'too many connections from your address', limit: caps.maxConnectionsPerIp }, 'too many connections from this IP');
  }
  if (hs.refuse && counters.attempt % (hs.refuse.every ?? 1) === 0) {
    const headers: Record<string, string> = {};
    if (hs.refuse.retryAfterSeconds !== undefined) headers['Retry-After'] = String(hs.refuse.retryAfterSeconds);
    const body = hs.refuse.body ?? { error: 'handshake refused by the scenario' };
    return refusal(hs.refuse.status, body, 'refused by scenario', headers);
  }
  if (hs.auth) {
    const token = presentedToken(req, target.query, hs.auth.via ?? ['header', 'query', 'subprotocol']);
    if (token === undefined) return refusal(401, { error: 'missing token' }, 'missing token', { 'WWW-Authenticate': 'Bearer realm="websocket-lab"' });
    if (token !== hs.auth.token) return refusal(403, { error: 'invalid token' }, 'invalid token');
  }
  if (hs.requireSubprotocol && !(hs.subprotocols ?? []).some((p) => offeredProtocols(req).includes(p))) {
    return refusal(400, { error: 'no supported subprotocol offered', offered: offeredProtocols(req), supported: hs.subprotocols ?? [] }, 'no supported subprotocol');
  }
  return undefined;
}

/** The 421 answer's body, for plain requests and handshakes alike. */
export function hostRefusalBody(host: string, access: AccessPolicy): object {
  return {
    error: 'this server does not answer to that Host (a page on another site reaching this machine, e.g. by DNS rebinding, is refused)',
    host,
    allowed: access.allowedHosts,
  };
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
