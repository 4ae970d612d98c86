// The everyday workflow inside a real VS Code: handshake details, formats, ping, close codes on
// both sides, bad input, reconnects with a queue, HAR round trip, secrets kept out of files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitForEvent, waitForStats } from './helpers';
import type { LiveConnection } from '../../../src/client/liveConnection';
import type { TimelineEvent, MessageEvent } from '../../../src/shared/events';
import { startMockServer } from '../../../src/server/index';

type Started = { url: string; id: string };

const startScenario = (name: string) => vscode.commands.executeCommand<Started>('websocketLab.startMockServer', name);
const newConnection = (url: string, name: string) =>
  vscode.commands.executeCommand<LiveConnection>('websocketLab.newConnection', { url, name, connect: false });
const messages = (c: LiveConnection, dir: 'in' | 'out') =>
  c.store.all().filter((e): e is MessageEvent => e.kind === 'message' && e.dir === dir);

describe('Everyday workflow', () => {
  afterEach(async () => {
    const lab = await api();
    for (const c of lab.connections.list()) await lab.connections.remove(c.config.id);
    for (const s of lab.servers.list()) await lab.servers.stop(s.id);
  });

  it('shows the handshake with the offered subprotocol, a custom header and the negotiated protocol', async () => {
    const lab = await api();
    const server = await startScenario('subprotocols');
    const c = await newConnection(server.url, 'handshake');
    await lab.connections.update({ ...c.config, subprotocols: ['chat.v1'], headers: [{ name: 'X-Trace-Id', value: 'it-123' }] });
    await c.connect();
    const request = await waitForEvent(c, (e) => e.kind === 'handshake-request');
    const response = await waitForEvent(c, (e) => e.kind === 'handshake-response');
    assert.ok(request.kind === 'handshake-request');
    const header = (name: string) => request.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    assert.equal(header('Sec-WebSocket-Protocol'), 'chat.v1');
    assert.equal(header('X-Trace-Id'), 'it-123');
    assert.match(header('Sec-WebSocket-Key') ?? '', /^[A-Za-z0-9+/]{22}==$/);
    assert.equal(header('Sec-WebSocket-Version'), '13');
    assert.ok(response.kind === 'handshake-response');
    assert.equal(response.status, 101);
    assert.equal(response.acceptValid, true);
    assert.equal(response.protocol, 'chat.v1');
    await waitForStats(c, () => c.stats.protocol === 'chat.v1');
  });

  it('round-trips text, JSON, hex and MessagePack with the right opcodes and sizes', async () => {
    const server = await startScenario('echo');
    const c = await newConnection(server.url, 'formats');
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'open');
    for (const [format, body] of [['text', 'hello'], ['json', '{"a": 1}'], ['hex', '48 65 6c 6c 6f'], ['msgpack', '{"hello":"msgpack"}']] as const) {
      const r = await c.sendComposer(format, body);
      assert.equal(r.ok, true, `${format}: ${JSON.stringify(r)}`);
    }
    await waitForEvent(c, () => messages(c, 'in').length >= 4);
    const [text, json, hex, msgpack] = messages(c, 'in');
    assert.deepEqual([text.opcode, text.data, text.size], ['text', 'hello', 5]);
    assert.deepEqual([json.opcode, JSON.parse(json.data)], ['text', { a: 1 }]);
    assert.deepEqual([hex.opcode, hex.encoding, Buffer.from(hex.data, 'base64').toString()], ['binary', 'base64', 'Hello']);
    assert.equal(msgpack.opcode, 'binary');
    // fixmap(1) + fixstr "hello" + fixstr "msgpack"
    assert.equal(Buffer.from(msgpack.data, 'base64').toString('hex'), '81a568656c6c6fa76d73677061636b');
  });

  it('a ping shows its pong with a round-trip time, and close 4000 "bye" is seen by both sides', async () => {
    const lab = await api();
    const server = await startScenario('echo');
    const c = await newConnection(server.url, 'ping-close');
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'open');
    assert.equal(c.ping('are you there').ok, true);
    const pong = await waitForEvent(c, (e) => e.kind === 'pong' && e.dir === 'in');
    assert.ok(pong.kind === 'pong' && typeof pong.rttMs === 'number' && pong.rttMs >= 0);
    await waitForStats(c, () => c.stats.lastRttMs !== undefined);

    assert.deepEqual(c.close(4000, 'bye'), { ok: true });
    const close = await waitForEvent(c, (e) => e.kind === 'close');
    assert.ok(close.kind === 'close');
    assert.deepEqual([close.code, close.reason, close.wasClean, close.initiator], [4000, 'bye', true, 'client']);
    // The server's events come from its worker thread, a few milliseconds after what the client saw.
    const seen = await waitForEvent(lab.servers.get(server.id)!.timeline, (e) => e.kind === 'close');
    assert.ok(seen.kind === 'close');
    assert.deepEqual([seen.code, seen.reason], [4000, 'bye']);
  });

  it('bad input gets a clear message and the timeline keeps what it had', async () => {
    const server = await startScenario('echo');
    const c = await newConnection(server.url, 'bad input');
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'open');
    await c.sendComposer('text', 'kept');
    await waitForEvent(c, (e) => e.kind === 'message' && e.dir === 'in');
    const before = c.store.size;

    const json = await c.sendComposer('json', '{"a": 1,\n "b": }');
    assert.ok(!json.ok && /line 2/i.test(json.error) && json.position !== undefined, JSON.stringify(json));
    const hex = await c.sendComposer('hex', 'abc');
    assert.ok(!hex.ok && /3/.test(hex.error) && /odd|even/i.test(hex.error), JSON.stringify(hex));
    const code = c.close(1005, '');
    assert.ok(!code.ok && /1005/.test(code.error), JSON.stringify(code));
    const reason = c.close(4000, 'x'.repeat(124));
    assert.ok(!reason.ok && /124/.test(reason.error) && /123/.test(reason.error), JSON.stringify(reason));
    assert.equal(c.store.size, before, 'refused input adds nothing and removes nothing');
    assert.ok(messages(c, 'in').some((m) => m.data === 'kept'));
  });

  it('an invalid URL, an unreachable host and a 401 refusal each end in a clear error event', async () => {
    const lab = await api();
    const invalid = await newConnection('ws://127.0.0.1:1/', 'invalid');
    await lab.connections.update({ ...invalid.config, url: 'http://127.0.0.1/' });
    const r = await invalid.connect();
    assert.ok(!r.ok && /ws:\/\//.test(r.error), JSON.stringify(r));
    assert.equal(invalid.store.all().find((e) => e.kind === 'error')?.kind, 'error');

    const refused = await newConnection('ws://127.0.0.1:1/', 'refused');
    await lab.connections.update({ ...refused.config, reconnect: { ...refused.config.reconnect, enabled: false } });
    await refused.connect();
    const refusedError = await waitForEvent(refused, (e) => e.kind === 'error');
    assert.ok(refusedError.kind === 'error' && refusedError.category === 'refused', JSON.stringify(refusedError));

    const auth = await startScenario('auth');
    const denied = await newConnection(auth.url, 'auth');
    await lab.connections.update({ ...denied.config, reconnect: { ...denied.config.reconnect, enabled: false } });
    await denied.connect();
    const rejected = await waitForEvent(denied, (e) => e.kind === 'error' && e.category === 'handshake-rejected');
    assert.ok(rejected.kind === 'error');
    assert.equal(rejected.status, 401);
    assert.match(rejected.body ?? '', /missing token/);
  });

  it('after a server restart it reconnects with backoff and delivers queued messages in order, once each', async () => {
    const lab = await api();
    let server = await startMockServer({ scenario: 'echo', port: 0 });
    const port = server.port;
    const c = await newConnection(server.url, 'restart');
    await lab.connections.update({ ...c.config, reconnect: { ...c.config.reconnect, baseDelayMs: 100, maxDelayMs: 400 } });
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'open');
    await server.close();
    await waitForEvent(c, (e) => e.kind === 'reconnect-scheduled');
    for (const text of ['first', 'second', 'third']) {
      const r = await c.sendComposer('text', text);
      assert.ok(r.ok && r.message?.includes('queued'), JSON.stringify(r));
    }
    await waitForStats(c, () => c.stats.queueLength === 3);
    server = await startMockServer({ scenario: 'echo', port });
    try {
      await waitForEvent(c, () => messages(c, 'in').length >= 3, 15_000);
      const opens = c.store.all().filter((e) => e.kind === 'open').length;
      assert.equal(opens, 2);
      const attempts = c.store.all().filter((e): e is Extract<TimelineEvent, { kind: 'reconnect-scheduled' }> => e.kind === 'reconnect-scheduled');
      assert.ok(attempts.every((a) => a.delayMs <= 400), `delays ${attempts.map((a) => a.delayMs).join(',')} stay under the max`);
      assert.deepEqual(messages(c, 'out').map((m) => m.data), ['first', 'second', 'third']);
      assert.deepEqual(messages(c, 'in').map((m) => m.data), ['first', 'second', 'third']);
    } finally {
      c.disconnect();
      await server.close();
    }
  });

  it('a HAR export imported again shows the same messages, and secrets stay out of files', async () => {
    const lab = await api();
    const server = await startScenario('echo');
    const c = await newConnection(server.url, 'har');
    const secret = 'tok-SECRET-4242';
    await lab.connections.update({ ...c.config, headers: [{ name: 'Authorization', value: '', secret: true }] }, { Authorization: `Bearer ${secret}` });
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'open');
    await c.sendComposer('text', 'one');
    await c.sendComposer('json', '{"two":2}');
    await waitForEvent(c, () => messages(c, 'in').length >= 2);

    const folder = vscode.workspace.workspaceFolders![0].uri;
    const target = vscode.Uri.joinPath(folder, 'export.har');
    const exported = await vscode.commands.executeCommand<{ ok: boolean }>('websocketLab.exportTimeline', c, 'har', target);
    assert.equal(exported?.ok, true);
    const harText = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.ok(!harText.includes(secret), 'the HAR does not contain the secret');
    const connectionsFile = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, '.vscode', 'websocket-lab.json')));
    assert.ok(!connectionsFile.includes(secret), 'the connections file does not contain the secret');
    const request = c.store.all().find((e) => e.kind === 'handshake-request');
    assert.ok(request && !JSON.stringify(request).includes(secret), 'the timeline shows the header redacted');

    const imported = await vscode.commands.executeCommand<LiveConnection[]>('websocketLab.importHar', target);
    assert.equal(imported.length, 1);
    const strip = (list: MessageEvent[]) => list.map((m) => [m.dir, m.opcode, m.data]);
    assert.deepEqual(strip(imported[0].store.all().filter((e): e is MessageEvent => e.kind === 'message')), strip(c.store.all().filter((e): e is MessageEvent => e.kind === 'message')));
  });
});
