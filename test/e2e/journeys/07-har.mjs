// HAR export and import: a few messages (text, JSON, binary) are exported from the connection's
// context menu to a .har file in the workspace, then "Import HAR…" opens them as a new connection
// whose timeline shows the same messages in the same order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'har';

// Save/Open dialogs become a quick input where a path is typed.
export const settings = { 'files.simpleDialog.enable': true };

export async function run(wb, expect, { server }) {
  const url = await wb.startMockServer('echo');
  const { connectionName, tl } = await wb.newConnection(url);
  await tl.state('OPEN');

  const sent = [
    { format: 'text', body: 'alpha', preview: 'alpha' },
    { format: 'json', body: '{"n":2}', preview: '{"n":2}' },
    { format: 'hex', body: '01 02 03', preview: '01 02 03' },
  ];
  for (const m of sent) {
    await tl.send(m.body, m.format);
    await tl.row({ kind: 'message', dir: 'in', text: m.preview });
  }
  const original = await tl.rows({ kind: 'message' }).evaluateAll((els) => els.map((el) => `${el.dataset.dir} ${el.querySelector('.c-size').textContent} ${el.querySelector('.c-preview').textContent}`));
  expect(original.length === 6, `six message rows before exporting (rows: ${JSON.stringify(original)})`);
  await wb.shot('messages-before-export');

  // Export from the tree item's context menu; the save dialog is a path input.
  await wb.openSidebar();
  const item = wb.treeItem('Connections', connectionName);
  await wb.contextMenu(item, 'Export Timeline');
  await wb.pickIn('Export Timeline', 'HAR');
  const harPath = join(server.workspace, 'session.har');
  await wb.dialogPath('Export timeline as HAR', harPath);
  const exported = await wb.statusBarText('Exported');
  expect(exported.includes('session.har'), `the status bar says where it exported (got "${exported}")`);
  const har = JSON.parse(readFileSync(harPath, 'utf8'));
  const frames = har.log.entries.flatMap((e) => e._webSocketMessages ?? []);
  expect(frames.length === 6, `the file holds the six frames in DevTools' layout (found ${frames.length})`);

  // The file shows up in the Explorer, where a user would see it.
  await wb.page.locator('.activitybar .action-item a[aria-label^="Explorer"]').first().click();
  await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'session.har' }).waitFor();
  await wb.shot('exported-har-in-explorer');

  // Import it from the palette; the open dialog is a path input too.
  await wb.runCommand('WebSocket Lab: Import HAR');
  await wb.dialogPath('Import a HAR', harPath);
  const importedName = `${connectionName} (imported)`;
  const imported = await wb.timeline(importedName);
  await imported.rows({ kind: 'message' }).nth(5).waitFor();
  const copy = await imported.rows({ kind: 'message' }).evaluateAll((els) => els.map((el) => `${el.dataset.dir} ${el.querySelector('.c-size').textContent} ${el.querySelector('.c-preview').textContent}`));
  expect(JSON.stringify(copy) === JSON.stringify(original), `the imported timeline shows the same messages in order (original: ${JSON.stringify(original)}, imported: ${JSON.stringify(copy)})`);
  const handshake = await imported.row({ kind: 'handshake-response' });
  expect(/HTTP 101/.test(handshake), `the imported handshake response is 101 (row: "${handshake}")`);
  const binary = await imported.open({ kind: 'message', dir: 'in', text: '01 02 03' });
  expect(/Received binary message · 3 B/.test(binary), `the imported binary echo is 3 bytes of binary (detail: "${binary}")`);
  await wb.shot('imported-timeline');

  await wb.openSidebar();
  const importedItem = wb.treeItem('Connections', '(imported)');
  await importedItem.waitFor();
  const importedText = await importedItem.innerText();
  expect(/CLOSED/.test(importedText), `the imported connection is listed, not connected (got "${importedText}")`);
  await wb.shot('imported-connection-in-tree');
}
