// Scenario-file diagnostics and the palette commands, in a real extension host: problems of a
// *.wsmock.yaml file appear on it at their line and column and follow edits; Send Message and
// Close Connection run without a connection argument (as from the palette) on the connection
// whose timeline is the active editor; reconnect() after an edit connects to the edited URL.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitForEvent } from './helpers';
import type { LiveConnection } from '../../../src/client/liveConnection';
import { reconnect } from '../../../src/panels/connections/editConnection';

const BROKEN = 'name: chat-bot\nrules:\n  - match:\n      text: hello\n    do:\n      - reply: hi there\n      - repy: welcome\n';

/** Resolves with the file's diagnostics once `test` accepts them. */
function diagnosticsOf(uri: vscode.Uri, test: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (test(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out; diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [d.range.start, d.message]))}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const ds = vscode.languages.getDiagnostics(uri);
      if (!test(ds)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ds);
    });
  });
}

const ours = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => d.source === 'WebSocket Lab scenario');

describe('Scenario file diagnostics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wslab-diag-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a broken scenario file gets a diagnostic at the misspelt key, updated as the file is edited', async () => {
    await api();
    const file = join(dir, 'chat-bot.wsmock.yaml');
    writeFileSync(file, BROKEN);
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const [typo] = ours(await diagnosticsOf(uri, (ds) => ours(ds).length > 0));
    assert.match(typo.message, /unknown field "repy".*did you mean "reply"/);
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Error);
    // Line 7, column 9 (1-based): the key itself is underlined.
    assert.deepEqual([typo.range.start.line, typo.range.start.character, typo.range.end.character], [6, 8, 12]);

    // Fixing the typo clears it (without saving).
    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, typo.range, 'reply');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await diagnosticsOf(uri, (ds) => ours(ds).length === 0);

    // One space too many before "do:" (line 5): reported at "do", column 6, not at column 1.
    const indent = new vscode.WorkspaceEdit();
    indent.insert(uri, new vscode.Position(4, 0), ' ');
    assert.ok(await vscode.workspace.applyEdit(indent));
    const [bad] = ours(await diagnosticsOf(uri, (ds) => ours(ds).length > 0));
    assert.match(bad.message, /same column/);
    assert.deepEqual([bad.range.start.line, bad.range.start.character], [4, 5]);

    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('Palette commands on the active timeline', () => {
  it('Send Message and Close Connection without an argument act on the connection whose timeline is in front', async () => {
    const lab = await api();
    const started = await vscode.commands.executeCommand<{ url: string; id: string }>('websocketLab.startMockServer', 'echo');
    const a = await vscode.commands.executeCommand<LiveConnection>('websocketLab.newConnection', { url: started.url, name: 'palette A' });
    const b = await vscode.commands.executeCommand<LiveConnection>('websocketLab.newConnection', { url: `${started.url}/b`, name: 'palette B' });
    await waitForEvent(a, (e) => e.kind === 'open');
    await waitForEvent(b, (e) => e.kind === 'open');
    try {
      // B's timeline opened last: it is the active editor. Nothing asks which connection.
      await vscode.commands.executeCommand('websocketLab.sendMessage', undefined, 'to the front one');
      await waitForEvent(b, (e) => e.kind === 'message' && e.dir === 'in' && e.data === 'to the front one');
      assert.equal(a.store.all().filter((e) => e.kind === 'message').length, 0, 'nothing was sent on A');

      // Bring A's timeline to the front: the same command now goes to A.
      await vscode.commands.executeCommand('websocketLab.openTimeline', a);
      await vscode.commands.executeCommand('websocketLab.sendMessage', undefined, 'to A');
      await waitForEvent(a, (e) => e.kind === 'message' && e.dir === 'in' && e.data === 'to A');

      await vscode.commands.executeCommand('websocketLab.closeConnection', undefined, 4000, 'bye');
      const closed = await waitForEvent(a, (e) => e.kind === 'close');
      assert.ok(closed.kind === 'close' && closed.code === 4000 && closed.reason === 'bye', JSON.stringify(closed));
      assert.equal(b.stats.state, 'OPEN', 'B stays open');

      // An edited URL applies on reconnect (what the offer after Edit Connection… runs).
      await lab.connections.update({ ...b.config, url: `${started.url}/edited` });
      const r = await reconnect(b);
      assert.ok(r.ok, JSON.stringify(r));
      const attempt = await waitForEvent(b, (e) => e.kind === 'connecting' && e.url.endsWith('/edited'));
      await waitForEvent(b, (e) => e.kind === 'open' && e.seq > attempt.seq);
    } finally {
      for (const c of [a, b]) await lab.connections.remove(c.config.id);
      await vscode.commands.executeCommand('websocketLab.stopMockServer', lab.servers.get(started.id));
    }
  });
});
