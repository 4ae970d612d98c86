// Connections driven through VS Code commands against a real mock server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitForEvent, waitForStats } from './helpers';
import type { LiveConnection } from '../../../src/client/liveConnection';
import { checkUrlInput } from '../../../src/wire/url';

describe('Connections', () => {
  let serverId: string | undefined;
  afterEach(async () => {
    const lab = await api();
    for (const c of lab.connections.list()) await lab.connections.remove(c.config.id);
    if (serverId) await vscode.commands.executeCommand('websocketLab.stopMockServer', lab.servers.get(serverId));
    serverId = undefined;
  });

  it('New Connection adds a tree item, connects, and the echoed "hello" is on the timeline', async () => {
    const lab = await api();
    const started = await vscode.commands.executeCommand<{ url: string; id: string }>('websocketLab.startMockServer', 'echo');
    serverId = started.id;
    const c = await vscode.commands.executeCommand<LiveConnection>('websocketLab.newConnection', { url: started.url, name: 'echo test' });
    await waitForEvent(c, (e) => e.kind === 'open');
    await waitForStats(c, () => c.stats.state === 'OPEN');

    const items = lab.tree.getChildren().map((n) => lab.tree.getTreeItem(n));
    const item = items.find((i) => i.label === 'echo test');
    assert.ok(item, `tree shows the connection (items: ${items.map((i) => i.label).join(', ')})`);
    assert.equal(item.contextValue, 'connection.open');
    assert.match(String(item.description), /OPEN/);

    const sent = await c.sendComposer('text', 'hello');
    assert.deepEqual(sent, { ok: true, message: undefined });
    const echo = await waitForEvent(c, (e) => e.kind === 'message' && e.dir === 'in');
    assert.equal(echo.kind === 'message' && echo.data, 'hello');
    assert.equal(echo.kind === 'message' && echo.size, 5);
    // Figures reach the tree through throttled stats (at most 10 updates a second).
    await waitForStats(c, () => /↑1 ↓1/.test(String(lab.tree.getTreeItem(c).description)));

    // The connection was saved to the workspace file.
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.vscode', 'websocket-lab.json')));
      assert.match(text, /echo test/);
    }
  });

  it('the URL box explains what is wrong with a bad URL', () => {
    assert.match(checkUrlInput('http://example.com') ?? '', /ws:\/\//);
    assert.match(checkUrlInput('not a url') ?? '', /./);
    assert.equal(checkUrlInput('ws://127.0.0.1:8080/socket'), undefined);
    assert.equal(checkUrlInput('wss://{{host}}/socket'), undefined);
  });
});
