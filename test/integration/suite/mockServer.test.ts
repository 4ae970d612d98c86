// The mock server run from VS Code commands, checked with a real `ws` client.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import WebSocket from 'ws';
import { api } from './helpers';

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
    // The server's own timeline saw the conversation.
    const kinds = running.timeline.store.all().map((e) => e.kind);
    assert.ok(kinds.includes('message'), `server timeline has messages (kinds: ${kinds.join(',')})`);
    client.close();

    await vscode.commands.executeCommand('websocketLab.stopMockServer', running);
    assert.equal(lab.servers.list().length, 0);
    await assert.rejects(new Promise((resolve, reject) => {
      const late = new WebSocket(started.url);
      late.once('open', () => { late.close(); resolve(undefined); });
      late.once('error', reject);
    }), 'the stopped server refuses connections');
  });
});
