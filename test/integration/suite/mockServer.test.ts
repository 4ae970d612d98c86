// The mock server run from VS Code commands, checked with a real `ws` client.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import WebSocket from 'ws';
import { api, waitForEvent } from './helpers';
import type { LiveConnection } from '../../../src/client/liveConnection';

describe('Mock server commands', () => {
  it('Start Mock Server runs an echo server on 127.0.0.1 that a real client can use, and Stop ends it', async () => {
    const lab = await api();
    const started = await vscode.commands.executeCommand<{ url: string; id: string }>('websocketLab.startMockServer', 'echo');
    assert.ok(started, 'the command returned the running server');
    assert.match(started.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const running = lab.servers.get(started.id)!;
    assert.equal(running.handle.host, '127.0.0.1');
    const tree = lab.servers.getChildren();
    assert.equal(tree.length, 1);
    assert.match(String(lab.servers.getTreeItem(tree[0]).description), /127\.0\.0\.1/);

    const client = new WebSocket(started.url);
    const echoed = await new Promise<string>((resolve, reject) => {
      client.once('open', () => client.send('hello from the extension host'));
      client.once('message', (data) => resolve(String(data)));
      client.once('error', reject);
    });
    assert.equal(echoed, 'hello from the extension host');
    // The server's own timeline saw the conversation (its events come from the server's worker thread).
    const seen = await waitForEvent(running.timeline, (e) => e.kind === 'message' && e.dir === 'out');
    assert.ok(seen.kind === 'message' && seen.data === 'hello from the extension host', JSON.stringify(seen));
    client.close();

    await vscode.commands.executeCommand('websocketLab.stopMockServer', running);
    assert.equal(lab.servers.list().length, 0);
    await assert.rejects(new Promise((resolve, reject) => {
      const late = new WebSocket(started.url);
      late.once('open', () => { late.close(); resolve(undefined); });
      late.once('error', reject);
    }), 'the stopped server refuses connections');
  });

  it('a wss:// mock server uses a self-signed certificate that a connection trusting it accepts', async () => {
    const lab = await api();
    const started = await vscode.commands.executeCommand<{ url: string; id: string }>('websocketLab.startMockServerTls', 'echo');
    assert.match(started.url, /^wss:\/\/127\.0\.0\.1:\d+$/);
    const tls = lab.servers.get(started.id)!.handle.tls!;
    assert.ok(tls.certPath.includes('certs'), tls.certPath);

    // Verification is on by default: without trusting the certificate the handshake fails.
    const untrusting = await vscode.commands.executeCommand<LiveConnection>('websocketLab.newConnection', { url: started.url, name: 'untrusting', connect: false });
    await lab.connections.update({ ...untrusting.config, reconnect: { ...untrusting.config.reconnect, enabled: false } });
    await untrusting.connect();
    const refused = await waitForEvent(untrusting, (e) => e.kind === 'error');
    assert.ok(refused.kind === 'error' && refused.category === 'tls', JSON.stringify(refused));

    const trusting = await vscode.commands.executeCommand<LiveConnection>('websocketLab.newConnection', { url: started.url, name: 'trusting', caFile: tls.certPath });
    await waitForEvent(trusting, (e) => e.kind === 'open').catch((err) => { throw new Error(`${err.message}: ${JSON.stringify(trusting.store.all().find((e) => e.kind === 'error'))}`); });
    for (const c of lab.connections.list()) await lab.connections.remove(c.config.id);
    await vscode.commands.executeCommand('websocketLab.stopMockServer', lab.servers.get(started.id));
  });
});
