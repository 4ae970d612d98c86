// Handshake details: against the `subprotocols` scenario (which refuses clients that offer none of
// its protocols), a new connection is refused with 400; the user adds the subprotocol chat.v1 and a
// header X-Trace-Id with "Edit Connection…", connects from the tree, and reads the handshake request
// and response in the timeline: the protocol both ways, the header sent, the accept check, 101.
export const name = 'handshake-details';

export async function run(wb, expect) {
  const url = await wb.startMockServer('subprotocols');
  const connectionName = url.replace('ws://', '');

  // New Connection connects at once: without a subprotocol this server says no.
  await wb.runCommand('WebSocket Lab: New Connection');
  await wb.answerIn('New Connection', url);
  const tl = await wb.timeline(connectionName);
  const refused = await tl.row({ kind: 'handshake-response', text: 'HTTP 400' });
  expect(/400/.test(refused), `the first handshake is refused with 400 (row: "${refused}")`);
  const refusedDetail = await tl.open({ kind: 'handshake-response', text: 'HTTP 400' });
  expect(/chat\.v2/.test(refusedDetail) && /chat\.v1/.test(refusedDetail), `the 400 body names the supported subprotocols (detail: "${refusedDetail}")`);
  await wb.shot('refused-without-subprotocol');
  // A 4xx refusal is not retried blindly: the timeline says so and what to change.
  const why = await tl.row({ kind: 'info', text: 'Not reconnecting' });
  expect(/HTTP 400/.test(why), `the timeline explains why it does not retry (row: "${why}")`);
  await tl.state('CLOSED');
  expect(!(await tl.locator('[data-testid=reconnect]').isVisible()), 'no "reconnecting in Ns" chip after a 400');

  // Edit Connection… from the tree item's context menu: subprotocol, then a header, then Save.
  await wb.openSidebar();
  const item = wb.treeItem('Connections', connectionName);
  await item.waitFor();
  await wb.contextMenu(item, 'Edit Connection');
  const editTitle = `Edit ${connectionName}`;
  await wb.pickIn(editTitle, 'Subprotocols');
  await wb.answerIn('Subprotocols', 'chat.v1');
  const subprotocolField = await (await wb.quickInput(editTitle)).locator('.monaco-list-row', { hasText: 'Subprotocols' }).first().innerText();
  expect(/chat\.v1/.test(subprotocolField), `the form lists the new subprotocol (row: "${subprotocolField}")`);
  await wb.pickIn(editTitle, 'Handshake headers');
  await wb.pickIn('Handshake headers', 'Add header');
  await wb.answerIn('Header name', 'X-Trace-Id');
  await wb.answerIn('Value of X-Trace-Id', 'e2e-123');
  const headerList = await (await wb.quickInput('Handshake headers')).innerText();
  expect(/X-Trace-Id/.test(headerList) && /e2e-123/.test(headerList), `the header list shows X-Trace-Id: e2e-123 (got "${headerList}")`);
  await wb.shot('edit-connection-headers');
  await wb.pickIn('Handshake headers', 'Done');
  const form = await (await wb.quickInput(editTitle)).innerText();
  expect(/X-Trace-Id/.test(form), `the form lists the header (got "${form}")`);
  await wb.shot('edit-connection-form');
  await wb.pickIn(editTitle, 'Save');
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

  const treeText = await item.innerText();
  wb.check(/CLOSED/.test(treeText) && !/reconnecting/.test(treeText), `after the refusal the tree item says CLOSED, not reconnecting (got "${treeText}")`);
  await wb.shot('tree-after-refusal');

  // Connect from the timeline's header.
  await tl.locator('[data-testid=connect]').click();
  await tl.state('OPEN', 30_000);
  const stats = await tl.headerStats();
  expect(/chat\.v1/.test(stats), `the header shows the negotiated subprotocol (stats: "${stats}")`);

  const request = await tl.open({ kind: 'handshake-request' });
  const requestHeaders = await tl.detail().locator('[data-testid=request-headers]').innerText();
  expect(/Sec-WebSocket-Protocol\s+chat\.v1/i.test(requestHeaders), `the request offers Sec-WebSocket-Protocol chat.v1 (headers: "${requestHeaders}")`);
  expect(/X-Trace-Id\s+e2e-123/i.test(requestHeaders), `the request carries X-Trace-Id: e2e-123 (headers: "${requestHeaders}")`);
  expect(/Method\s+GET/.test(request) && /URL\s+ws:\/\/127\.0\.0\.1/.test(request), `the request shows method and URL (detail: "${request}")`);
  await wb.shot('handshake-request');

  const response = await tl.open({ kind: 'handshake-response', text: 'HTTP 101' });
  expect(/101 Switching Protocols/.test(response), `the response status is 101 (detail: "${response}")`);
  const responseHeaders = await tl.detail().locator('[data-testid=response-headers]').innerText();
  expect(/Sec-WebSocket-Protocol\s+chat\.v1/i.test(responseHeaders), `the server answers Sec-WebSocket-Protocol chat.v1 (headers: "${responseHeaders}")`);
  const accept = tl.detail().locator('[data-testid=accept-check]');
  const acceptText = await accept.innerText();
  const acceptOk = await accept.evaluate((el) => el.classList.contains('ok') && !!el.querySelector('.codicon-pass'));
  expect(acceptOk && /valid \(matches the key we sent\)/.test(acceptText), `the Sec-WebSocket-Accept check is ✓ valid (got "${acceptText}")`);
  expect(/Protocol\s+chat\.v1/.test(response), `the response facts name the protocol chat.v1 (detail: "${response}")`);
  await wb.shot('handshake-response');
}
