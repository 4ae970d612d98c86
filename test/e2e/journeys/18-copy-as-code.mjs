// Copy as Code sends what the composer holds. A user sends one message, types another without
// sending it, and runs Copy as Code on the connection from the tree: the status bar says the
// snippet sends the composer's message, the clipboard holds a Node snippet with that message, and
// the snippet, run with node, sends it to the same mock server and prints the echo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'copy-as-code';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

export async function run(wb, expect) {
  const url = await wb.startMockServer('echo');
  const { connectionName, tl } = await wb.newConnection(url);
  await tl.state('OPEN');
  await tl.send('already sent');
  await tl.row({ kind: 'message', dir: 'in', text: 'already sent' });
  // Typed, not sent: quotes, a backslash, a newline, ${} and {{ }} as a user might write them.
  const draft = 'draft "q" \\ ${x} {{ y }}\nline 2 ü';
  await tl.locator('[data-testid=composer-input]').fill(draft);

  await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
  await wb.openSidebar();
  const item = wb.treeItem('Connections', connectionName);
  await item.waitFor({ timeout: 10_000 });
  await wb.contextMenu(item, 'Copy as Code');
  await wb.pickIn('Copy as Code', 'Node.js (ws)');
  const status = await wb.statusBarText("composer's message");
  expect(/as Node\.js \(ws\) code sending the composer's message/.test(status), `the status bar says the snippet sends the composer's message (got "${status}")`);
  await wb.shot('copy-as-code-status-bar');

  const code = await wb.eventually(async () => {
    const t = await wb.page.evaluate(() => globalThis.navigator.clipboard.readText());
    return t.includes('const message = ') && t;
  }, 'the clipboard holds a snippet that sends a message');
  expect(code.includes(`const message = ${JSON.stringify(draft)};`), `the snippet sends the composer's message (got ${code.slice(0, 400)})`);

  // The snippet as a user would run it: node, with ws installed.
  const dir = mkdtempSync(join(tmpdir(), 'wslab-e2e-copy-'));
  try {
    writeFileSync(join(dir, 'snippet.js'), code);
    const r = spawnSync(process.execPath, [join(dir, 'snippet.js')], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') } });
    expect(r.stdout.includes(`message ${draft}\n`), `the snippet prints the echo of the composer's message (stdout: ${JSON.stringify(r.stdout)}, stderr: ${JSON.stringify(r.stderr)})`);
    expect(/^close 1000\b/m.test(r.stdout), `the snippet closes cleanly (stdout: ${JSON.stringify(r.stdout)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
