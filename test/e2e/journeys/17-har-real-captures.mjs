// Real browser captures through "Import HAR…" (test/fixtures/har/README.md): Firefox saves a
// WebSocket's 101 handshake but never its messages, which used to be refused as "no WebSocket
// connection"; Chrome saves frame errors (opcode -1) and, for a socket closed while connecting,
// monotonic times, which used to refuse the whole file. Both now import; what was skipped or
// guessed is in a warning toast whose "Show Details" opens the log, and notes in the timeline.
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'har-real-captures';

// The open dialog becomes a quick input where a path is typed.
export const settings = { 'files.simpleDialog.enable': true };

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'har');

export async function run(wb, expect, { server }) {
  const { page } = wb;
  const firefox = join(server.workspace, 'firefox.har');
  const chrome = join(server.workspace, 'chrome.har');
  copyFileSync(join(fixtures, 'firefox-handshake-only.har'), firefox);
  copyFileSync(join(fixtures, 'chrome-websocket-errors.har'), chrome);

  // 1. Firefox: one connection with its handshake and no messages, and a toast that says why.
  await wb.runCommand('WebSocket Lab: Import HAR');
  await wb.dialogPath('Import a HAR', firefox);
  const ff = await wb.timeline('api.miniapps.ai/socket.io/ (imported)');
  const response = await ff.row({ kind: 'handshake-response' });
  expect(/HTTP 101/.test(response), `the imported handshake response is 101 (row: "${response}")`);
  const note = await ff.row({ kind: 'info' });
  expect(/handshake only: Firefox/.test(note), `a note in the timeline says Firefox saved no messages (row: "${note}")`);
  const messages = await ff.rows({ kind: 'message' }).count();
  expect(messages === 0, `no message rows for a handshake-only connection (found ${messages})`);

  const toast = page.locator('.notification-toast', { hasText: 'Imported 1 WebSocket connection(s) from firefox.har' }).first();
  await toast.waitFor();
  const toastText = await toast.innerText();
  expect(/Handshake only: Firefox, which wrote this HAR, did not save this connection's messages/.test(toastText), `the toast says what was flagged (text: "${toastText}")`);
  await wb.shot('firefox-imported-with-toast');

  // "Show Details" opens the log with one line per skipped or guessed thing.
  await toast.locator('.monaco-button', { hasText: 'Show Details' }).click();
  const output = page.locator('.part.panel .view-lines');
  // The editor wraps lines and writes spaces as no-break spaces: compare with plain spaces.
  const logText = await wb.eventually(async () => {
    const text = (await output.innerText()).replace(/\s+/g, ' ');
    return /1 note\(s\) on what was skipped or guessed/.test(text) && text;
  }, 'the log shows the import notes');
  expect(/log\.entries\[0\] \(wss:\/\/api\.miniapps\.ai/.test(logText), `the log names the entry and its URL (log: "${logText.slice(-400)}")`);
  await wb.shot('firefox-import-details-in-log');

  // 2. Chrome: two connections whose only frames are errors; one with monotonic times placed at the capture.
  await wb.runCommand('WebSocket Lab: Import HAR');
  await wb.dialogPath('Import a HAR', chrome);
  const chromeToast = page.locator('.notification-toast', { hasText: 'Imported 2 WebSocket connection(s) from chrome.har' }).first();
  await chromeToast.waitFor();
  const chromeToastText = await chromeToast.innerText();
  expect(/2 notes on entries skipped or times guessed/.test(chromeToastText), `the toast counts the notes (text: "${chromeToastText}")`);
  const ch = await wb.timeline('booka.co.za/api.booka.co.za/api/v1/ws (imported)');
  const error = await ch.row({ kind: 'error' });
  expect(/WebSocket is closed before the connection is established/.test(error), `the error frame is an error row (row: "${error}")`);
  const notes = await ch.rowTexts({ kind: 'info' });
  expect(notes.some((t) => /monotonic/.test(t)), `a note says the times were monotonic (rows: ${JSON.stringify(notes)})`);
  await wb.shot('chrome-error-frames-imported');

  // Both files' connections are in the tree, not connected.
  await wb.openSidebar();
  const items = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Connections' }) }).locator('.monaco-list-row', { hasText: '(imported)' });
  await wb.eventually(async () => (await items.count()) === 3, 'three imported connections in the tree');
  await wb.shot('imported-connections-in-tree');
}
