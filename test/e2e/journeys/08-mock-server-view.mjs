// The mock server as the user sees it: the status bar item with URL and client count, the Mock
// Servers view, and the server's own timeline with each client's connect, messages and leaving.
export const name = 'mock-server-view';

export async function run(wb, expect) {
  await wb.runCommand('WebSocket Lab: Start Mock Server');
  await wb.pickIn('Start Mock Server', 'echo');
  const status = await wb.statusBarText('ws://127.0.0.1:');
  const url = status.match(/ws:\/\/127\.0\.0\.1:\d+/)?.[0];
  expect(url && /· 0 clients/.test(status), `the status bar item shows the URL and 0 clients (got "${status}")`);
  const statusItem = wb.page.locator('.statusbar-item', { hasText: url }).first();

  await wb.openSidebar();
  const serverItem = wb.treeItem('Mock Servers', 'echo');
  await serverItem.waitFor();
  const listed = await serverItem.innerText();
  expect(listed.includes(url) && /0 clients/.test(listed), `the Mock Servers view lists echo with its URL and 0 clients (got "${listed}")`);
  await wb.shot('server-listed-0-clients');

  // One client connects and sends.
  await wb.runCommand('WebSocket Lab: New Connection');
  await wb.answerIn('New Connection', url);
  const tl = await wb.timeline(url.replace('ws://', ''));
  await tl.state('OPEN');
  await wb.eventually(async () => /· 1 client$/.test((await statusItem.innerText()).trim()), 'the status bar item says 1 client');
  await wb.eventually(async () => /· 1 client$/.test((await serverItem.innerText()).trim()), 'the Mock Servers view says 1 client');
  await tl.send('from the client', 'text');
  await tl.row({ kind: 'message', dir: 'in', text: 'from the client' });

  // The server's timeline, from the Mock Servers view.
  await serverItem.click();
  const server = await wb.timeline('Mock server: echo');
  const connected = await server.row({ kind: 'client', text: 'connected' });
  expect(/Client c1 connected from 127\.0\.0\.1:\d+/.test(connected), `the server timeline shows c1 connecting (row: "${connected}")`);
  const received = await server.row({ kind: 'message', dir: 'in', text: 'from the client' });
  expect(/c1/.test(received) && /15 B/.test(received), `the server received c1's message, 15 B (row: "${received}")`);
  const echoed = await server.row({ kind: 'message', dir: 'out', text: 'from the client' });
  expect(/c1/.test(echoed), `the server echoed it to c1 (row: "${echoed}")`);
  const detail = await server.open({ kind: 'message', dir: 'in' });
  expect(/Received text message · 15 B · client c1/.test(detail), `the server's detail names the client (detail: "${detail}")`);
  await wb.eventually(async () => /1 · 15 B/.test(await server.headerStats()), 'the server header counts 1 message in');
  // The server's timeline watches; sending, connecting and pinging belong to a connection's.
  expect(!(await server.locator('[data-testid=composer-input]').isVisible()) && !(await server.locator('[data-testid=send]').isVisible()), 'the server timeline has no composer');
  expect(!(await server.locator('[data-testid=connect]').isVisible()) && !(await server.locator('[data-testid=disconnect]').isVisible()), 'the server timeline has no Connect/Disconnect');
  expect(await server.rows({ kind: 'message' }).locator('[data-action=resend]').count() === 0, 'server rows offer no "Send again"');
  const headerUrl = await server.locator('.header-url').innerText();
  expect(headerUrl === url, `the server timeline's header shows its URL (got "${headerUrl}")`);
  await wb.shot('status-bar-and-server-timeline');

  // A second client: the count follows.
  await wb.runCommand('WebSocket Lab: New Connection');
  await wb.answerIn('New Connection', `${url}/second`);
  const second = await wb.timeline(`${url.replace('ws://', '')}/second`);
  await second.state('OPEN');
  await wb.eventually(async () => /· 2 clients$/.test((await statusItem.innerText()).trim()), 'the status bar item says 2 clients');
  await wb.eventually(async () => /· 2 clients$/.test((await serverItem.innerText()).trim()), 'the Mock Servers view says 2 clients');
  // The new connection's timeline took the server timeline's place; bring it back (its webview
  // is rebuilt from the stored events).
  await serverItem.click();
  const serverAgain = await wb.timeline('Mock server: echo');
  const c2 = await serverAgain.row({ kind: 'client', text: 'c2 connected' });
  expect(/Client c2 connected/.test(c2), `the server timeline shows c2 (row: "${c2}")`);

  // Both leave: the count goes back to 0 and the server saw them go.
  await second.locator('[data-testid=disconnect]').click();
  await second.state('CLOSED');
  await tl.locator('[data-testid=disconnect]').click();
  await tl.state('CLOSED');
  await wb.eventually(async () => /· 0 clients$/.test((await statusItem.innerText()).trim()), 'the status bar item says 0 clients again');
  await wb.eventually(async () => /· 0 clients$/.test((await serverItem.innerText()).trim()), 'the Mock Servers view says 0 clients again');
  for (const label of [url.replace('ws://', ''), `${url.replace('ws://', '')}/second`]) {
    const connection = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Connections' }) })
      .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.]/g, '\\.')}$`) }) });
    await wb.eventuallyCheck(async () => /CLOSED/.test(await connection.innerText()) && (await connection.innerText()),
      `the Connections view shows ${label} CLOSED after Disconnect`, 10_000);
  }
  const left = await serverAgain.search('disconnected');
  expect(left.length === 2 && left.every((r) => /1000 Normal Closure/.test(r)), `the server saw both clients leave with 1000 (rows: ${JSON.stringify(left)})`);
  await serverAgain.clearSearch();
  await wb.shot('clients-left');
}
