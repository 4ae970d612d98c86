// With websocketLab.history.enabled off, nothing of a conversation is written to disk: after a
// window reload the timeline tab comes back (that is VS Code's layout), but empty of what was sent.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCli } from './13-timeline-after-reload.mjs';

export const name = 'timeline-history-off';
export const settings = { 'websocketLab.history.enabled': false };

/** Every file under `dir` whose path contains `part`. */
function filesUnder(dir, part) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (path.includes(part)) found.push(path);
  }
  return found;
}

export async function run(wb, expect, { server }) {
  const cli = startCli();
  try {
    const url = await cli.url;
    const { connectionName, tl } = await wb.newConnection(url);
    await tl.state('OPEN');
    await tl.send('not to be kept');
    await tl.row({ kind: 'message', dir: 'in', text: 'not to be kept' });
    await wb.page.waitForTimeout(1500);

    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForTimeout(2000);
    await wb.ready();
    const after = await wb.timeline(connectionName, 60_000);
    await wb.page.waitForTimeout(2000);
    const kept = await after.rows({ text: 'not to be kept' }).count();
    const notes = await after.rows({ kind: 'info', text: 'restored from the previous session' }).count();
    expect(kept === 0 && notes === 0, `with the history off, nothing from before the reload is shown (${kept} message rows, ${notes} "restored" notes)`);
    const onDisk = filesUnder(server.tmp, 'timeline-history');
    expect(onDisk.length === 0, `with the history off, no history file is written (found: ${onDisk.join(', ')})`);
    await wb.shot('history-off-after-reload');
  } finally {
    cli.child.kill('SIGTERM');
  }
}
