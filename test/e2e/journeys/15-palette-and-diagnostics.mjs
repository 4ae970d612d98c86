// Scenario-file problems and the command palette, as a newcomer meets them:
// - the workspace's scenario files are listed by name at the top of Start Mock Server's picker;
// - a broken file's problems are diagnostics: in the Problems panel at their line and column,
//   updated while the file is edited (a typo fixed, a key indented one space too far);
// - Connect, Disconnect, Send Message, Send Ping, Close Connection and Edit Connection run from the
//   palette on the connection whose timeline is in front, without asking which;
// - saving an edit of a connected connection offers to reconnect, and the reconnect uses the edit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'palette-and-diagnostics';

// Line 9, column 9: "repy" instead of "reply".
const BROKEN = `# A greeting bot with a typo in its second action.
name: chat-bot
title: Chat bot
rules:
  - match:
      text: hello
    do:
      - reply: hi there
      - repy: welcome
`;

const GOOD = 'name: greeter\nrules:\n  - do:\n      - reply: "hello {{message.text}}"\n';

export async function run(wb, expect, { server }) {
  const { page } = wb;
  mkdirSync(join(server.workspace, 'servers'), { recursive: true });
  writeFileSync(join(server.workspace, 'servers', 'chat-bot.wsmock.yaml'), BROKEN);
  writeFileSync(join(server.workspace, 'greeter.wsmock.yaml'), GOOD);

  // 1. The picker lists the workspace's scenario files first, by file name.
  await wb.runCommand('WebSocket Lab: Start Mock Server');
  const picker = await wb.quickInput('Start Mock Server');
  const rows = picker.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'chat-bot.wsmock.yaml' }).first().waitFor();
  const firstRows = (await rows.allInnerTexts()).slice(0, 3).map((t) => t.replace(/\s+/g, ' ').trim());
  expect(/chat-bot\.wsmock\.yaml/.test(firstRows[0]) && /servers/.test(firstRows[0]), `the first row is chat-bot.wsmock.yaml in servers (rows: ${JSON.stringify(firstRows)})`);
  expect(firstRows.some((r) => /greeter\.wsmock\.yaml/.test(r)), `greeter.wsmock.yaml is listed near the top (rows: ${JSON.stringify(firstRows)})`);
  await wb.shot('picker-lists-workspace-scenarios');
  // Typing the file's name finds it.
  await picker.locator('input').first().fill('chat-bot');
  const fileRow = await wb.quickPickRow(picker, 'chat-bot.wsmock.yaml');
  await wb.shot('picker-typed-file-name');
  await wb.clickRow(fileRow);

  // 2. The file is broken: the notification says where, and offers to show the problems.
  const toast = page.locator('.notification-toast', { hasText: 'unknown field "repy"' }).first();
  await toast.waitFor({ timeout: 30_000 });
  const toastText = await toast.innerText();
  expect(/line 9, column 9/.test(toastText), `the notification names line 9, column 9 (text: "${toastText}")`);
  await page.waitForTimeout(500); // the toast slides in
  await wb.shot('invalid-scenario-notification');
  await toast.locator('.monaco-button', { hasText: 'Show Problems' }).first().click();

  const problems = page.locator('.markers-panel .monaco-list-row');
  const typo = problems.filter({ hasText: 'unknown field "repy"' }).first();
  await typo.waitFor({ timeout: 20_000 });
  const typoText = (await typo.innerText()).replace(/\s+/g, ' ');
  expect(/did you mean "reply"/.test(typoText), `the problem suggests "reply" (row: "${typoText}")`);
  expect(/\[Ln 9, Col 9\]/.test(typoText), `the problem is at Ln 9, Col 9 (row: "${typoText}")`);
  await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await wb.shot('problems-panel-unknown-field');

  // 3. Live while editing. Clicking the problem selects the misspelt key; typing replaces it.
  await typo.dblclick();
  await page.locator('.monaco-editor.focused').first().waitFor();
  await page.keyboard.type('reply');
  await wb.eventually(async () => (await problems.filter({ hasText: 'repy' }).count()) === 0, 'the fixed typo leaves the Problems panel');
  await wb.shot('problem-fixed-while-typing');
  // One space too many before "do:" on line 7: reported at "do", column 6, not column 1.
  await wb.runCommand('Go to Line/Column');
  await wb.answer(':7:1'); // the Go to Line picker's own prefix is ":"
  await page.keyboard.type(' ');
  const indent = problems.filter({ hasText: 'All mapping items must start at the same column' }).first();
  await indent.waitFor({ timeout: 10_000 });
  const indentText = (await indent.innerText()).replace(/\s+/g, ' ');
  expect(/\[Ln 7, Col 6\]/.test(indentText), `the indentation problem is at Ln 7, Col 6 (row: "${indentText}")`);
  await wb.shot('problem-bad-indent-column');

  // 4. Two connections; the palette's commands act on the one whose timeline is in front.
  const url = await wb.startMockServer('echo');
  const first = await wb.newConnection(url);
  await first.tl.state('OPEN');
  await wb.runCommand('WebSocket Lab: New Connection');
  await wb.answerIn('New Connection', `${url}/two`);
  const secondName = `${url.replace(/^ws:\/\//, '')}/two`;
  const tl = await wb.timeline(secondName);
  await tl.state('OPEN');

  await wb.runCommand('WebSocket Lab: Send Message');
  await wb.answerIn(`Send Message to ${secondName}`, 'hello from the palette');
  await tl.row({ kind: 'message', dir: 'in', text: 'hello from the palette' });

  await wb.runCommand('WebSocket Lab: Send Ping');
  await wb.answerIn(`Send Ping to ${secondName}`, 'p1');
  await tl.row({ kind: 'pong', dir: 'in', text: 'p1' });

  await wb.runCommand('WebSocket Lab: Disconnect');
  await tl.state('CLOSED');
  await wb.runCommand('WebSocket Lab: Connect');
  await tl.state('OPEN');
  await wb.shot('palette-send-ping-disconnect-connect');

  // 5. Edit the connected connection's URL: saving offers to reconnect, and reconnecting uses it.
  await wb.runCommand('WebSocket Lab: Edit Connection');
  await wb.pickIn(`Edit ${secondName}`, 'URL');
  await wb.answerIn('URL', `${url}/three`);
  await wb.pickIn(`Edit ${secondName}`, 'Save');
  const offer = page.locator('.notification-toast', { hasText: 'still connected with the settings it had before' }).first();
  await offer.waitFor();
  await wb.shot('reconnect-offer');
  expect(await tl.rows({ kind: 'connecting', text: '/three' }).count() === 0, 'nothing connected to the edited URL before Reconnect');
  await offer.locator('.monaco-button', { hasText: 'Reconnect' }).first().click();
  // The list is virtualized (only rows in view exist): look for the new attempt, not a count.
  await tl.row({ kind: 'connecting', text: 'Connecting to ws://127.0.0.1' });
  const connecting = await tl.row({ kind: 'connecting', text: '/three' });
  expect(/Connecting to ws:\/\/127\.0\.0\.1:\d+\/three/.test(connecting), `the new attempt goes to the edited URL (row: "${connecting}")`);
  await tl.row({ kind: 'open' });
  await tl.state('OPEN');
  await wb.shot('reconnected-to-edited-url');

  // 6. Close Connection… asks for a code (1000 by default) and a reason.
  await wb.runCommand('WebSocket Lab: Close Connection');
  const codeBox = await wb.quickInput('Close Code');
  expect(await codeBox.locator('input').first().inputValue() === '1000', 'the close code defaults to 1000');
  await wb.answerIn('Close Code', '4000');
  await wb.answerIn('Reason', 'bye');
  const closed = await tl.row({ kind: 'close', text: '4000' });
  expect(/4000 Private use “bye”/.test(closed), `the close row shows 4000 "bye" (row: "${closed}")`);
  await tl.state('CLOSED');
  await wb.shot('palette-close-connection');

  // The first connection, behind its tab, was left alone: still open, nothing sent from the palette.
  const exactName = new RegExp(`^\\s*${first.connectionName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await page.locator('.tab', { has: page.locator('.label-name', { hasText: exactName }) }).first().click();
  const firstTl = await wb.timeline(first.connectionName);
  await firstTl.state('OPEN');
  expect(await firstTl.rows({ kind: 'message', text: 'hello from the palette' }).count() === 0, 'the palette sent nothing on the connection behind');
}
