// The foundation journey: start the echo mock server from the palette, create a connection,
// send "hello" from the composer and see it sent and echoed on the timeline.
export const name = 'echo-hello';

export async function run(wb, expect) {
  await wb.runCommand('WebSocket Lab: Start Mock Server');
  await wb.pick('echo');
  const status = await wb.statusBarText('ws://127.0.0.1:');
  const url = status.match(/ws:\/\/127\.0\.0\.1:\d+/)?.[0];
  expect(url, `status bar shows the server URL (got "${status}")`);
  await wb.shot('mock-server-status-bar');

  await wb.runCommand('WebSocket Lab: New Connection');
  await wb.answer(url);

  const frame = await wb.webviewFrame('[data-testid=composer-input]');
  await frame.locator('[data-testid=state]', { hasText: 'OPEN' }).waitFor({ timeout: 15_000 });
  await frame.locator('[data-testid=composer-input]').fill('hello');
  await frame.locator('[data-testid=send]').click();
  const sent = frame.locator('[data-testid=event-row][data-kind=message][data-dir=out]', { hasText: 'hello' });
  const echoed = frame.locator('[data-testid=event-row][data-kind=message][data-dir=in]', { hasText: 'hello' });
  await sent.first().waitFor({ timeout: 10_000 });
  await echoed.first().waitFor({ timeout: 10_000 });
  const row = await echoed.first().innerText();
  expect(/5\s*B/.test(row), `the echoed row shows its size, 5 B (row: "${row}")`);
  expect(/\d{2}:\d{2}:\d{2}/.test(row), `the echoed row shows its time (row: "${row}")`);
  await wb.shot('timeline-hello-echoed');

  await wb.openSidebar();
  const item = wb.treeItem('Connections', '127.0.0.1');
  await item.waitFor({ timeout: 10_000 });
  const text = await item.innerText();
  expect(/OPEN/.test(text) && /↑1/.test(text) && /↓1/.test(text), `the tree item shows OPEN and 1 message each way (got "${text}")`);
  await wb.shot('connections-tree');
}
