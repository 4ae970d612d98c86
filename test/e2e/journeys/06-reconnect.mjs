// Reconnect with queued messages. First the mock server started from the palette is stopped from
// the palette: the connection says "reconnecting in Ns" and schedules attempts. Then, because a
// restarted palette server gets a new port, the CLI mock server on a fixed port: it is stopped
// (SIGTERM), two messages are sent while it is down (queued), it is started again on the same
// port, and the queued messages go out in order, exactly once, and come back.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, repoRoot } from '../../support/codeServer.mjs';

export const name = 'reconnect';

/** Runs `websocket-lab mock` on `port` and resolves once it prints its "listening" line. */
function startCli(port) {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'mock', '--scenario', 'echo', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CLI mock server did not start within 20 s:\n${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes(`listening ws://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI mock server exited with ${code}:\n${out}`));
    });
  });
  return { child, ready, output: () => out };
}

function stopCli(cli) {
  return new Promise((resolve) => {
    if (cli.child.exitCode !== null) return resolve(cli.child.exitCode);
    cli.child.once('exit', (code) => resolve(code));
    cli.child.kill('SIGTERM');
  });
}

export async function run(wb, expect) {
  // Part 1: the palette's mock server goes away.
  const url = await wb.startMockServer('echo');
  const { tl: first } = await wb.newConnection(url);
  await first.state('OPEN');
  await wb.runCommand('WebSocket Lab: Stop Mock Server');
  const goingAway = await first.row({ kind: 'close', text: '1001' });
  expect(/CLOSE 1001 Going Away/.test(goingAway) && /by server/.test(goingAway), `the server closed with 1001 Going Away (row: "${goingAway}")`);
  const scheduled = await first.row({ kind: 'reconnect-scheduled', text: 'attempt 1/' });
  expect(/Reconnect attempt 1\/10 in \d+/.test(scheduled), `a reconnect is scheduled (row: "${scheduled}")`);
  await first.row({ kind: 'connecting', text: '(attempt 1)' });
  const chip = first.locator('[data-testid=reconnect]');
  await chip.waitFor({ state: 'visible' });
  const chipText = await chip.innerText();
  expect(/reconnecting in \d+s \(attempt \d+\)/.test(chipText), `the header counts down to the next attempt (got "${chipText}")`);
  await wb.openSidebar();
  const firstItem = wb.treeItem('Connections', url.replace('ws://', ''));
  await wb.eventually(async () => /reconnecting in \d+s/.test(await firstItem.innerText()), 'the tree item says "reconnecting in Ns"');
  await wb.shot('palette-server-stopped-reconnecting');
  await first.locator('[data-testid=disconnect]').click();
  await first.row({ kind: 'info', text: 'cancelled' });

  // Part 2: a CLI mock server on a fixed port, stopped and started again.
  const port = await freePort();
  let cli = startCli(port);
  const clis = [cli];
  try {
    await cli.ready;
    const cliUrl = `ws://127.0.0.1:${port}`;
    const name = `127.0.0.1:${port}`;
    await wb.runCommand('WebSocket Lab: New Connection');
    await wb.answerIn('New Connection', cliUrl);
    const tl = await wb.timeline(name);
    await tl.state('OPEN');
    await tl.send('before the outage', 'text');
    await tl.row({ kind: 'message', dir: 'in', text: 'before the outage' });

    expect(await stopCli(cli) === 0, `the CLI exits 0 on SIGTERM (output: ${cli.output()})`);
    const closed = await tl.row({ kind: 'close', text: '1001' });
    expect(/CLOSE 1001 Going Away/.test(closed), `the CLI closed the client with 1001 (row: "${closed}")`);
    await tl.row({ kind: 'reconnect-scheduled' });

    // Two messages while it is down: both queued.
    await tl.send('queued-1');
    await tl.row({ kind: 'queued', text: 'Queued (1 waiting)' });
    await tl.send('queued-2');
    await tl.row({ kind: 'queued', text: 'Queued (2 waiting)' });
    await wb.eventually(async () => /queue 2/.test(await tl.headerStats()), 'the header shows 2 queued');
    const item = wb.treeItem('Connections', name);
    await wb.eventually(async () => /2 queued/.test(await item.innerText()), 'the tree item shows "2 queued"');
    expect(await tl.rows({ kind: 'message', text: 'queued-' }).count() === 0, 'nothing was sent while the server was down');
    // A refused attempt while it is down, and the countdown to the next.
    await tl.row({ kind: 'error', text: 'refused' });
    await tl.locator('[data-testid=reconnect]').waitFor({ state: 'visible' });
    await wb.shot('queued-while-down');

    // The server is back on the same port: the next attempt connects and the queue drains.
    cli = startCli(port);
    clis.push(cli);
    await cli.ready;
    await tl.state('OPEN', 45_000);
    await wb.eventually(async () => (await tl.rows({ kind: 'message', dir: 'in', text: 'queued-2' }).count()) === 1, 'the second queued message is echoed', 20_000);
    const rows = await tl.search('queued-');
    const seen = rows.map((r) => `${/queued-1/.test(r) ? 'queued-1' : 'queued-2'}`);
    const dirs = await tl.rows().evaluateAll((els) => els.map((el) => el.dataset.dir));
    const sequence = dirs.map((d, i) => `${d}:${seen[i]}`);
    expect(JSON.stringify(sequence) === JSON.stringify(['out:queued-1', 'out:queued-2', 'in:queued-1', 'in:queued-2']),
      `the queued messages went out in order, once each, then came back (rows: ${JSON.stringify(sequence)})`);
    await wb.eventually(async () => /queue 0/.test(await tl.headerStats()), 'the header shows the queue empty');
    // The sidebar agrees with the timeline: open again, both messages counted, nothing queued.
    await wb.eventually(async () => {
      const text = await item.innerText();
      return /OPEN/.test(text) && /↑3 ↓3/.test(text) && !/queued/.test(text);
    }, 'the tree item shows the connection OPEN with ↑3 ↓3 and nothing queued');
    await wb.shot('queue-delivered-after-reconnect');
    await tl.clearSearch();

    // The restarted server got each exactly once, in order (the CLI prints one line per event:
    // "<time> <client> message    in text 8B queued-1").
    const inbound = cli.output().split('\n').filter((l) => / message +in text /.test(l)).map((l) => l.replace(/^.* in text \d+B /, ''));
    expect(JSON.stringify(inbound) === JSON.stringify(['queued-1', 'queued-2']),
      `the restarted server received queued-1 then queued-2, once each, and nothing else (received: ${JSON.stringify(inbound)})`);
    const opened = await tl.row({ kind: 'open' });
    expect(/Connection open/.test(opened), `the reconnect opened the connection again (row: "${opened}")`);
    await wb.shot('reconnected');
  } finally {
    for (const c of clis) await stopCli(c);
  }
}
