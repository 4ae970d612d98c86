// A Transport the test drives by hand: it records what the session asked for and lets the test
// play the server's and the network's part.
import type { HandshakeResponseInfo, Transport, TransportEvents, TransportOptions } from '../../../src/client/transport';
import type { NewTimelineEvent } from '../../../src/shared/events';
import type { ConnectionStats } from '../../../src/shared/stats';
import { Session, type ResolvedConnection, type SessionDeps } from '../../../src/client/session';

export class FakeTransport implements Transport {
  events!: TransportEvents;
  url = '';
  protocols: string[] = [];
  options!: TransportOptions;
  sent: Array<{ data: string | Uint8Array; isBinary: boolean }> = [];
  pings: Uint8Array[] = [];
  closeCalls: Array<{ code: number; reason: string }> = [];
  terminated = false;
  bufferedAmount = 0;
  private isClosed = false;

  open(url: string, protocols: string[], options: TransportOptions, events: TransportEvents): void {
    this.url = url;
    this.protocols = protocols;
    this.options = options;
    this.events = events;
  }

  /** The server accepts: request, 101 response, open. */
  accept(protocol = '', extensions = ''): void {
    this.events.onHandshakeRequest({ method: 'GET', url: this.url, headers: [['Host', 'example.test'], ...this.options.headers] });
    const response: HandshakeResponseInfo = {
      status: 101,
      statusText: 'Switching Protocols',
      headers: [['Upgrade', 'websocket']],
      acceptValid: true,
      protocol,
      extensions,
    };
    this.events.onHandshakeResponse(response);
    this.events.onOpen({ protocol, extensions });
  }

  /** The attempt fails before opening (refused, DNS...): error, then close 1006. */
  fail(error: Error): void {
    this.events.onError(error);
    this.drop();
  }

  /** The connection drops without a close frame. */
  drop(): void {
    this.finish(1006, '', false);
  }

  /** The close handshake completes with this code (server-initiated or answering ours). */
  finish(code: number, reason: string, wasClean = true): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.events.onClose(code, reason, wasClean);
  }

  send(data: string | Uint8Array, isBinary: boolean, callback: (error?: Error) => void): void {
    this.sent.push({ data, isBinary });
    callback();
  }

  ping(payload: Uint8Array): void {
    this.pings.push(payload);
  }

  close(code: number, reason: string): void {
    this.closeCalls.push({ code, reason });
  }

  terminate(): void {
    this.terminated = true;
    this.drop();
  }
}

export function errorWithCode(code: string, message = code, extra: object = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

export function resolved(overrides: Partial<ResolvedConnection> = {}): ResolvedConnection {
  return {
    url: 'ws://example.test/feed',
    headers: [],
    subprotocols: [],
    reconnect: { enabled: true, baseDelayMs: 100, maxDelayMs: 1000, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 },
    heartbeat: { pingIntervalMs: 0, pongTimeoutMs: 0 },
    handshakeTimeoutMs: 10_000,
    maxMessageSize: 1024 * 1024,
    perMessageDeflate: false,
    tls: { rejectUnauthorized: true },
    queueLimit: 100,
    ...overrides,
  };
}

/** A session on fake transports, with everything it emitted. */
export function fakeSession(config: Partial<ResolvedConnection> = {}, deps: Partial<SessionDeps> = {}) {
  const transports: FakeTransport[] = [];
  const events: NewTimelineEvent[] = [];
  const stats: ConnectionStats[] = [];
  const session = new Session(resolved(config), {
    createTransport: () => {
      const t = new FakeTransport();
      transports.push(t);
      return t;
    },
    random: () => 0.5,
    ...deps,
  });
  session.onEvent((e) => events.push(e));
  session.onStats((s) => stats.push(s));
  return {
    session,
    transports,
    events,
    stats,
    get transport(): FakeTransport {
      return transports[transports.length - 1];
    },
    kinds: () => events.map((e) => e.kind),
    ofKind<K extends NewTimelineEvent['kind']>(kind: K) {
      return events.filter((e): e is Extract<NewTimelineEvent, { kind: K }> => e.kind === kind);
    },
  };
}
