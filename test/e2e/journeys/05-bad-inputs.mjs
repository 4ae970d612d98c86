// Bad inputs get clear messages and lose nothing: an http:// URL, invalid JSON, odd-length hex,
// a close code that can't be sent, a close reason that doesn't fit, a port nobody listens on, and a
// server that refuses the handshake with 401. The rows recorded before stay on the timeline.
export const name = 'bad-inputs';

export async function run(wb, expect) {
  // 1. An http:// URL: the input box says why and does not accept it; nothing is created.
  await wb.runCommand('WebSocket Lab: New Connection');
  const box = await wb.quickInput('New Connection');
  await box.locator('input').first().fill('http://example.com');
  const urlMessage = await wb.quickInputMessage('not a WebSocket scheme');
  expect(/http:\/\/ is not a WebSocket scheme: use ws:\/\//.test(urlMessage), `the input box explains the scheme (message: "${urlMessage}")`);
  await wb.shot('http-url-rejected');
  await wb.page.keyboard.press('Enter');
  // Enter on an invalid value keeps the box open with its message.
  expect(await box.isVisible(), 'Enter does not accept an invalid URL');
  await wb.page.keyboard.press('Escape');
  await box.waitFor({ state: 'hidden' });
  await wb.openSidebar();
  const connectionsPane = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Connections' }) }).first();
  await connectionsPane.getByText('No connections yet.').waitFor();
  expect(await connectionsPane.locator('.monaco-list-row').count() === 0, 'no connection was created');

  // An echo connection with a message on it: everything below must leave this row in place.
  const url = await wb.startMockServer('echo');
  const { connectionName, tl } = await wb.newConnection(url);
  await tl.state('OPEN');
  await tl.send('before the errors', 'text');
  await tl.row({ kind: 'message', dir: 'in', text: 'before the errors' });
  const outRows = () => tl.rows({ kind: 'message', dir: 'out' }).count();
  const outBefore = await outRows();
  const composerError = tl.locator('[data-testid=composer-error]');

  // 2. Invalid JSON: the error names line and column, and Send sends nothing.
  await tl.setFormat('json');
  await tl.locator('[data-testid=composer-input]').fill('{\n  "a": 1,\n  "b": \n}');
  // Switching the format already validated the previous draft: wait for this body's message.
  await composerError.filter({ hasText: 'line 4' }).waitFor({ timeout: 5000 }).catch(() => {});
  const jsonError = await composerError.innerText();
  expect(/line 4, column 1/.test(jsonError), `the JSON error names line 4, column 1 (error: "${jsonError}")`);
  // Send is disabled and says why beside it; Ctrl+Enter sends nothing either.
  expect(await tl.locator('[data-testid=send][aria-disabled=true]').count() === 1, 'Send is disabled while the JSON is invalid');
  const blocked = await tl.locator('[data-testid=send-blocked]').innerText();
  expect(/Invalid JSON: line 4, column 1/.test(blocked), `beside Send: why it is disabled (got "${blocked}")`);
  await tl.locator('[data-testid=composer-input]').press('Control+Enter');
  await tl.locator('[data-testid=composer-input][aria-invalid=true]').waitFor();
  expect(await composerError.isVisible(), 'the error stays after Send');
  await wb.shot('invalid-json');

  // 3. Odd-length hex: the error counts the digits.
  await tl.setFormat('hex');
  await tl.locator('[data-testid=composer-input]').fill('abc');
  await composerError.filter({ hasText: 'digits' }).waitFor();
  const hexError = await composerError.innerText();
  expect(/3 digits, an odd number/.test(hexError), `the hex error says 3 digits, an odd number (error: "${hexError}")`);
  expect(await tl.locator('[data-testid=send][aria-disabled=true]').count() === 1, 'Send is disabled while the hex is invalid');
  await wb.shot('odd-hex');

  // 4. Close code 1005 can't be sent; a 124-byte reason doesn't fit.
  const closeError = tl.locator('[data-testid=close-error]');
  await tl.locator('[data-testid=close-code]').fill('1005');
  await tl.locator('[data-testid=close]').click();
  await closeError.waitFor({ state: 'visible' });
  const codeError = await closeError.innerText();
  expect(/1005 \(No Status Received\) can never be sent/.test(codeError), `the close error explains 1005 (error: "${codeError}")`);
  expect(await tl.locator('[data-testid=close-code].invalid').count() === 1, 'the code field is outlined');
  await wb.shot('close-code-1005');
  await tl.locator('[data-testid=close-code]').fill('1000');
  await tl.locator('[data-testid=close-reason]').fill('x'.repeat(124));
  await tl.locator('[data-testid=close]').click();
  await closeError.filter({ hasText: '124 bytes' }).waitFor();
  const reasonError = await closeError.innerText();
  expect(/124 bytes.*at most 123 bytes/.test(reasonError), `the reason error says 124 bytes, at most 123 (error: "${reasonError}")`);
  expect(await tl.locator('[data-testid=close-reason].invalid').count() === 1, 'the reason field is outlined');
  await wb.shot('close-reason-124-bytes');

  // Nothing of that was sent, and the connection is still open.
  expect(await outRows() === outBefore, `no message left the composer (sent rows: ${await outRows()}, before: ${outBefore})`);
  expect(await tl.rows({ kind: 'close-sent' }).count() === 0, 'no close frame was sent');
  await tl.state('OPEN');

  // 5. A port nobody listens on: disconnect, point the connection at port 1, connect.
  await tl.locator('[data-testid=close-reason]').fill('');
  await tl.locator('[data-testid=disconnect]').click();
  await tl.state('CLOSED');
  const item = wb.treeItem('Connections', connectionName);
  await wb.contextMenu(item, 'Edit Connection');
  const editTitle = `Edit ${connectionName}`;
  await wb.pickIn(editTitle, 'URL');
  await wb.answerIn('URL', 'ws://127.0.0.1:1/');
  await wb.pickIn(editTitle, 'Save');
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  // The open timeline's header follows the edit: it names the URL it is about to connect to.
  await tl.locator('.header-url', { hasText: 'ws://127.0.0.1:1/' }).waitFor({ timeout: 5000 });
  await tl.locator('[data-testid=connect]').click();
  const refused = await tl.row({ kind: 'error', text: 'refused' });
  expect(/refused: Connection refused by 127\.0\.0\.1:1/.test(refused), `an error row says refused (row: "${refused}")`);
  const refusedDetail = await tl.open({ kind: 'error', text: 'refused' });
  expect(/Category\s+refused/.test(refusedDetail), `the error's details show the category refused (detail: "${refusedDetail}")`);
  await tl.locator('[data-testid=disconnect]').click();
  await wb.shot('refused-port-1');
  // The list is virtualized: search to bring the old rows back into view.
  const kept = await tl.search('before the errors');
  expect(kept.length === 2 && kept.every((r) => /17 B/.test(r)), `the earlier sent and echoed rows are still there (rows: ${JSON.stringify(kept)})`);
  await wb.shot('earlier-rows-found-by-search');
  await tl.clearSearch();

  // 6. The auth scenario without a token: 401 and the server's body.
  await wb.runCommand('WebSocket Lab: Start Mock Server');
  await wb.pickIn('Start Mock Server', 'auth');
  const authItem = wb.treeItem('Mock Servers', 'auth');
  await authItem.waitFor();
  const authUrl = (await authItem.innerText()).match(/ws:\/\/127\.0\.0\.1:\d+/)?.[0];
  expect(authUrl && authUrl !== url, `the Mock Servers view lists the auth server with its URL (got "${await authItem.innerText()}")`);
  await wb.runCommand('WebSocket Lab: New Connection');
  await wb.answerIn('New Connection', authUrl);
  const auth = await wb.timeline(authUrl.replace('ws://', ''));
  const rejected = await auth.row({ kind: 'error', text: 'handshake-rejected' });
  expect(/HTTP 401/.test(rejected), `an error row says the handshake was rejected with 401 (row: "${rejected}")`);
  const response = await auth.row({ kind: 'handshake-response', text: 'HTTP 401' });
  expect(/HTTP 401 Unauthorized/.test(response), `the handshake response row shows 401 Unauthorized (row: "${response}")`);
  const rejectedDetail = await auth.open({ kind: 'error', text: 'handshake-rejected' });
  expect(/HTTP status\s+401/.test(rejectedDetail), `the error's details show the status (detail: "${rejectedDetail}")`);
  expect(/Response body\s+\{"error":"missing token"\}/i.test(rejectedDetail), `the error's details show the body {"error":"missing token"} (detail: "${rejectedDetail}")`);
  // A 401 is not retried blindly: the connection is closed and says what to change.
  const why = await auth.row({ kind: 'info', text: 'Not reconnecting' });
  expect(/HTTP 401/.test(why), `the timeline explains why it does not retry (row: "${why}")`);
  await auth.state('CLOSED');
  await wb.shot('auth-401-body');

  // The first timeline still has everything it recorded.
  await wb.inlineAction(item, 'Open Timeline');
  const again = await wb.timeline(connectionName);
  const still = await again.search('before the errors');
  expect(still.length === 2, `the echo timeline still shows its messages (rows: ${JSON.stringify(still)})`);
  const errors = await again.search('refused');
  expect(errors.some((r) => /Connection refused by 127\.0\.0\.1:1/.test(r)), `and its refused error (rows: ${JSON.stringify(errors)})`);
  await wb.shot('earlier-rows-kept');
}
