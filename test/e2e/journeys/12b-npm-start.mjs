// `npm start` as a newcomer runs it (scripts/start.mjs, with the embedded code-server): the echo
// mock server it announces is listed in the Mock Servers view (the extension starts it, from the
// playground's websocketLab.mockServer.autoStart setting), New Connection… offers its URL, and the
// connection saved there lands in the playground outside the clone, not in the repository.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/codeServer.mjs';

export const name = 'npm-start';

export async function run(wb, expect) {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, WSLAB_USE_CODE_SERVER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await wb.eventually(() => /Open this URL in your browser:\s+(http\S+)/.test(out), `npm start prints the workbench URL (output: ${out.slice(-800)})`, 180_000);
    const workbenchUrl = /Open this URL in your browser:\s+(http\S+)/.exec(out)[1];
    const mockUrl = /echo mock server[^\n]*?(ws:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(mockUrl, `npm start names the echo server's URL (output: ${out})`);
    const playground = /playground: (\S+)/.exec(out)?.[1];
    expect(playground && !playground.startsWith(repoRoot), `the playground is outside the clone (got "${playground}")`);

    await wb.page.goto(workbenchUrl);
    await wb.ready();
    await wb.openSidebar();
    const serverRow = wb.treeItem('Mock Servers', mockUrl);
    await serverRow.waitFor({ timeout: 60_000 });
    const listed = await serverRow.innerText();
    expect(/echo/.test(listed), `the Mock Servers view lists npm start's echo server (got "${listed}")`);

    await wb.runCommand('WebSocket Lab: New Connection');
    const box = await wb.quickInput('New Connection');
    const offered = await box.locator('input').first().inputValue();
    expect(offered === mockUrl, `New Connection… offers the echo server's URL (got "${offered}")`);
    await wb.page.keyboard.press('Enter');
    const tl = await wb.timeline(mockUrl.replace('ws://', ''));
    await tl.state('OPEN');
    await wb.eventually(async () => /1 client/.test(await serverRow.innerText()), 'the echo server in the view counts the client');
    await wb.shot('npm-start-echo-in-mock-servers-view');

    const saved = join(playground, '.vscode', 'websocket-lab.json');
    await wb.eventually(() => existsSync(saved) && readFileSync(saved, 'utf8').includes(mockUrl), `the connection is saved in ${saved}`);
    const inRepo = join(repoRoot, 'playground', '.vscode', 'websocket-lab.json');
    expect(!existsSync(inRepo) || !readFileSync(inRepo, 'utf8').includes(mockUrl), 'nothing was saved inside the clone');
    expect(playground === join(process.env.WSLAB_CACHE_DIR || join(homedir(), '.cache', 'websocket-lab'), 'playground'), `the playground is the cache's (got ${playground})`);
  } finally {
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
