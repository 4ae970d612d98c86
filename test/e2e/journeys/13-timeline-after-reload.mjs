// A timeline survives a window reload: messages are exchanged with an echo server (the CLI's, in
// its own process, so it outlives the window), the page is reloaded, and the timeline tab is back
// by itself with the earlier messages, a note that they come from the previous session, and room
// for new ones after it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../support/codeServer.mjs';

export const name = 'timeline-after-reload';

/** Runs `websocket-lab mock --port 0` and resolves with its URL from its "listening" line. */
export function startCli() {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'mock', '--scenario', 'echo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CLI mock server did not start within 20 s:\n${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening (ws:\/\/127\.0\.0\.1:\d+)/m);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI mock server exited with ${code}:\n${out}`));
    });
  });
  return { child, url };
}

/** The rows' kinds and texts, in order. */
const rowTexts = (tl) => tl.rows().evaluateAll((rows) => rows.map((r) => `${r.dataset.kind}:${r.textContent}`));

export async function run(wb, expect) {
  const cli = startCli();
  try {
    const url = await cli.url;
    const { connectionName, tl } = await wb.newConnection(url);
    await tl.state('OPEN');
    for (const text of ['first before reload', 'second before reload']) {
      await tl.send(text);
      await tl.row({ kind: 'message', dir: 'in', text });
    }
    const shownBefore = await tl.rows().count();
    await wb.shot('before-reload');
    // The history is written within half a second of an event (and on a clean shutdown); a
    // browser refresh does not wait for the old window's extension host.
    await wb.page.waitForTimeout(1500);

    // 1. Developer: Reload Window. VS Code saves its layout first, so the tab comes back by itself.
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForTimeout(2000);
    await wb.ready();
    const after = await wb.timeline(connectionName, 60_000);
    for (const text of ['first before reload', 'second before reload']) {
      await after.row({ kind: 'message', dir: 'out', text }, 30_000);
      await after.row({ kind: 'message', dir: 'in', text });
    }
    const note = await after.row({ kind: 'info', text: 'restored from the previous session' });
    expect(note.includes(`${shownBefore} events restored from the previous session`), `the note says the ${shownBefore} events shown before the reload came back (row: "${note}")`);
    await wb.shot('after-reload-window-restored');

    // The restored rows come first, then the note, then what happens now.
    if (!(await after.locator('[data-testid=state]', { hasText: 'OPEN' }).count())) {
      await after.locator('[data-testid=connect]').click();
    }
    await after.state('OPEN');
    await after.send('after reload');
    await after.row({ kind: 'message', dir: 'in', text: 'after reload' });
    const order = await rowTexts(after);
    const at = (needle) => order.findIndex((r) => r.includes(needle));
    expect(at('second before reload') < at('restored from the previous session') && at('restored from the previous session') < at('after reload'),
      `rows run: earlier messages, the "restored" note, new messages (rows: ${JSON.stringify(order.map((r) => r.slice(0, 60)))})`);
    await wb.shot('after-reload-new-message');
    await wb.page.waitForTimeout(1500);

    // 2. The browser's own refresh. VS Code in a browser saves its layout about once a minute, so
    // the tab may or may not come back; the timeline does either way.
    await wb.page.reload();
    await wb.ready();
    let again;
    try {
      again = await wb.timeline(connectionName, 15_000);
    } catch {
      await wb.runCommand('WebSocket Lab: Open Timeline');
      again = await wb.timeline(connectionName);
    }
    await again.row({ kind: 'message', dir: 'in', text: 'after reload' }, 30_000);
    await again.row({ kind: 'message', dir: 'out', text: 'first before reload' });
    const notes = await again.rows({ kind: 'info', text: 'restored from the previous session' }).count();
    expect(notes === 1, `only this reload's "restored" note is shown (the earlier one is not saved): ${notes} notes`);
    await wb.shot('after-browser-refresh');
  } finally {
    cli.child.kill('SIGTERM');
  }
}
