// Ping and close: a ping gets its pong with a round-trip time; closing with 4000 "bye" shows the
// code, its name, the reason, a clean close started by the client; and the mock server's own
// timeline (opened from the status bar item) saw the same close.
export const name = 'ping-close';

export async function run(wb, expect) {
  const url = await wb.startMockServer('echo');

  const { tl } = await wb.newConnection(url);
  await tl.state('OPEN');

  // Ping with a payload: the pong echoes it and carries the round trip.
  await tl.locator('[data-testid=ping-payload]').fill('hi');
  await tl.locator('[data-testid=ping]').click();
  const ping = await tl.row({ kind: 'ping', dir: 'out' });
  expect(/PING 68 69 “hi”/.test(ping), `the ping row shows its payload as hex and as text (row: "${ping}")`);
  const pong = await tl.row({ kind: 'pong', dir: 'in' });
  expect(/PONG 68 69 “hi”\s+RTT \d+ ms/.test(pong), `the pong row shows the payload and an RTT (row: "${pong}")`);
  const pongDetail = await tl.open({ kind: 'pong', dir: 'in' });
  expect(/Round trip\s+\d+ ms/.test(pongDetail), `the pong's details show the round trip (detail: "${pongDetail}")`);
  await wb.eventually(async () => /RTT \d+ ms/.test(await tl.headerStats()), 'the header shows the last RTT');
  await wb.shot('ping-pong-rtt');

  // Close 4000 "bye".
  await tl.locator('[data-testid=close-code]').fill('4000');
  await tl.locator('[data-testid=close-reason]').fill('bye');
  await tl.locator('[data-testid=close]').click();
  const sent = await tl.row({ kind: 'close-sent' });
  expect(/CLOSE sent 4000 Private use “bye”/.test(sent), `the close-sent row shows 4000 Private use "bye" (row: "${sent}")`);
  const closed = await tl.row({ kind: 'close' });
  expect(/CLOSE 4000 Private use “bye” · clean · by client/.test(closed), `the close row shows 4000, its name, the reason, clean, by client (row: "${closed}")`);
  await tl.state('CLOSED');
  const closeDetail = await tl.open({ kind: 'close' });
  expect(/Code\s+4000 Private use/.test(closeDetail), `close details: code and name (detail: "${closeDetail}")`);
  expect(/Reason\s+bye/.test(closeDetail), `close details: reason (detail: "${closeDetail}")`);
  expect(/Clean\s+yes/.test(closeDetail), `close details: clean (detail: "${closeDetail}")`);
  expect(/Initiated by\s+client/.test(closeDetail), `close details: initiated by the client (detail: "${closeDetail}")`);
  // A close the user asked for is final: no reconnect is scheduled.
  expect(!(await tl.locator('[data-testid=reconnect]').isVisible()), 'no reconnect after a close the user asked for');
  expect(await tl.rows({ kind: 'reconnect-scheduled' }).count() === 0, 'no reconnect row after a close the user asked for');
  await wb.shot('closed-4000-bye');

  // The server's side, from the status bar item.
  await wb.page.locator('.statusbar-item', { hasText: url }).first().locator('a, .statusbar-item-label').first().click();
  const server = await wb.timeline('Mock server: echo');
  const serverClose = await server.row({ kind: 'close' });
  expect(/CLOSE 4000 Private use “bye”/.test(serverClose), `the server saw close 4000 "bye" (row: "${serverClose}")`);
  expect(/by client/.test(serverClose), `the server says the client started the close (row: "${serverClose}")`);
  const serverPing = await server.row({ kind: 'ping', dir: 'in' });
  expect(/PING 68 69/.test(serverPing), `the server saw the ping (row: "${serverPing}")`);
  const disconnected = await server.row({ kind: 'client', text: 'disconnected' });
  expect(/4000 Private use: bye/.test(disconnected), `the server's client row says why it left (row: "${disconnected}")`);
  const serverDetail = await server.open({ kind: 'close' });
  expect(/Reason\s+bye/.test(serverDetail) && /Clean\s+yes/.test(serverDetail), `server close details: reason bye, clean (detail: "${serverDetail}")`);
  await wb.shot('server-timeline-close');
}
