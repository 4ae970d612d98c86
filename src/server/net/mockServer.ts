// startMockServer: an HTTP(S) listener that accepts WebSocket upgrades according to a scenario,
// and serves /healthz, /metrics (and /sse, /poll for scenarios with a feed). It is reachable by
// any program and web page on the machine, so what it is sent is untrusted: the Host and Origin
// checks (accessPolicy.ts), caps and timeouts (socketLimits.ts) apply before a scenario sees a
// client, and no request, however malformed, may end the process.

import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type PerMessageDeflateOptions, type ServerOptions, type WebSocket } from 'ws';
import type { NewTimelineEvent } from '../../shared/events';
import type { Scenario } from '../scenario/scenarioTypes';
import { builtinScenario, builtinScenarioNames } from '../scenario/builtinScenarios';
import { parseScenarioText } from '../scenario/scenarioParser';
import { checkHandshake, DEFAULT_MAX_MESSAGE_BYTES, selectProtocol, type Refusal } from './handshakePolicy';
import { ClientConnection, type ClientHooks } from './clientConnection';
import { ScenarioRuntime } from '../scenario/scenarioRuntime';
import { Metrics } from './metrics';
import { FeedHub, sendJson } from './feedHub';
import { createRequestHandler } from './httpRoutes';
import { createAccessPolicy } from './accessPolicy';
import { guardSockets, serverTimeouts } from './socketLimits';
import { deflateOptionsFor, deflateOptionsKey, firstDeflateOffer } from './deflateOffer';
import { showTarget } from './requestTarget';
import { ensureCertificate, trustGuidance } from './tlsCert';

export interface MockServerOptions {
  /** A built-in scenario name, or a parsed scenario object. */
  scenario: string | Scenario;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1: only this machine can connect. Requests must name it (or localhost, or an IP address) in Host. */
  host?: string;
  /** wss:// with a self-signed certificate. */
  tls?: boolean;
  /** Where the self-signed cert/key are kept (created on first use, reused after). */
  certDir?: string;
  /** The server's view of every conversation, each event with its clientId. */
  onEvent?: (event: NewTimelineEvent) => void;
}

export interface MockServerHandle {
  url: string;
  httpUrl: string;
  port: number;
  host: string;
  scenario: Scenario;
  /** Set with tls: where the certificate is and how to trust it. */
  tls?: { certPath: string; keyPath: string; certDir: string; cert: string; guidance: string };
  clientCount(): number;
  onClientsChanged(cb: (count: number) => void): () => void;
  /** Closes clients with 1001 "server shutting down", then the listener. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 2000;

function resolveScenario(input: string | Scenario): Scenario {
  if (typeof input === 'string') {
    const found = builtinScenario(input);
    if (!found) throw new Error(`unknown scenario "${input}"; built-in scenarios: ${builtinScenarioNames().join(', ')}`);
    return found;
  }
  // Objects may come from code rather than a file: hold them to the same rules.
  const checked = parseScenarioText(JSON.stringify(input ?? null), 'scenario.json');
  if (!checked.ok) throw new Error(`invalid scenario: ${checked.errors.map((e) => e.message).join('; ')}`);
  return checked.scenario;
}

function compressionOptions(scenario: Scenario): false | PerMessageDeflateOptions {
  const c = scenario.handshake?.compression;
  if (!c) return false;
  if (c === true) return {};
  return {
    threshold: c.threshold,
    zlibDeflateOptions: c.level !== undefined ? { level: c.level } : undefined,
    serverNoContextTakeover: c.serverNoContextTakeover,
    clientNoContextTakeover: c.clientNoContextTakeover,
    serverMaxWindowBits: c.serverMaxWindowBits,
    clientMaxWindowBits: c.clientMaxWindowBits,
  };
}

function writeRefusal(socket: Duplex, r: Refusal): void {
  const type = /^\s*[[{]/.test(r.body) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  const headers = { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(r.body)), Connection: 'close', ...r.headers };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
  socket.end(`HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? 'Refused'}\r\n${head}\r\n\r\n${r.body}`);
  setTimeout(() => socket.destroy(), 1000).unref();
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** A thrown value as text; String() itself throws for an object without a prototype. */
function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return String(value);
  } catch {
    return 'a value that cannot be shown';
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why = err.code === 'EADDRINUSE' ? `port ${port} is already in use on ${host}`
        : err.code === 'EACCES' ? `no permission to listen on ${host}:${port}`
        : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' ? `${host} is not an address of this machine`
        : err.message;
      reject(new Error(`cannot start the mock server: ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startMockServer(opts: MockServerOptions): Promise<MockServerHandle> {
  const scenario = resolveScenario(opts.scenario);
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be a whole number from 0 to 65535, got ${port}`);

  const emit = (event: NewTimelineEvent): void => {
    try {
      opts.onEvent?.(event);
    } catch {
      // A failing listener must not break the conversation it is watching.
    }
  };

  const tls = opts.tls ? await ensureCertificate(opts.certDir) : undefined;
  const metrics = new Metrics();
  const feed = scenario.feed ? new FeedHub(scenario.feed.keep ?? 100, scenario.feed.pollTimeoutMs ?? 25_000) : undefined;
  const runtime = new ScenarioRuntime(scenario, emit, feed);
  const listeners = new Set<(count: number) => void>();
  const perIp = new Map<string, number>();
  const closedWaiters = new Map<ClientConnection, () => void>();
  let attempts = 0;
  let clientSeq = 0;
  let closing: Promise<void> | undefined;

  const notify = (): void => {
    for (const cb of listeners) {
      try {
        cb(runtime.clients.size);
      } catch {
        // Same as onEvent: observers cannot break the server.
      }
    }
  };

  const wsOptions: ServerOptions = {
    noServer: true,
    clientTracking: false,
    maxPayload: scenario.limits?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => selectProtocol([...protocols], scenario),
  };
  const plainWss = new WebSocketServer({ ...wsOptions, perMessageDeflate: false });
  const deflate = compressionOptions(scenario);
  /** With compression: one ws server per set of options that some client's offer needed (few). */
  const deflateWss = new Map<string, WebSocketServer>();
  /** The upgrade being handed to ws right now (handleUpgrade reports a bad handshake synchronously). */
  let upgrading: { head: Buffer; done: (ws: WebSocket) => void } | undefined;
  const wssFor = (req: IncomingMessage): WebSocketServer => {
    if (!deflate) return plainWss;
    const options = deflateOptionsFor(deflate, firstDeflateOffer(req.headers['sec-websocket-extensions']));
    const key = deflateOptionsKey(options);
    let wss = deflateWss.get(key);
    if (!wss) {
      wss = new WebSocketServer({ ...wsOptions, perMessageDeflate: options });
      // ws tells a listener of this event, instead of answering 400 itself, about a handshake it
      // refuses: among them an offer it cannot accept. The same request goes to the server without
      // compression, which declines the offer (it ignores the header) or, when something else is
      // wrong with the request, refuses it with ws's own answer.
      wss.on('wsClientError', (err: Error, socket: Duplex, refusedReq: IncomingMessage) => {
        const pending = upgrading;
        upgrading = undefined;
        if (!pending) return socket.destroy();
        if (/Sec-WebSocket-Extensions/.test(err.message)) {
          emit({ kind: 'info', time: Date.now(), message: `declined the permessage-deflate offer "${showTarget(String(refusedReq.headers['sec-websocket-extensions']))}" (${err.message}): the connection goes on without compression` });
        }
        plainWss.handleUpgrade(refusedReq, socket, pending.head, pending.done);
      });
      deflateWss.set(key, wss);
    }
    return wss;
  };

  const timeouts = serverTimeouts(scenario.limits);
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, ...timeouts }) : createHttpServer(timeouts);
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const access = createAccessPolicy(host, scenario.handshake?.origins);

  const refused = (ip: string, port: number | undefined, detail: string): void => {
    emit({ kind: 'client', time: Date.now(), action: 'refused', clientId: '-', remote: `${ip}:${port ?? 0}`, detail });
  };
  /**
   * A bug in a listener (an exception it did not expect) is recorded, and its request answered 500
   * or its connection closed; thrown out of a socket listener it would end the whole process, every
   * client with it.
   */
  const reportBug = (where: string, err: unknown): void => {
    metrics.errors++;
    emit({ kind: 'error', time: Date.now(), category: 'other', message: `the mock server failed while handling ${where}: ${describeThrown(err)} (answered 500 or closed; the server keeps running)` });
  };
  const sockets = guardSockets(server, scenario.limits, tls !== undefined, {
    onRefused: (r) => refused(r.ip, r.port, r.detail),
    onBug: (err) => reportBug('a new connection', err),
  });

  // One set of hooks for every client (not an object and two closures per connection).
  const hooks: ClientHooks = {
    emit,
    recording: { side: 'server', sink: emit, now: Date.now },
    metrics,
    onMessage: (c, data, isBinary, at) => runtime.message(c, data, isBinary, at),
    onClosed: (c) => {
      metrics.connectionsOpen--;
      const left = (perIp.get(c.ip) ?? 1) - 1;
      // Deleted at zero: a map keyed by every address that ever connected would only grow.
      if (left > 0) perIp.set(c.ip, left);
      else perIp.delete(c.ip);
      runtime.disconnected(c);
      closedWaiters.get(c)?.();
      closedWaiters.delete(c);
      notify();
    },
  };

  const accept = (ws: WebSocket, socket: Duplex, req: IncomingMessage): void => {
    const ip = req.socket.remoteAddress ?? '?';
    const client = new ClientConnection(`c${++clientSeq}`, ws, socket, ip, req.socket.remotePort ?? 0, scenario, hooks);
    metrics.connectionsOpen++;
    metrics.connectionsTotal++;
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    emit({
      kind: 'client', time: Date.now(), action: 'connected', clientId: client.id, remote: client.remote,
      // join() makes one flat string; a template literal keeps a tree of its pieces, several
      // objects per connection for as long as the timeline keeps the event.
      detail: [req.url ?? '/', '; protocol ', ws.protocol || '(none)', '; extensions ', ws.extensions || '(none)'].join(''),
    });
    client.start();
    runtime.connected(client);
    notify();
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws takes over, a reset by the peer would be an unhandled 'error' and crash the process.
    // A module-level function: an arrow here would share this handler's closure context with the
    // accept callback below and keep `req` (IncomingMessage, headers) alive as long as the socket.
    socket.on('error', destroyOnError);
    let handedToWs = false;
    try {
      // Over a TCP cap: it has its 503/429 already.
      if (sockets.refused(req.socket)) return;
      if (closing) {
        writeRefusal(socket, { status: 503, body: JSON.stringify({ error: 'server shutting down' }), detail: '503 shutting down' });
        return;
      }
      const ip = req.socket.remoteAddress ?? '?';
      const refusal = checkHandshake(req, scenario, { attempt: ++attempts, open: runtime.clients.size, openFromIp: perIp.get(ip) ?? 0 }, { ip, access });
      if (refusal) {
        metrics.refusedHandshake(refusal.status);
        refused(ip, req.socket.remotePort, refusal.detail);
        writeRefusal(socket, refusal);
        return;
      }
      handedToWs = true;
      const done = (ws: WebSocket): void => accept(ws, socket, req);
      upgrading = { head, done };
      try {
        wssFor(req).handleUpgrade(req, socket, head, done);
      } finally {
        upgrading = undefined;
      }
    } catch (err) {
      reportBug(`the WebSocket handshake ${showTarget(req.url ?? '')}`, err);
      try {
        // Once ws has the socket, an HTTP answer could land in the middle of its frames.
        if (handedToWs || socket.writableEnded) socket.destroy();
        else writeRefusal(socket, { status: 500, body: JSON.stringify({ error: 'internal error in the mock server (recorded on its timeline)' }), detail: '500 internal error' });
      } catch {
        socket.destroy();
      }
    }
  });

  const routes = createRequestHandler({ scenario, metrics, feed, clientCount: () => runtime.clients.size, wsUrl: () => url, access });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      // Over a TCP cap: it has its 503/429 already.
      if (sockets.refused(req.socket)) return;
      routes(req, res);
    } catch (err) {
      reportBug(`${req.method ?? 'a request'} ${showTarget(req.url ?? '')}`, err);
      try {
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error in the mock server (recorded on its timeline)' }, { Connection: 'close' });
        else res.destroy();
      } catch {
        req.socket.destroy();
      }
    }
  });

  await listen(server, port, host);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `${tls ? 'wss' : 'ws'}://${hostForUrl}:${actualPort}`;
  runtime.start();

  const close = async (): Promise<void> => {
    runtime.stop();
    feed?.close();
    const clients = [...runtime.clients.values()];
    const allClosed = Promise.all(clients.map((c) => new Promise<void>((resolve) => closedWaiters.set(c, resolve))));
    for (const c of clients) c.close(1001, 'server shutting down');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(timer);
    // Whoever did not finish the close handshake in time is cut off.
    for (const c of clients) if (!c.closed) c.ws.terminate();
    await Promise.all([plainWss, ...deflateWss.values()].map((wss) => new Promise<void>((resolve) => {
      wss.close(() => resolve());
    })));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    listeners.clear();
  };

  return {
    url,
    httpUrl: `${tls ? 'https' : 'http'}://${hostForUrl}:${actualPort}`,
    port: actualPort,
    host,
    scenario,
    tls: tls && { certPath: tls.certPath, keyPath: tls.keyPath, certDir: tls.certDir, cert: tls.cert, guidance: trustGuidance(tls.certPath) },
    clientCount: () => runtime.clients.size,
    onClientsChanged(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close: () => (closing ??= close()),
  };
}
