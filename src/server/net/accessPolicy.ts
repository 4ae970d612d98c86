// Which web pages may use a mock server. It listens on loopback, but any page the user opens can
// make the browser talk to it: a WebSocket from any origin (browsers apply neither the same-origin
// policy nor CORS to the handshake), and, through DNS rebinding (evil.example re-resolved to
// 127.0.0.1), plain reads of /, /healthz, /metrics and /poll. Two checks close that:
// - Host: a request naming a host other than this server's is answered 421. A rebound page sends
//   its own name; an IP literal cannot be rebound, so every IP literal is accepted.
// - Origin: a WebSocket handshake (and CORS on /sse) is allowed from no Origin (not a browser page),
//   from local pages and VS Code webviews, or from the scenario's own `handshake.origins` list.

import { isIP } from 'node:net';

export interface AccessPolicy {
  /** True when the Host header names this server (or is absent: not a browser). */
  hostAllowed(host: string | undefined): boolean;
  /** True when a page of this origin may open a WebSocket or read /sse (absent: not a browser page). */
  originAllowed(origin: string | undefined): boolean;
  /** The allowed origins as a user reads them (the 403 body lists them). */
  readonly allowedOrigins: string[];
  /** The allowed host names as a user reads them (the 421 body lists them). */
  readonly allowedHosts: string[];
}

/** Addresses that mean "every interface": the Host a client sends is then one of many. */
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** "Localhost:8080" → "localhost", "[::1]:80" → "::1", "127.0.0.1" → "127.0.0.1". */
export function hostnameOf(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    h = end < 0 ? h.slice(1) : h.slice(1, end);
  } else {
    const colon = h.indexOf(':');
    // One colon: name:port. More: a bare IPv6 address (not valid in Host, but not a name either).
    if (colon >= 0 && colon === h.lastIndexOf(':')) h = h.slice(0, colon);
  }
  // "localhost." is the same name as "localhost".
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

export function createAccessPolicy(listenHost: string, scenarioOrigins: readonly string[] | undefined): AccessPolicy {
  const listen = hostnameOf(listenHost);
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (!WILDCARD_HOSTS.has(listen)) names.add(listen);
  const allowedHosts = [...names].map((n) => (n.includes(':') ? `[${n}]` : n)).concat('any IP address');

  const hostAllowed = (host: string | undefined): boolean => {
    if (host === undefined) return true;
    const name = hostnameOf(host);
    return names.has(name) || isIP(name) !== 0;
  };

  const anyOrigin = scenarioOrigins?.includes('*') ?? false;
  const listed = scenarioOrigins && new Set(scenarioOrigins);
  const originAllowed = (origin: string | undefined): boolean => {
    if (origin === undefined) return true;
    if (listed) return anyOrigin || listed.has(origin);
    return isLocalOrigin(origin, names);
  };
  const allowedOrigins = scenarioOrigins
    ? [...scenarioOrigins]
    : [...[...names].map((n) => `http(s)://${n.includes(':') ? `[${n}]` : n}:*`), 'vscode-webview://*'];

  return { hostAllowed, originAllowed, allowedOrigins, allowedHosts };
}

/** http(s)://<a local name>[:port], or a VS Code webview (its pages run on this machine). */
function isLocalOrigin(origin: string, names: ReadonlySet<string>): boolean {
  const o = origin.toLowerCase();
  if (/^vscode-webview:\/\/[^/\s]+$/.test(o)) return true;
  const m = /^https?:\/\/(\[[0-9a-f:.]+\]|[^/:[\]\s]+)(?::\d{1,5})?$/.exec(o);
  if (!m) return false;
  const name = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  return names.has(name);
}
