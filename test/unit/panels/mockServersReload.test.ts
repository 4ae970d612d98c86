// Mock servers across a window reload (src/panels/servers/mockServers.ts, savedServers.ts), with
// servers in their worker threads from the server bundle the extension ships, against a stand-in
// for VS Code whose workspace state outlives one MockServers, as VS Code's does a reload. A server
// started on a chosen port comes back on it; one stopped on purpose does not; one whose port was
// taken meanwhile starts elsewhere, says so, and its connections follow. With two servers the
// status bar asks which one.
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake, fakeExtensionContext, window } from '../../support/fakeVscode';
import { MockServers } from '../../../src/panels/servers/mockServers';
import { bundleServer, type ServerModule } from '../reliability/serverBundle';
import { withTimeout } from '../../support/withTimeout';

vi.mock('vscode', () => import('../../support/fakeVscode'));
const built = vi.hoisted(() => ({ server: undefined as unknown as ServerModule }));
vi.mock('../../../src/server/index', () => built.server);

let bundle: Awaited<ReturnType<typeof bundleServer>>;
beforeAll(async () => {
  bundle = await bundleServer();
  built.server = bundle.server;
}, 120_000);
afterAll(() => bundle?.dispose());
afterEach(() => {
  vi.restoreAllMocks();
  fake.reset();
});

const freePort = async (): Promise<number> => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
};

async function echoes(url: string): Promise<string> {
  const ws = new WebSocket(url);
  await withTimeout(once(ws, 'open'), 5000, `a connection to ${url}`);
  ws.send('back again');
  const [data] = await withTimeout(once(ws, 'message'), 5000, 'the echo');
  ws.close();
  return String(data);
}

describe('mock servers and a window reload', () => {
  it('a server started on a chosen port comes back on that port after a reload; a stopped one does not', async () => {
    const context = fakeExtensionContext();
    const log = window.createOutputChannel();
    const port = await freePort();
    const ask = vi.spyOn(window, 'showInputBox').mockResolvedValueOnce(String(port) as never);
    const before = new MockServers(context as never, log as never);
    const started = (await before.start('echo', { askPort: true }))!;
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ title: 'Start Mock Server: Port' }));
    expect(started.handle.url).toBe(`ws://127.0.0.1:${port}`);
    await before.dispose(); // the window reloads: the extension host and its worker threads end

    const moved = vi.fn(async () => 0);
    const after = new MockServers(context as never, log as never);
    try {
      await after.restore(moved);
      expect(after.list().map((s) => [s.scenario, s.handle.url])).toEqual([['echo', `ws://127.0.0.1:${port}`]]);
      expect(moved).not.toHaveBeenCalled();
      expect(await echoes(`ws://127.0.0.1:${port}`)).toBe('back again');
      await after.stop(after.list()[0].id);
    } finally {
      await after.dispose();
    }
    const again = new MockServers(context as never, log as never);
    await again.restore(moved);
    expect(again.list()).toEqual([]);
    await again.dispose();
  }, 60_000);

  it('a port taken meanwhile: the server starts on another one, says so, and its connections are moved there', async () => {
    const context = fakeExtensionContext();
    const log = window.createOutputChannel();
    const before = new MockServers(context as never, log as never);
    const port = (await before.start('echo'))!.handle.port;
    await before.dispose();
    const squatter: Server = createServer().listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    const moved = vi.fn(async (_from: string, _to: string) => 2);
    const after = new MockServers(context as never, log as never);
    try {
      await after.restore(moved);
      const [server] = after.list();
      expect(server.handle.port).not.toBe(port);
      expect(moved).toHaveBeenCalledWith(`ws://127.0.0.1:${port}`, server.handle.url);
      expect(fake.messages.find((m) => m.level === 'warning')?.text).toBe(
        `WebSocket Lab: the mock server "echo" could not get port ${port} back (another program uses it), so it now listens on ${server.handle.url}. 2 saved connections were pointed there.`,
      );
      expect(await echoes(server.handle.url)).toBe('back again');
    } finally {
      await after.dispose();
      squatter.close();
    }
    // The new port is the one remembered now.
    const next = new MockServers(context as never, log as never);
    await next.restore(moved);
    expect(next.list().map((s) => s.handle.port)).not.toContain(port);
    await next.dispose();
  }, 60_000);

  it('a chosen port in use: a clear message, no server', async () => {
    const squatter: Server = createServer().listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const port = (squatter.address() as { port: number }).port;
    vi.spyOn(window, 'showInputBox').mockResolvedValueOnce(String(port) as never);
    const servers = new MockServers(fakeExtensionContext() as never, window.createOutputChannel() as never);
    try {
      expect(await servers.start('echo', { askPort: true })).toBeUndefined();
      expect(fake.messages.at(-1)).toEqual({ level: 'error', text: `WebSocket Lab: port ${port} is already in use, so the mock server was not started. Pick another port, or leave it blank for any free port.` });
      expect(servers.list()).toEqual([]);
    } finally {
      await servers.dispose();
      squatter.close();
    }
  });

  it('with two servers the status bar click asks which one', async () => {
    const item = { text: '', tooltip: '', name: '', command: undefined as unknown, show() {}, hide() {}, dispose() {} };
    vi.spyOn(window, 'createStatusBarItem').mockReturnValue(item as never);
    const servers = new MockServers(fakeExtensionContext() as never, window.createOutputChannel() as never);
    try {
      const one = (await servers.start('echo'))!;
      expect(item.command).toMatchObject({ arguments: [one] });
      const two = (await servers.start('echo'))!;
      expect(item.text).toBe('$(radio-tower) 2 mock servers · 0 clients');
      expect(item.command).toMatchObject({ command: 'websocketLab.openServerTimeline', arguments: [] });
      const pick = vi.spyOn(window, 'showQuickPick').mockImplementationOnce((async (items: Array<{ s: unknown }>) => items[1]) as never);
      expect(await servers.pickRunning('Open Server Timeline')).toBe(two);
      const [items, options] = pick.mock.calls[0] as unknown as [Array<{ label: string; description: string }>, { title: string }];
      expect(items.map((i) => `${i.label} ${i.description}`)).toEqual([`echo ${one.handle.url}`, `echo ${two.handle.url}`]);
      expect(options.title).toBe('Open Server Timeline');
    } finally {
      await servers.dispose();
    }
  });
});
