// Mock servers started from VS Code run in a worker thread with its own heap limit
// (src/server/worker/), so a scenario that eats memory or blocks its event loop ends its own thread,
// not the extension host. These tests start servers the way src/panels/servers/mockServers.ts does:
// startMockServerInWorker from the server bundle the extension ships (built here by esbuild.mjs).
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/server/index';
import type { NewTimelineEvent } from '../../../src/shared/events';
import { closeAll, onCleanup, withTimeout } from './helpers';
import { bundleServer, type ServerModule } from './serverBundle';

afterEach(closeAll);

let bundle: { file: string; server: ServerModule; dispose: () => void };
beforeAll(async () => {
  bundle = await bundleServer();
}, 120_000);
afterAll(() => bundle?.dispose());

type Handle = Awaited<ReturnType<ServerModule['startMockServerInWorker']>>;

async function start(options: Parameters<ServerModule['startMockServerInWorker']>[0]): Promise<Handle> {
  const handle = await bundle.server.startMockServerInWorker(options);
  onCleanup(() => handle.close());
  return handle;
}

function client(url: string): WebSocket {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  onCleanup(() => void ws.terminate());
  return ws;
}

async function echoOf(url: string, text: string): Promise<string> {
  const ws = client(url);
  await once(ws, 'open');
  ws.send(text);
  const [data] = await withTimeout(once(ws, 'message'), 5000, `the echo of "${text}"`);
  ws.close();
  return String(data);
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  await withTimeout((async () => {
    while (!check()) await new Promise((r) => setTimeout(r, 10));
  })(), ms, what);
}

/**
 * A whiteboard that keeps every stroke, with every bound raised as far as a scenario may (4 MiB
 * messages, 256 MiB of shared state): its heap only grows.
 */
const HOARDER: Scenario = {
  name: 'hoarder',
  limits: { maxMessageBytes: 4 * 1024 * 1024, maxStateValueBytes: 4 * 1024 * 1024, maxSharedStateBytes: 256 * 1024 * 1024 },
  sharedState: { strokes: [] },
  rules: [{ do: [{ append: { strokes: '{{message.text}}' }, scope: 'shared', maxItems: 1_000_000 }, { reply: 'kept' }] }],
};

describe('a mock server in a worker thread', () => {
  it('answers like the in-process server, and its timeline receives every event, in order, with the client count', async () => {
    const events: NewTimelineEvent[] = [];
    const counts: number[] = [];
    const server = await start({ scenario: 'echo', onEvent: (e) => events.push(e) });
    server.onClientsChanged((n) => counts.push(n));
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(server.httpUrl).toBe(server.url.replace('ws://', 'http://'));
    expect(server.scenario.name).toBe('echo');

    const CLIENTS = 4;
    const MESSAGES = 250;
    const sockets = await Promise.all(Array.from({ length: CLIENTS }, async () => {
      const ws = client(server.url);
      await once(ws, 'open');
      return ws;
    }));
    await until(() => server.clientCount() === CLIENTS, 5000, `${CLIENTS} clients counted`);
    const echoes = await Promise.all(sockets.map((ws, c) => new Promise<string[]>((resolve) => {
      const got: string[] = [];
      ws.on('message', (d) => {
        got.push(String(d));
        if (got.length === MESSAGES) resolve(got);
      });
      for (let i = 0; i < MESSAGES; i++) ws.send(`c${c}-m${i}`);
    })));
    echoes.forEach((got, c) => expect(got).toEqual(Array.from({ length: MESSAGES }, (_, i) => `c${c}-m${i}`)));

    // Every message in and out reaches the timeline, each client's in the order of the wire.
    await until(() => events.filter((e) => e.kind === 'message').length === 2 * CLIENTS * MESSAGES, 5000, 'every message event');
    const byClient = new Map<string, string[]>();
    for (const e of events) if (e.kind === 'message' && e.dir === 'in') byClient.set(e.clientId!, [...(byClient.get(e.clientId!) ?? []), e.data]);
    expect([...byClient.values()].map((list) => list.length)).toEqual(Array(CLIENTS).fill(MESSAGES));
    for (const list of byClient.values()) expect(list).toEqual(Array.from({ length: MESSAGES }, (_, i) => `${list[0].split('-')[0]}-m${i}`));
    expect(events.filter((e) => e.kind === 'client' && e.action === 'connected')).toHaveLength(CLIENTS);

    // Closing says 1001 to each client, and those events arrive before close() returns.
    const closes = sockets.map((ws) => once(ws, 'close'));
    await server.close();
    for (const [code] of await Promise.all(closes)) expect(code).toBe(1001);
    expect(events.filter((e) => e.kind === 'close-sent' && e.code === 1001)).toHaveLength(CLIENTS);
    expect(server.clientCount()).toBe(0);
    expect(counts.at(-1)).toBe(0);
    await expect(echoOf(server.url, 'late')).rejects.toThrow();
  });

  it('wss:// in a worker: the certificate it made comes back with the handle, and a client trusting it gets its echo', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'wslab-worker-certs-'));
    onCleanup(() => rmSync(certDir, { recursive: true, force: true }));
    const server = await start({ scenario: 'echo', tls: true, certDir });
    expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    expect(server.tls?.certPath.startsWith(certDir)).toBe(true);
    expect(server.tls?.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const ws = new WebSocket(server.url, { ca: server.tls!.cert });
    onCleanup(() => void ws.terminate());
    await once(ws, 'open');
    ws.send('over tls');
    const [data] = await withTimeout(once(ws, 'message'), 5000, 'the echo over TLS');
    expect(String(data)).toBe('over tls');
  });

  it('a scenario that fills its heap ends its own worker: the host survives and is told why, and other servers keep running', async () => {
    const other = await start({ scenario: 'echo' });
    // Kinds only: the message events carry the strokes, which the host must not be the one to keep.
    const kinds: string[] = [];
    const hoarder = await start({ scenario: HOARDER, heapLimitMb: 64, onEvent: (e) => kinds.push(e.kind === 'message' ? `message-${e.dir}` : e.kind) });
    expect(hoarder.heapLimitMb).toBe(64);
    const died = new Promise<string>((resolve) => hoarder.onDied(resolve));

    const ws = client(hoarder.url);
    await once(ws, 'open');
    const closed = once(ws, 'close');
    const stroke = 'x'.repeat(2 * 1024 * 1024);
    let kept = 0;
    ws.on('message', () => {
      kept++;
      if (ws.readyState === WebSocket.OPEN) ws.send(stroke);
    });
    ws.send(stroke);
    const why = await withTimeout(died, 60_000, 'the worker to run out of memory');
    expect(why).toMatch(/ran out of memory/);
    expect(why).toContain('64 MB');
    // Its client is cut off (no close frame: the thread is gone), and the server counts none.
    const [code] = await withTimeout(closed, 10_000, "the hoarder's client to be closed");
    expect(code).toBe(1006);
    expect(hoarder.clientCount()).toBe(0);
    // It kept strokes (2 MiB each) until its own 64 MB heap was full.
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(32);
    // The events it sent before dying reached the timeline.
    expect(kinds).toContain('message-in');
    expect(kinds).toContain('message-out');

    // The other server never noticed, and a new one starts.
    expect(await echoOf(other.url, 'still here')).toBe('still here');
    const again = await start({ scenario: 'echo' });
    expect(await echoOf(again.url, 'and a new one')).toBe('and a new one');
    // Closing the dead one is harmless.
    await hoarder.close();
  }, 90_000);

  it('a server that cannot start says why, in the words of the in-process one', async () => {
    const first = await start({ scenario: 'echo' });
    await expect(bundle.server.startMockServerInWorker({ scenario: 'echo', port: first.port })).rejects.toThrow(`cannot start the mock server: port ${first.port} is already in use on 127.0.0.1`);
    await expect(bundle.server.startMockServerInWorker({ scenario: 'no-such-scenario' })).rejects.toThrow(/unknown scenario "no-such-scenario"; built-in scenarios: .*echo/);
    expect(await echoOf(first.url, 'fine')).toBe('fine');
  });

  describe('with a worker script of the test (the host side only)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wslab-worker-script-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const script = (name: string, body: string): string => {
      const file = join(dir, `${name}.js`);
      writeFileSync(file, `const { parentPort } = require('node:worker_threads');\nexports.runMockServerWorker = () => {\n${body}\n};\n`);
      return file;
    };
    const STARTED = `parentPort.on('message', (m) => { if (m.type === 'start') parentPort.postMessage({ type: 'started', server: { url: 'ws://127.0.0.1:1', httpUrl: 'http://127.0.0.1:1', port: 1, host: '127.0.0.1', scenario: { name: 'fake' } } }); });`;

    it('a worker that crashes after starting is reported as a crash with its message', async () => {
      const handle = await start({ scenario: 'echo', workerScript: script('crash', `${STARTED}\nsetTimeout(() => { throw new Error('scenario blew up'); }, 50);`) });
      const why = await withTimeout(new Promise<string>((resolve) => handle.onDied(resolve)), 5000, 'onDied');
      expect(why).toBe('it crashed: scenario blew up');
    });

    it('a worker whose event loop is blocked does not block close(): it is ended after the grace period', async () => {
      const handle = await start({ scenario: 'echo', workerScript: script('stuck', `${STARTED}\nparentPort.on('message', (m) => { if (m.type === 'close') { const end = Date.now() + 60000; while (Date.now() < end); } });`) });
      const t0 = Date.now();
      let died = false;
      handle.onDied(() => (died = true));
      await handle.close();
      expect(Date.now() - t0).toBeLessThan(9000);
      expect(died, 'a close that was asked for is not a death').toBe(false);
    }, 15_000);

    it('a worker script that cannot load fails the start with the reason', async () => {
      await expect(bundle.server.startMockServerInWorker({ scenario: 'echo', workerScript: join(dir, 'missing.js') })).rejects.toThrow(/cannot start the mock server: it crashed: Cannot find module/);
    });
  });
});
