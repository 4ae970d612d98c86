// The Mock Servers view and status bar (src/panels/servers/mockServers.ts) with servers running in
// their worker threads, from the server bundle the extension ships, against a stand-in for VS Code.
// When a scenario runs its worker out of memory, the user is told which server stopped and why, the
// server leaves the view and the status bar, and the other servers and the extension keep working.
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake, fakeExtensionContext, Uri, window } from '../../support/fakeVscode';
import { MockServers } from '../../../src/panels/servers/mockServers';
import { bundleServer, type ServerModule } from '../reliability/serverBundle';
import { withTimeout } from '../../support/withTimeout';

vi.mock('vscode', () => import('../../support/fakeVscode'));

// The panels load the server with import('../../server/index'): here that is the bundle built in
// beforeAll, whose startMockServerInWorker runs each server in a thread that loads that same file.
// The test lowers the worker's heap limit so the hoarding scenario fills it in a few seconds.
const built = vi.hoisted(() => ({ server: undefined as unknown as ServerModule, heapLimitMb: 64 }));
vi.mock('../../../src/server/index', () => ({
  ...built.server,
  startMockServerInWorker: (o: Parameters<ServerModule['startMockServerInWorker']>[0]) => built.server.startMockServerInWorker({ ...o, heapLimitMb: built.heapLimitMb }),
}));

let bundle: Awaited<ReturnType<typeof bundleServer>>;
const dir = mkdtempSync(join(tmpdir(), 'wslab-mock-servers-'));
beforeAll(async () => {
  bundle = await bundleServer();
  built.server = bundle.server;
}, 120_000);
afterAll(() => {
  bundle?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const HOARDER_YAML = `name: hoarder
limits: { maxMessageBytes: 4194304, maxStateValueBytes: 4194304, maxSharedStateBytes: 268435456 }
sharedState: { strokes: [] }
rules:
  - do:
      - append: { strokes: "{{message.text}}" }
        scope: shared
        maxItems: 1000000
      - reply: kept
`;

/** The status bar item MockServers creates, with what it shows. */
function captureStatusBar() {
  const item = { text: '', tooltip: '', name: '', command: undefined as unknown, visible: false, show() { item.visible = true; }, hide() { item.visible = false; }, dispose() {} };
  vi.spyOn(window, 'createStatusBarItem').mockReturnValue(item as never);
  return item;
}

/** Answers the scenario picker with "From a scenario file…" and the open dialog with `file`. */
function pickFile(file: string): void {
  vi.spyOn(window, 'showQuickPick').mockImplementationOnce((async (items: Array<{ value: string }>) => items[items.length - 1]) as never);
  vi.spyOn(window, 'showOpenDialog').mockImplementationOnce((async () => [Uri.file(file)]) as never);
}

afterEach(() => {
  vi.restoreAllMocks();
  fake.reset();
});

describe('Mock Servers, each server in its own worker thread', () => {
  it('a server whose scenario runs out of memory leaves the view and the status bar with an error naming it and the cause; the others keep running', async () => {
    const status = captureStatusBar();
    const context = fakeExtensionContext();
    const log = window.createOutputChannel();
    const servers = new MockServers(context as never, log as never);
    try {
      const echo = (await servers.start('echo'))!;
      const file = join(dir, 'hoarder.wsmock.yaml');
      writeFileSync(file, HOARDER_YAML);
      pickFile(file);
      const hoarder = (await servers.start())!;
      expect(hoarder.scenario).toBe('hoarder.wsmock.yaml');
      expect(servers.getChildren().map((s) => s.scenario)).toEqual(['echo', 'hoarder.wsmock.yaml']);
      expect(status.visible).toBe(true);
      expect(status.text).toContain('2 mock servers');

      // A client feeds the hoarder 2 MiB strokes until its worker's heap is full.
      const ws = new WebSocket(hoarder.handle.url);
      ws.on('error', () => undefined);
      await once(ws, 'open');
      const stroke = 'x'.repeat(2 * 1024 * 1024);
      ws.on('message', () => ws.readyState === WebSocket.OPEN && ws.send(stroke));
      ws.send(stroke);
      await withTimeout((async () => {
        while (servers.list().length > 1) await new Promise((r) => setTimeout(r, 20));
      })(), 60_000, 'the hoarder to leave the Mock Servers view');

      const error = fake.messages.find((m) => m.level === 'error');
      expect(error?.text).toMatch(/the mock server "hoarder\.wsmock\.yaml" .*stopped: it ran out of memory \(a mock server may use up to 64 MB\)/);
      expect(log.errors.join('\n')).toMatch(/hoarder\.wsmock\.yaml.*ran out of memory/);
      expect(servers.getChildren().map((s) => s.scenario)).toEqual(['echo']);
      expect(status.visible).toBe(true);
      expect(status.text).toContain(echo.handle.url);
      expect(fake.contexts.get('websocketLab.mockServerRunning')).toBe(true);
      // Its timeline keeps what it recorded and says how it ended.
      const events = hoarder.timeline.store.all();
      expect(events.some((e) => e.kind === 'message' && e.dir === 'in')).toBe(true);
      expect(events.at(-1)).toMatchObject({ kind: 'error', message: expect.stringMatching(/ran out of memory/) });
      expect(hoarder.timeline.stats.state).toBe('CLOSED');

      // The echo server still answers, and a new server starts.
      const client = new WebSocket(echo.handle.url);
      await once(client, 'open');
      client.send('still here');
      const [data] = await withTimeout(once(client, 'message'), 5000, 'the echo');
      expect(String(data)).toBe('still here');
      client.close();
      const another = (await servers.start('echo'))!;
      expect(servers.getChildren()).toHaveLength(2);

      await servers.stop(another.id);
      await servers.stop(echo.id);
      expect(status.visible).toBe(false);
      expect(fake.contexts.get('websocketLab.mockServerRunning')).toBe(false);
    } finally {
      await servers.dispose();
    }
  }, 90_000);
});
