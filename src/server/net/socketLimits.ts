// Caps and timeouts that keep one client from holding the mock server's sockets. Without them a
// client could open thousands of TCP connections that send half a header and keep them for minutes
// (Node's defaults: 60 s for the headers, checked every 30 s; 120 s for a TLS handshake), or take
// every WebSocket slot from one address. Each default can be changed in the scenario's `limits`.

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { LimitsConfig } from '../scenario/scenarioTypes';
import { isLoopbackHost } from '../../wire/loopback';

export const DEFAULT_MAX_CONNECTIONS = 1000;
/** WebSocket connections from one address of another machine. */
export const DEFAULT_MAX_CONNECTIONS_PER_REMOTE_IP = 100;
/** TCP connections beyond the WebSocket ones: plain HTTP requests, /sse, /poll, handshakes under way. */
export const TCP_HEADROOM = 100;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

export interface PeerLimits {
  maxConnections: number;
  maxConnectionsPerIp?: number;
  maxTcpConnections: number;
  maxTcpConnectionsPerIp?: number;
}

/**
 * The caps that apply to a peer at `ip`. There is no per-address default for this machine's own
 * (loopback) addresses: every local client has the same address, so such a cap would only be a
 * second, smaller total (a 1,000-client soak runs from one process), and other pages on this
 * machine are kept out by the Origin check instead.
 */
export function limitsFor(limits: LimitsConfig | undefined, ip: string): PeerLimits {
  const l = limits ?? {};
  const maxConnections = l.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxConnectionsPerIp = l.maxConnectionsPerIp ?? (isLoopbackHost(ip) ? undefined : Math.min(DEFAULT_MAX_CONNECTIONS_PER_REMOTE_IP, maxConnections));
  return {
    maxConnections,
    maxConnectionsPerIp,
    maxTcpConnections: l.maxTcpConnections ?? maxConnections + TCP_HEADROOM,
    maxTcpConnectionsPerIp: l.maxTcpConnectionsPerIp ?? (maxConnectionsPerIp === undefined ? undefined : maxConnectionsPerIp + TCP_HEADROOM),
  };
}

export interface ServerTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
  handshakeTimeout: number;
}

export function serverTimeouts(limits: LimitsConfig | undefined): ServerTimeouts {
  const headersTimeout = limits?.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  return {
    headersTimeout,
    // Only GET and HEAD are served: a request is complete when its headers are.
    requestTimeout: headersTimeout,
    // How often Node looks for requests past those timeouts; its default (30 s) would let a
    // half-sent header live that much longer than the timeout says.
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(headersTimeout / 4))),
    // A client that never finishes the TLS handshake is cut off after the same time.
    handshakeTimeout: headersTimeout,
  };
}

export interface SocketRefusal {
  status: 429 | 503;
  ip: string;
  port: number;
  detail: string;
}

export interface SocketGuard {
  /** True for a connection that was over a cap: it got its 503/429 and nothing else may answer it. */
  refused(socket: Socket): boolean;
  /** TCP connections open now. */
  open(): number;
}

/**
 * Counts every TCP connection (before TLS, before HTTP) and turns away those over the caps: a
 * plain HTTP client reads 503 (in total) or 429 (from its address) with Retry-After: 1, a TLS
 * client is disconnected (an answer in clear text would be garbage to it).
 */
export function guardSockets(
  server: Server,
  limits: LimitsConfig | undefined,
  tls: boolean,
  hooks: { onRefused(r: SocketRefusal): void; onBug(err: unknown): void },
): SocketGuard {
  const perIp = new Map<string, number>();
  const refused = new WeakSet<Socket>();
  /** The address each counted socket was counted under (remoteAddress is gone once it closes). */
  const counted = new WeakMap<Socket, string>();
  let open = 0;
  // One listener for every socket, not a closure (and a `once` wrapper) per connection: a server
  // holding 10,000 idle connections pays for what each one keeps (docs/BENCHMARKS.md, #4).
  const onClose = function (this: Socket): void {
    const ip = counted.get(this);
    if (ip === undefined) return;
    counted.delete(this);
    open--;
    const n = (perIp.get(ip) ?? 1) - 1;
    // Deleted at zero: a map keyed by every address that ever connected would only grow.
    if (n > 0) perIp.set(ip, n);
    else perIp.delete(ip);
  };
  const onConnection = (socket: Socket): void => {
    const ip = socket.remoteAddress ?? '?';
    const caps = limitsFor(limits, ip);
    const fromIp = perIp.get(ip) ?? 0;
    const over =
      open >= caps.maxTcpConnections ? { status: 503 as const, limit: caps.maxTcpConnections, error: 'too many connections', detail: 'too many TCP connections' }
      : caps.maxTcpConnectionsPerIp !== undefined && fromIp >= caps.maxTcpConnectionsPerIp
        ? { status: 429 as const, limit: caps.maxTcpConnectionsPerIp, error: 'too many connections from your address', detail: 'too many TCP connections from this IP' }
        : undefined;
    if (over) {
      refused.add(socket);
      socket.on('error', () => socket.destroy());
      if (tls) {
        socket.destroy();
      } else {
        const body = JSON.stringify({ error: over.error, limit: over.limit });
        socket.end(
          `HTTP/1.1 ${over.status} ${over.status === 503 ? 'Service Unavailable' : 'Too Many Requests'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${body}`,
        );
        setTimeout(() => socket.destroy(), 1000).unref();
      }
      hooks.onRefused({ status: over.status, ip, port: socket.remotePort ?? 0, detail: `${over.status} ${over.detail} (limit ${over.limit})` });
      return;
    }
    open++;
    perIp.set(ip, fromIp + 1);
    counted.set(socket, ip);
    socket.on('close', onClose);
  };
  // Before Node's own listener (HTTP parser, TLS), so a refused connection is answered first.
  server.prependListener('connection', (socket: Socket) => {
    try {
      onConnection(socket);
    } catch (err) {
      // Thrown out of a 'connection' listener, it would end the process.
      hooks.onBug(err);
      socket.destroy();
    }
  });
  return { refused: (socket) => refused.has(socket), open: () => open };
}
