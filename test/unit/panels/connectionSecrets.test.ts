// The VS Code side of secrets (src/panels/connections), against the stand-in for VS Code and real
// servers on 127.0.0.1: the modal that asks before a stored secret goes to a server it was not
// entered for, SecretStorage keys a committed file cannot name, an earlier version's secrets,
// private env values and auth.<token> subprotocols hidden through a real session against the
// mock server, the mock server's own timeline export, and URL passwords in what VS Code shows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { commands, fake, fakeExtensionContext, Uri, window, workspace } from '../../support/fakeVscode';
import { ConnectionsModel } from '../../../src/panels/connections/connectionsModel';
import { ConnectionsTree } from '../../../src/panels/connections/connectionsTree';
import { registerConnectionCommands } from '../../../src/panels/connections/connectionCommands';
import { editConnection } from '../../../src/panels/connections/editConnection';
import { openConnectionTimeline } from '../../../src/panels/timeline/connectionTimeline';
import { parseConnectionsFile, serializeConnectionsFile } from '../../../src/formats/connectionsFile';
import { CODE_TARGETS } from '../../../src/formats/copyAsCode';
import { Commands } from '../../../src/panels/commands';
import type { LiveConnection } from '../../../src/client/liveConnection';
import type { ConnectionConfig } from '../../../src/shared/connection';
import type { TimelineEvent } from '../../../src/shared/events';
import { startMockServer } from '../../../src/server';
import { ServerTimeline } from '../../../src/timeline/serverTimeline';
import type { RunningServer } from '../../../src/panels/servers/mockServers';
import { closeAll, onCleanup } from '../../support/cleanup';
import { withTimeout } from '../../support/withTimeout';
import { wsServer } from '../client/netHelpers';

vi.mock('vscode', () => import('../../support/fakeVscode'));

const GLOBAL_KEY = 'websocketLab.connections';

/** A Memento (workspaceState): the fake context has only globalState. */
function memento() {
  const state = new Map<string, unknown>();
  return {
    get: <T>(key: string, fallback?: T) => (state.has(key) ? (state.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void state.set(key, value),
    keys: () => [...state.keys()],
  };
}

type Context = ReturnType<typeof fakeExtensionContext> & { workspaceState: ReturnType<typeof memento> };

function context(secrets?: Context['secrets']): Context {
  const c = { ...fakeExtensionContext(), workspaceState: memento() };
  if (secrets) c.secrets = secrets;
  onCleanup(() => c.disposeAll());
  return c;
}

/** Every line the model writes to the log, whatever the level. */
function logChannel() {
  const lines: string[] = [];
  const keep = (text: string) => void lines.push(text);
  return { lines, info: keep, warn: keep, error: keep, debug: keep, trace: keep, append: keep, appendLine: keep, show: () => undefined, dispose: () => undefined };
}

async function model(ctx: Context, log = logChannel()): Promise<ConnectionsModel> {
  const m = new ConnectionsModel(ctx as never, log as never);
  ctx.subscriptions.push(m);
  await m.load();
  return m;
}

/** A ws server that keeps the handshake headers of every client. */
async function capturing() {
  const s = await wsServer();
  const seen: IncomingHttpHeaders[] = [];
  s.wss.on('connection', (_ws, req) => seen.push(req.headers));
  return { ...s, origin: `ws://127.0.0.1:${s.port}`, seen };
}

function waitForEvent(c: LiveConnection, pred: (e: TimelineEvent) => boolean, ms = 5000): Promise<TimelineEvent> {
  const seen = c.store.all().find(pred);
  if (seen) return Promise.resolve(seen);
  return withTimeout(new Promise((resolve) => {
    const off = c.onEvent((e) => pred(e) && (off(), resolve(e)));
  }), ms, 'a timeline event');
}

/** Waits until the timeline holds `n` events of this kind. */
const waitForCount = (c: LiveConnection, kind: TimelineEvent['kind'], n: number) =>
  waitForEvent(c, () => c.store.all().filter((e) => e.kind === kind).length >= n);

const noReconnect = { enabled: false, baseDelayMs: 100, maxDelayMs: 100, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 };
const TOKEN = 'Bearer tok-9f2c-entered-for-one-server';

let folders: string[] = [];

beforeEach(() => {
  fake.reset();
  workspace.workspaceFolders = undefined;
});

afterEach(async () => {
  vi.restoreAllMocks();
  workspace.workspaceFolders = undefined;
  await closeAll();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
  folders = [];
});

/** A repository folder with a committed connections file. */
function repository(connections: Array<Partial<ConnectionConfig>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wslab-repo-'));
  folders.push(dir);
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, '.vscode', 'websocket-lab.json'), JSON.stringify({ version: 1, connections }));
  return dir;
}

// ------------------------------------------------------------------ finding 4

describe('a stored secret and a connections file that changes', () => {
  it('the URL changed to another server: a modal asks first; Cancel sends nothing, Send Once sends once, Always remembers', async () => {
    const saved = await capturing();
    const other = await capturing();
    const ctx = context();
    const before = await model(ctx);
    const c = await before.add('Prod', saved.url, { headers: [{ name: 'Authorization', value: '', secret: true }], reconnect: noReconnect });
    await before.update(c.config, { Authorization: TOKEN });

    // A pull request changes only the URL; the window is reloaded.
    await ctx.globalState.update(GLOBAL_KEY, [{ ...c.config, url: other.url }]);
    const after = await model(ctx);
    const live = after.get(c.config.id)!;
    const ask = vi.spyOn(window, 'showWarningMessage').mockResolvedValueOnce(undefined as never);
    const refused = await live.connect();
    expect(refused.ok).toBe(false);
    expect(ask).toHaveBeenCalledTimes(1);
    const [message, options, ...buttons] = ask.mock.calls[0] as unknown as [string, { modal: boolean; detail: string }, ...string[]];
    expect(message).toBe(`Send the secret header Authorization of "Prod" to ${other.origin}?`);
    expect(options.modal).toBe(true);
    expect(options.detail).toContain(`saved for ${saved.origin}, not for ${other.origin}`);
    expect(buttons).toEqual(['Send Once', `Always Send to ${other.origin}`]);
    expect(other.seen, 'Cancel: the other server got no handshake').toEqual([]);

    ask.mockResolvedValueOnce('Send Once' as never);
    expect(await live.connect()).toEqual({ ok: true });
    await waitForEvent(live, (e) => e.kind === 'open');
    expect(other.seen[0].authorization).toBe(TOKEN);
    live.disconnect();
    await waitForEvent(live, (e) => e.kind === 'close');

    ask.mockResolvedValueOnce(`Always Send to ${other.origin}` as never);
    expect(await live.connect()).toEqual({ ok: true });
    await waitForCount(live, 'open', 2);
    live.disconnect();
    await waitForCount(live, 'close', 2);
    expect(await live.connect()).toEqual({ ok: true });
    expect(ask).toHaveBeenCalledTimes(3);
  });

  it('wss:// changed to ws://: the modal says the secret would travel unencrypted', async () => {
    const ctx = context();
    const before = await model(ctx);
    const c = await before.add('Prod', 'wss://api.example.com/feed', { headers: [{ name: 'Authorization', value: '', secret: true }], reconnect: noReconnect });
    await before.update(c.config, { Authorization: TOKEN });
    await ctx.globalState.update(GLOBAL_KEY, [{ ...c.config, url: 'ws://api.example.com/feed' }]);
    const after = await model(ctx);
    const ask = vi.spyOn(window, 'showWarningMessage').mockResolvedValueOnce(undefined as never);
    expect((await after.get(c.config.id)!.connect()).ok).toBe(false);
    const detail = ((ask.mock.calls[0] as unknown[])[1] as { detail: string }).detail;
    expect(detail).toContain('saved for wss://api.example.com:443, which is encrypted (wss://); ws://api.example.com:80 is not');
    expect(detail).toContain('ws:// is not encrypted');
  });

  it('another repository that uses the same connection id gets nothing: the keys are this workspace\'s', async () => {
    const target = await capturing();
    const id = 'shared-id';
    const entry = { id, name: 'API', url: target.url, headers: [{ name: 'Authorization', value: '', secret: true }], reconnect: noReconnect };
    // The user's own repository: the secret is entered there.
    const mine = context();
    workspace.workspaceFolders = [{ uri: Uri.file(repository([entry])) }];
    const own = await model(mine);
    await own.update(own.get(id)!.config, { Authorization: TOKEN });
    // Another repository copies the id (same SecretStorage: it is per extension, not per workspace).
    const theirs = context(mine.secrets);
    workspace.workspaceFolders = [{ uri: Uri.file(repository([entry])) }];
    const other = await model(theirs);
    const ask = vi.spyOn(window, 'showWarningMessage');
    const r = await other.get(id)!.connect();
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/header Authorization is secret but no value is stored/) });
    expect(ask).not.toHaveBeenCalled();
    expect(target.seen).toEqual([]);
  });

  it('SecretStorage keys are random and name neither the connection nor the header', async () => {
    const ctx = context();
    const stores = vi.spyOn(ctx.secrets, 'store');
    const m = await model(ctx);
    const c = await m.add('Prod', 'wss://api.example.com/', {
      headers: [{ name: 'Authorization', value: '', secret: true }],
      query: [{ name: 'token', value: '', secret: true }],
    });
    await m.update(c.config, { Authorization: TOKEN, 'query:token': 'q-secret-value' });
    const keys = stores.mock.calls.map(([key]) => key);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^websocketLab\.secret\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(key).not.toContain(c.config.id);
    }
    expect(JSON.parse((await ctx.secrets.get(keys[0]))!)).toMatchObject({ value: TOKEN, origins: ['wss://api.example.com:443'] });
  });

  it('a secret of an earlier version (its old key named the connection) is asked about on first use, then bound; the old key is gone', async () => {
    const target = await capturing();
    const ctx = context();
    const config = { ...(await (await model(ctx)).add('Old', target.url, { headers: [{ name: 'Authorization', value: '', secret: true }], reconnect: noReconnect })).config };
    const legacyKey = `websocketLab.header.${config.id}.authorization`;
    await ctx.secrets.store(legacyKey, TOKEN);
    const m = await model(ctx);
    const ask = vi.spyOn(window, 'showWarningMessage').mockResolvedValueOnce(`Always Send to ${target.origin}` as never);
    const live = m.get(config.id)!;
    expect(await live.connect()).toEqual({ ok: true });
    await waitForEvent(live, (e) => e.kind === 'open');
    expect(((ask.mock.calls[0] as unknown[])[1] as { detail: string }).detail).toContain('saved by an earlier version');
    expect(target.seen[0].authorization).toBe(TOKEN);
    expect(await ctx.secrets.get(legacyKey)).toBeUndefined();
    live.disconnect();
    await waitForEvent(live, (e) => e.kind === 'close');
    expect(await live.connect()).toEqual({ ok: true });
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('deleting a connection deletes its secrets', async () => {
    const ctx = context();
    const deletes = vi.spyOn(ctx.secrets, 'delete');
    const m = await model(ctx);
    const c = await m.add('Gone', 'wss://api.example.com/', { headers: [{ name: 'Authorization', value: '', secret: true }] });
    await m.update(c.config, { Authorization: TOKEN });
    await m.remove(c.config.id);
    expect(deletes.mock.calls.some(([key]) => key.startsWith('websocketLab.secret.'))).toBe(true);
    expect(await m.allSecretValues()).toEqual([]);
  });
});

// ------------------------------------------------------------------ findings 5 and 8, through a real session against the mock server

/** Everything that leaves VS Code for a connection: its timeline, the log, JSONL, HAR, every copy-as-code target. */
async function outputs(m: ConnectionsModel, c: LiveConnection, log: ReturnType<typeof logChannel>): Promise<Array<[string, string]>> {
  const written: string[] = [];
  vi.spyOn(workspace.fs, 'writeFile').mockImplementation((async (_uri: unknown, bytes: unknown) => void written.push(new TextDecoder().decode(bytes as Uint8Array))) as never);
  const out: Array<[string, string]> = [['timeline', JSON.stringify(c.store.all())], ['log', log.lines.join('\n')]];
  for (const format of ['jsonl', 'har']) {
    const r = await commands.executeCommand<{ ok: boolean }>(Commands.exportTimeline, c, format, Uri.file(`/exports/t.${format}`));
    expect(r.ok).toBe(true);
    out.push([format, written.pop()!]);
  }
  for (const target of CODE_TARGETS) out.push([`copy as ${target}`, await commands.executeCommand<string>(Commands.copyAsCode, c, target)]);
  return out;
}

describe('private env values and auth.<token> subprotocols are secrets everywhere', () => {
  it('{{variables}} from http-client.private.env.json: hidden in the timeline, log, JSONL, HAR and copy-as-code', async () => {
    const server = await startMockServer({ scenario: 'auth', port: 0, host: '127.0.0.1' });
    onCleanup(() => server.close());
    const dir = repository([]);
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ $shared: { port: String(server.port) } }));
    writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ $shared: { apiToken: 'lab-token' }, prod: { apiToken: 'prod-only-secret' } }));
    workspace.workspaceFolders = [{ uri: Uri.file(dir) }];
    vi.spyOn(workspace.fs, 'readFile').mockImplementation((async (uri: unknown) => readFileSync((uri as Uri).fsPath)) as never);
    const ctx = context();
    const log = logChannel();
    const m = await model(ctx, log);
    registerConnectionCommands(ctx as never, m, log as never);
    const c = await m.add('Private env', 'ws://127.0.0.1:{{port}}/?token={{apiToken}}', {
      headers: [{ name: 'X-Token', value: '{{apiToken}}' }, { name: 'X-Pasted', value: 'lab-token' }],
      reconnect: noReconnect,
    });
    expect(await c.connect()).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'open');
    expect(await c.sendComposer('json', '{"token":"{{apiToken}}"}')).toMatchObject({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'message' && e.dir === 'in');
    c.close(4000, 'done');
    await waitForEvent(c, (e) => e.kind === 'close');
    expect(c.store.all().find((e) => e.kind === 'connecting')).toMatchObject({ url: `ws://127.0.0.1:${server.port}/?token=«secret»` });
    for (const [what, text] of await outputs(m, c, log)) {
      expect(text, what).not.toContain('lab-token');
      expect(text, what).not.toContain('prod-only-secret');
    }
    // What is not a secret stays readable.
    expect(JSON.stringify(c.store.all())).toContain(String(server.port));
  });

  it('a secret auth.<token> subprotocol lives in SecretStorage, opens the auth scenario, and is hidden in the timeline, tree, log, exports and copy-as-code', async () => {
    const server = await startMockServer({ scenario: 'auth', port: 0, host: '127.0.0.1' });
    onCleanup(() => server.close());
    const ctx = context();
    const log = logChannel();
    const m = await model(ctx, log);
    registerConnectionCommands(ctx as never, m, log as never);
    const added = await m.add('Auth', server.url, { subprotocols: ['chat.v1', { name: 'auth', secret: true }], reconnect: noReconnect });
    await m.update(added.config, { 'subprotocol:auth': 'auth.lab-token' });
    const c = m.get(added.config.id)!;
    expect(await c.connect()).toEqual({ ok: true });
    const open = await waitForEvent(c, (e) => e.kind === 'open');
    expect(open).toMatchObject({ protocol: '«secret»' });
    await withTimeout(new Promise<void>((r) => (c.stats.protocol ? r() : c.onStats(() => r()))), 2000, 'the stats');
    const tree = new ConnectionsTree(m);
    onCleanup(() => tree.dispose());
    const tooltip = (tree.getTreeItem(c).tooltip as { value: string }).value;
    expect(tooltip).toContain('Subprotocol: `«secret»`');
    c.close(4000, 'done');
    await waitForEvent(c, (e) => e.kind === 'close');
    const all = [...(await outputs(m, c, log)), ['connections file', serializeConnectionsFile([c.config])] as [string, string]];
    for (const [what, text] of [...all, ['tree tooltip', tooltip] as [string, string]]) expect(text, what).not.toContain('lab-token');
    expect(all.find(([w]) => w === 'copy as node-ws')![1]).toContain('["chat.v1", process.env.SUBPROTOCOL_AUTH]');
    expect(all.find(([w]) => w === 'connections file')![1]).toContain('{\n          "name": "auth",\n          "secret": true\n        }');
  });

  it('the mock server\'s own timeline export hides the secrets the extension knows', async () => {
    const { activate } = await import('../../../src/extension');
    const ctx = context();
    const api = await activate(ctx as never);
    // A running server as the Mock Servers view keeps it: its timeline records what the server sees.
    const timeline = new ServerTimeline(1000);
    const handle = await startMockServer({ scenario: 'echo', port: 0, host: '127.0.0.1', onEvent: (e) => timeline.record(e) });
    onCleanup(() => handle.close());
    const running = { id: 'server-secrets', scenario: 'echo', handle, timeline, clients: 0 } as unknown as RunningServer;
    const added = await api.connections.add('To the mock', running.handle.url, { headers: [{ name: 'X-Api-Key', value: '', secret: true }], reconnect: noReconnect });
    await api.connections.update(added.config, { 'X-Api-Key': 'k3y-mock-server-secret' });
    const c = api.connections.get(added.config.id)!;
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'open');
    await c.sendComposer('text', 'my key is k3y-mock-server-secret');
    await waitForEvent(c, (e) => e.kind === 'message' && e.dir === 'in');
    // The server recorded the key (in the client's message) as it arrived.
    expect(JSON.stringify(running.timeline.store.all())).toContain('k3y-mock-server-secret');
    await commands.executeCommand(Commands.openServerTimeline, running);
    const panel = fake.panels[fake.panels.length - 1];
    onCleanup(() => panel.dispose());
    panel.document!.load();
    vi.spyOn(window, 'showSaveDialog').mockResolvedValue(Uri.file('/exports/server.jsonl') as never);
    const written: string[] = [];
    vi.spyOn(workspace.fs, 'writeFile').mockImplementation((async (_uri: unknown, bytes: unknown) => void written.push(new TextDecoder().decode(bytes as Uint8Array))) as never);
    panel.document!.send({ type: 'export', requestId: 1, format: 'jsonl' });
    await withTimeout((async () => {
      while (!panel.document!.of('reply').length) await new Promise((r) => setTimeout(r, 10));
    })(), 5000, 'the export reply');
    expect(panel.document!.of('reply')[0]).toMatchObject({ ok: true });
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('my key is «secret»');
    expect(written[0]).not.toContain('k3y-mock-server-secret');
  });
});

describe('the Edit form puts credentials in SecretStorage', () => {
  /** Runs the Edit form: picks `label`, types `typed` into its input box, then Save; returns what the input box showed. */
  async function edit(m: ConnectionsModel, c: LiveConnection, label: string, typed: (shown: string) => string): Promise<string> {
    let shown = '';
    vi.spyOn(window, 'showQuickPick')
      .mockImplementationOnce((async (items: unknown) => (items as Array<{ label: string }>).find((i) => i.label === label)) as never)
      .mockImplementationOnce((async (items: unknown) => (items as Array<{ label: string }>).find((i) => i.label === '$(save) Save')) as never);
    vi.spyOn(window, 'showInputBox').mockImplementationOnce((async (options: unknown) => {
      shown = (options as { value: string }).value;
      return typed(shown);
    }) as never);
    await editConnection(m, c);
    vi.restoreAllMocks();
    return shown;
  }

  it('an auth.<token> subprotocol and a token query parameter become secret entries; shown as •••, left so they are kept', async () => {
    const ctx = context();
    const m = await model(ctx);
    const c = await m.add('Auth', 'wss://api.example.com/', {});
    await edit(m, c, 'Subprotocols', () => 'chat.v1, auth.lab-token');
    await edit(m, c, 'Query parameters', () => 'room=lobby&token=q-secret-1');
    expect(c.config.subprotocols).toEqual(['chat.v1', { name: 'auth', secret: true }]);
    expect(c.config.query).toEqual([{ name: 'room', value: 'lobby' }, { name: 'token', value: '', secret: true }]);
    expect(serializeConnectionsFile([c.config])).not.toMatch(/lab-token|q-secret-1/);
    expect((await m.allSecretValues()).sort()).toEqual(['auth.lab-token', 'lab-token', 'q-secret-1']);
    // Shown hidden, and kept when left as shown.
    expect(await edit(m, c, 'Subprotocols', (shown) => `${shown}, chat.v2`)).toBe('chat.v1, auth.•••');
    expect(await edit(m, c, 'Query parameters', (shown) => shown)).toBe('room=lobby&token=•••');
    expect(c.config.subprotocols).toEqual(['chat.v1', { name: 'auth', secret: true }, 'chat.v2']);
    expect((await m.allSecretValues()).sort()).toEqual(['auth.lab-token', 'lab-token', 'q-secret-1']);
  });
});

// ------------------------------------------------------------------ finding 8: URL passwords in what VS Code shows

const PASSWORD = 's3cr3t-pw';

describe('a password written into a URL is never shown', () => {
  it('tree tooltip, connection pickers, timeline header, status message, Edit form, log and a file without names', async () => {
    const ctx = context();
    const log = logChannel();
    const m = await model(ctx, log);
    registerConnectionCommands(ctx as never, m, log as never);
    const url = `ws://alice:${PASSWORD}@127.0.0.1:1/feed`;
    const c = await m.add('With password', url, { reconnect: noReconnect });
    await m.add('Another', 'ws://127.0.0.1:2/');
    const shown: Array<[string, string]> = [];

    const tree = new ConnectionsTree(m);
    onCleanup(() => tree.dispose());
    shown.push(['tree tooltip', (tree.getTreeItem(c).tooltip as { value: string }).value]);

    const pick = vi.spyOn(window, 'showQuickPick').mockImplementation((async (items: unknown) => {
      shown.push(['picker', JSON.stringify((items as Array<{ label: string; description?: string }>).map((i) => [i.label, i.description]))]);
      return undefined;
    }) as never);
    await commands.executeCommand(Commands.connect);
    expect(pick).toHaveBeenCalled();

    const status = vi.spyOn(window, 'setStatusBarMessage');
    await commands.executeCommand(Commands.copyUrl, c);
    shown.push(['status message', String((status.mock.calls[0] as unknown[])[0])]);

    const panel = openConnectionTimeline(ctx.extensionUri as never, m, c, log as never);
    onCleanup(() => panel.dispose());
    fake.panels[fake.panels.length - 1].document!.load();
    const init = fake.panels[fake.panels.length - 1].document!.of('init')[0] as unknown as { info: { url: string } };
    shown.push(['timeline header', init.info.url]);
    expect(init.info.url).toBe('ws://alice:•••@127.0.0.1:1/feed');

    // The Edit form: pick URL, leave the hidden password as shown, then Save.
    pick.mockReset();
    const fields: string[] = [];
    pick.mockImplementationOnce((async (items: unknown) => {
      fields.push(JSON.stringify(items));
      return (items as Array<{ label: string }>).find((i) => i.label === 'URL');
    }) as never).mockImplementationOnce((async (items: unknown) => {
      fields.push(JSON.stringify(items));
      return (items as Array<{ label: string }>).find((i) => i.label === '$(save) Save');
    }) as never);
    const input = vi.spyOn(window, 'showInputBox').mockImplementation((async (options: unknown) => {
      const o = options as { value: string };
      shown.push(['URL input box', o.value]);
      return o.value.replace('/feed', '/feed2');
    }) as never);
    await editConnection(m, c);
    expect(input).toHaveBeenCalledTimes(1);
    shown.push(...fields.map((f): [string, string] => ['Edit form', f]));
    expect(m.get(c.config.id)!.config.url, 'the password is kept').toBe(`ws://alice:${PASSWORD}@127.0.0.1:1/feed2`);

    // Connecting fails (nothing listens on port 1): its messages and log lines.
    await m.get(c.config.id)!.connect();
    await waitForEvent(c, (e) => e.kind === 'error');
    shown.push(['log', log.lines.join('\n')], ['timeline', JSON.stringify(c.store.all())]);

    // A committed file whose connection has no name is named after its URL.
    const parsed = parseConnectionsFile(JSON.stringify({ version: 1, connections: [{ id: 'n', url }] }));
    shown.push(['name from the file', parsed.ok ? parsed.connections[0].name : '']);

    for (const [what, text] of shown) expect(text, what).not.toContain(PASSWORD);
    expect(shown.find(([w]) => w === 'tree tooltip')![1]).toContain('alice:•••@127.0.0.1:1');
  });
});
