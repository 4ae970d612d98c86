// Real `ws` clients against real mock servers on 127.0.0.1:0, with waits on events instead of
// sleeps. Everything opened here is closed by `cleanup()` (call it in afterEach).

import WebSocket, { type ClientOptions } from 'ws';
import { startMockServer, builtinScenario, type MockServerHandle, type MockServerOptions, type Scenario } from '../../../src/server';
import type { NewTimelineEvent } from '../../../src/shared/events';
import { withTimeout } from '../../support/withTimeout';

// Re-exported for the tests that already import it from here (server, CLI).
export { withTimeout };

const servers: MockServerHandle[] = [];
const sockets: WebSocket[] = [];

export async function cleanup(): Promise<void> {
  for (const ws of sockets.splice(0)) if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

export interface StartedServer extends MockServerHandle {
  events: NewTimelineEvent[];
  /** Resolves with the first recorded event (past or future) that satisfies `pred`. */
  waitForEvent(pred: (e: NewTimelineEvent) => boolean, timeoutMs?: number): Promise<NewTimelineEvent>;
}

export async function start(scenario: string | Scenario, opts: Partial<MockServerOptions> = {}): Promise<StartedServer> {
  const events: NewTimelineEvent[] = [];
  const waiters: Array<{ pred: (e: NewTimelineEvent) => boolean; resolve: (e: NewTimelineEvent) => void }> = [];
  const handle = await startMockServer({
    scenario,
    ...opts,
    onEvent: (e) => {
      events.push(e);
      for (const w of [...waiters]) {
        if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    },
  });
  servers.push(handle);
  return Object.assign(handle, {
    events,
    waitForEvent(pred: (e: NewTimelineEvent) => boolean, timeoutMs = 5000): Promise<NewTimelineEvent> {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return withTimeout(new Promise((resolve) => waiters.push({ pred, resolve })), timeoutMs, 'server event');
    },
  });
}

/** A built-in scenario with some fields replaced (shorter intervals for tests). */
export function tweak(name: string, change: (s: Scenario) => void): Scenario {
  const s = builtinScenario(name);
  if (!s) throw new Error(`no built-in scenario ${name}`);
  change(s);
  return s;
}

export interface Received {
  data: Buffer;
  isBinary: boolean;
  text: string;
}

export interface TestClient {
  ws: WebSocket;
  /** Next message not yet taken (in arrival order). */
  next(timeoutMs?: number): Promise<Received>;
  /** Next message parsed as JSON that satisfies `pred`; skips others. */
  nextJson<T = Record<string, unknown>>(pred?: (m: T) => boolean, timeoutMs?: number): Promise<T>;
  closed: Promise<{ code: number; reason: string }>;
  errors: Error[];
  send(data: unknown): void;
}

export function open(url: string, protocols?: string | string[], options?: ClientOptions): Promise<TestClient> {
  const ws = new WebSocket(url, protocols, options);
  sockets.push(ws);
  const queue: Received[] = [];
  const takers: Array<(r: Received) => void> = [];
  const errors: Error[] = [];
  ws.on('message', (data, isBinary) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    const r = { data: buf, isBinary, text: buf.toString('utf8') };
    const taker = takers.shift();
    if (taker) taker(r);
    else queue.push(r);
  });
  ws.on('error', (e) => errors.push(e));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const next = (timeoutMs = 5000): Promise<Received> => {
    const r = queue.shift();
    if (r) return Promise.resolve(r);
    return withTimeout(new Promise<Received>((resolve) => takers.push(resolve)), timeoutMs, 'a message');
  };
  const client: TestClient = {
    ws,
    next,
    async nextJson<T>(pred: (m: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = await next(Math.max(1, deadline - Date.now()));
        let parsed: T;
        try {
          parsed = JSON.parse(m.text) as T;
        } catch {
          continue;
        }
        if (pred(parsed)) return parsed;
      }
    },
    closed,
    errors,
    send: (data) => ws.send(typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data)),
  };
  return withTimeout(
    new Promise<TestClient>((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    }),
    5000,
    `open ${url}`,
  );
}

export interface RefusalSeen {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Attempts a handshake that should be refused; resolves with what the client saw. */
export function refusal(url: string, protocols?: string | string[], options?: ClientOptions): Promise<RefusalSeen> {
  const ws = new WebSocket(url, protocols, options);
  sockets.push(ws);
  return withTimeout(
    new Promise<RefusalSeen>((resolve, reject) => {
      ws.on('open', () => reject(new Error('handshake was accepted')));
      ws.on('error', () => undefined);
      ws.on('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          req.destroy();
        });
      });
    }),
    5000,
    'a refusal',
  );
}

export async function getText(url: string): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}
