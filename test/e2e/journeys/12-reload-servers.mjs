// A window reload with mock servers running, as a newcomer meets it: the server started on a port
// chosen in the UI comes back on that port, and the connection to it connects again by itself
// (before, the server came back nowhere, or on a new random port, and the saved connection kept
// failing). On the way: New Connection… offers the running server's URL, two connections to one
// URL get different names in the tree and on the tabs, and with two servers the status bar asks
// which server's timeline to open.
import { freePort } from '../../support/codeServer.mjs';

export const name = 'reload-servers';

export async function run(wb, expect) {
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}`;
  const name = `127.0.0.1:${port}`;

  // Start Mock Server on a Chosen Port…: scenario, then the port.
  await wb.runCommand('WebSocket Lab: Start Mock Server on a Chosen Port');
  await wb.pickIn('Start Mock Server on a Chosen Port', 'echo');
  await wb.answerIn('Start Mock Server: Port', String(port));
  const status = await wb.statusBarText(url);
  expect(/· 0 clients/.test(status), `the status bar shows the chosen port ${port} (got "${status}")`);

  // New Connection… comes with the running server's URL filled in.
  await wb.runCommand('WebSocket Lab: New Connection');
  const box = await wb.quickInput('New Connection');
  const offered = await box.locator('input').first().inputValue();
  expect(offered === url, `New Connection… offers the running mock server's URL (got "${offered}")`);
  const prompt = await box.locator('.quick-input-message').innerText();
  expect(prompt.includes(`echo ${url}`), `the prompt names the running server (got "${prompt}")`);
  await wb.shot('new-connection-offers-server-url');
  await wb.page.keyboard.press('Enter');
  const first = await wb.timeline(name);
  await first.state('OPEN');

  // A second connection to the same URL gets a name of its own.
  await wb.runCommand('WebSocket Lab: New Connection');
  await wb.answerIn('New Connection', url);
  const second = await wb.timeline(`${name} (2)`);
  await second.state('OPEN');
  await wb.openSidebar();
  const connectionRow = (label) => wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Connections' }) })
    .locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.()]/g, '\\$&')}$`) }) });
  await connectionRow(name).waitFor();
  await connectionRow(`${name} (2)`).waitFor();
  const tabs = await wb.page.locator('.tabs-container .tab .label-name').allInnerTexts();
  expect(tabs.includes(name) && tabs.includes(`${name} (2)`), `the tabs tell the two apart (tabs: ${JSON.stringify(tabs)})`);
  // The second one is disconnected on purpose: it must stay closed after the reload.
  await second.locator('[data-testid=disconnect]').click();
  await second.state('CLOSED');
  await wb.shot('two-connections-one-url-unique-names');

  // A second server: the status bar item asks which one.
  await wb.runCommand('WebSocket Lab: Start Mock Server');
  await wb.pickIn('Start Mock Server', 'echo');
  const both = await wb.statusBarText('2 mock servers');
  await wb.page.locator('.statusbar-item', { hasText: '2 mock servers' }).first().click();
  const picker = await wb.quickInput('Open Server Timeline');
  const rows = await picker.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  expect(rows.length === 2 && rows.some((r) => r.includes(url)), `the status bar click lists both servers (status "${both}", rows: ${JSON.stringify(rows)})`);
  await wb.shot('status-bar-picks-a-server');
  await wb.clickRow(picker.locator('.quick-input-list .monaco-list-row', { hasText: url }).first());
  await wb.timeline('Mock server: echo');

  // Reload the window. Workspace state is written as things change; give it a moment to be stored.
  await wb.page.waitForTimeout(1500);
  await wb.page.reload();
  await wb.ready();
  await wb.openSidebar();

  const serverRow = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Mock Servers' }) })
    .locator('.monaco-list-row', { hasText: url }).first();
  await serverRow.waitFor({ timeout: 60_000 });
  const servers = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Mock Servers' }) }).locator('.monaco-list-row');
  await wb.eventually(async () => (await servers.count()) === 2, 'both mock servers are back in the Mock Servers view', 30_000);
  await wb.eventually(async () => /OPEN/.test(await connectionRow(name).innerText()) && (await connectionRow(name).innerText()),
    `the connection "${name}" connected again by itself to the server back on port ${port}`, 30_000);
  await wb.eventually(async () => /· 1 client/.test(await serverRow.innerText()), 'the server on the chosen port has its client back', 20_000);
  const stayedClosed = await connectionRow(`${name} (2)`).innerText();
  expect(/CLOSED/.test(stayedClosed), `the connection disconnected before the reload stays closed (row: "${stayedClosed}")`);
  await wb.shot('after-reload-server-back-on-port-connection-open');
}
