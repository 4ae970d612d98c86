// Real peers for the integration tests: `ws` servers and raw TCP/HTTP servers on 127.0.0.1:0,
// plus a recorder that lets a test await a timeline event instead of sleeping.
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { WebSocketServer, type ServerOptions } from 'ws';
import { Session, type ResolvedConnection } from '../../../src/client/session';
import { createWsTransport } from '../../../src/client/wsTransport';
import { onCleanup } from '../../support/cleanup';
import { recordSession } from '../../support/sessionRecorder';
import { resolved } from './fakeTransport';

export { closeAll } from '../../support/cleanup';

export async function wsServer(options: ServerOptions = {}, port = 0): Promise<{ wss: WebSocketServer; port: number; url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port, ...options });
  await once(wss, 'listening');
  const actual = (wss.address() as { port: number }).port;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  };
  onCleanup(close);
  return { wss, port: actual, url: `ws://127.0.0.1:${actual}`, close };
}

/** An HTTP server that answers every upgrade with `response` (raw bytes). */
export async function rawUpgradeServer(response: string): Promise<{ url: string }> {
  const server: HttpServer = createHttpServer((_req, res) => res.end());
  server.on('upgrade', (_req, socket) => socket.end(response));
  return listen(server);
}

/** Accepts TCP connections and never says a word. */
export async function silentServer(): Promise<{ url: string }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.resume(); // read (and ignore) the request, so the client's FIN is seen
  });
  const result = await listen(server);
  onCleanup(() => sockets.forEach((s) => s.destroy()));
  return result;
}

async function listen(server: HttpServer | NetServer): Promise<{ url: string }> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(() => new Promise<void>((r) => {
    (server as HttpServer).closeAllConnections?.();
    server.close(() => r());
  }));
  return { url: `ws://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** A port nothing listens on: bind one, then free it. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A session on a real socket whose events go into a TimelineStore, with waitFor(). */
export function liveSession(config: Partial<ResolvedConnection>) {
  const session = new Session(resolved({ perMessageDeflate: true, ...config }), { createTransport: createWsTransport });
  onCleanup(() => session.dispose());
  return { session, ...recordSession(session) };
}
