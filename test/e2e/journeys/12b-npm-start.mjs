// `npm start` as a newcomer runs it (scripts/start.mjs, with the embedded code-server): the echo
// mock server it announces is listed in the Mock Servers view (the extension starts it, from the
// playground's websocketLab.mockServer.autoStart setting), New Connection… offers its URL, and the
// connection saved there lands in the playground outside the clone, not in the repository.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, repoRoot } from '../../support/codeServer.mjs';

export const name = 'npm-start';

export async function run(wb, expect) {
  // A cache folder of its own (sharing the installed code-server), so the playground starts empty
  // and a developer's own playground in ~/.cache/websocket-lab is left alone.
  const realCache = process.env.WSLAB_CACHE_DIR || join(homedir(), '.cache', 'websocket-lab');
  const cache = mkdtempSync(join(tmpdir(), 'wslab-npm-start-'));
  symlinkSync(join(realCache, `code-server-${CODE_SERVER_VERSION}`), join(cache, `code-server-${CODE_SERVER_VERSION}`));
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, WSLAB_USE_CODE_SERVER: '1', WSLAB_CACHE_DIR: cache },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await wb.eventually(() => /Open this URL in your browser:\s+(http\S+)/.test(out), `npm start prints the workbench URL (output: ${out.slice(-800)})`, 180_000);
    const workbenchUrl = /Open this URL in your browser:\s+(http\S+)/.exec(out)[1];
    const mockUrl = /(ws:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(mockUrl, `npm start names the echo server's URL (output: ${out})`);
    // The folder the workbench opens; checked softly, so the Mock Servers view is looked at too.
    const playground = new URL(workbenchUrl).searchParams.get('folder');
    wb.check(playground && !playground.startsWith(repoRoot), `the playground is outside the clone (got "${playground}")`);

    await wb.page.goto(workbenchUrl);
    await wb.ready();
    await wb.openSidebar();
    // At once, as a newcomer does: the extension may still be starting the echo server (seen on a
    // fresh clone: "ws://127.0.0.1:" was offered, and Enter dialled port 80), so New Connection…
    // waits for it rather than offer nothing.
    await wb.runCommand('WebSocket Lab: New Connection');
    const box = await wb.quickInput('New Connection');
    let offered = '';
    await wb.eventually(async () => (offered = await box.locator('input').first().inputValue()) !== '', 'New Connection… fills in a URL');
    expect(offered === mockUrl, `New Connection… offers the echo server's URL (got "${offered}")`);
    await wb.page.keyboard.press('Enter');
    const serverRow = wb.treeItem('Mock Servers', mockUrl);
    await serverRow.waitFor({ timeout: 60_000 });
    const listed = await serverRow.innerText();
    expect(/echo/.test(listed), `the Mock Servers view lists npm start's echo server (got "${listed}")`);
    const tl = await wb.timeline(mockUrl.replace('ws://', ''));
    await tl.state('OPEN');
    await wb.eventually(async () => /1 client/.test(await serverRow.innerText()), 'the echo server in the view counts the client');
    await wb.shot('npm-start-echo-in-mock-servers-view');

    const saved = join(playground, '.vscode', 'websocket-lab.json');
    await wb.eventually(() => existsSync(saved) && readFileSync(saved, 'utf8').includes(mockUrl), `the connection is saved in ${saved}`);
    const inRepo = join(repoRoot, 'playground', '.vscode', 'websocket-lab.json');
    expect(!existsSync(inRepo) || !readFileSync(inRepo, 'utf8').includes(mockUrl), 'nothing was saved inside the clone');
    expect(playground === join(cache, 'playground'), `the playground is the cache's (got ${playground})`);
  } finally {
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(cache, { recursive: true, force: true });
  }
}
