// `websocket-lab mock --log events|summary|quiet`, and what stdout shows when its reader is slow.
import { describe, expect, it } from 'vitest';
import { open, withTimeout, type TestClient } from '../server/helpers';
import { useCli } from './runCli';

const { run } = useCli();

/** Every stdout line the CLI writes: the listening line, then `HH:MM:SS.mmm client kind text`. */
const WHOLE_LINE = /^(listening wss?:\/\/\S+|\d\d:\d\d:\d\d\.\d{3} \S+\s+\S+\s+.*)$/;

function linesOf(stdout: string): string[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout.slice(0, -1).split('\n');
}

/** Sends `count` messages and resolves once as many echoes came back. */
function echoMany(client: TestClient, count: number, text: string, timeoutMs = 10_000): Promise<void> {
  let echoed = 0;
  const done = new Promise<void>((resolve) =>
    client.ws.on('message', () => {
      if (++echoed === count) resolve();
    }),
  );
  for (let i = 0; i < count; i++) client.send(text);
  return withTimeout(done, timeoutMs, `${count} echoes (got ${echoed})`);
}

describe('websocket-lab mock --log', () => {
  it('events (the default) logs every event as a whole line, and what is logged while shutting down is written before exiting', async () => {
    const cli = run(['mock', '--scenario', 'echo']);
    const url = (await cli.line(/^listening /)).slice('listening '.length);
    const client = await open(url);
    await echoMany(client, 300, 'ping me');
    cli.child.kill('SIGINT');
    expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await cli.exited).toBe(0);
    const lines = linesOf(cli.stdout());
    expect(lines[0]).toMatch(/^listening ws:\/\/127\.0\.0\.1:\d+$/);
    for (const l of lines) expect(l).toMatch(WHOLE_LINE);
    expect(lines.filter((l) => / c1\s+message\s+in text 7B ping me$/.test(l))).toHaveLength(300);
    expect(lines.filter((l) => / c1\s+message\s+out text 7B ping me$/.test(l))).toHaveLength(300);
    // Logged after SIGINT, while the server closed its clients.
    expect(lines.some((l) => / c1\s+client\s+disconnected .*1001/.test(l))).toBe(true);
  });

  it('summary logs clients coming and going and a totals line at most once a second, not every message', async () => {
    const cli = run(['mock', '--scenario', 'echo', '--log', 'summary']);
    const url = (await cli.line(/^listening /)).slice('listening '.length);
    const a = await open(url);
    const b = await open(url);
    await echoMany(a, 3, 'abc');
    await echoMany(b, 3, 'abc');
    await cli.line(/ -\s+totals\s+clients 2 open, 2 connected in all; messages 6 in, 6 out; bytes 18 in, 18 out; errors 0$/, 5000);
    a.ws.close(1000, 'bye');
    await cli.line(/ c1\s+client\s+disconnected /);
    await cli.line(/totals\s+clients 1 open, 2 connected in all; messages 6 in, 6 out/, 5000);
    // Nothing happens: no more totals lines.
    const before = cli.stdout();
    await new Promise((r) => setTimeout(r, 2200));
    expect(cli.stdout()).toBe(before);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    const lines = linesOf(cli.stdout());
    for (const l of lines) expect(l).toMatch(WHOLE_LINE);
    expect(lines.filter((l) => /\s+client\s+connected /.test(l))).toHaveLength(2);
    expect(lines.some((l) => /\smessage\s/.test(l))).toBe(false);
    const totals = lines.filter((l) => /\stotals\s/.test(l));
    // One line per change that a second could hold: the last one counts both clients gone.
    expect(totals.length).toBeLessThanOrEqual(4);
    expect(totals[totals.length - 1]).toMatch(/clients 0 open, 2 connected in all/);
  });

  it('quiet prints only the listening line on stdout, notices still on stderr', async () => {
    const cli = run(['mock', '--scenario', 'echo', '--log', 'quiet']);
    const url = (await cli.line(/^listening /)).slice('listening '.length);
    const client = await open(url);
    await echoMany(client, 5, 'hush');
    client.ws.close();
    await client.closed;
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toMatch(/^listening ws:\/\/127\.0\.0\.1:\d+\n$/);
    expect(cli.stderr()).toContain('scenario echo:');
    expect(cli.stderr()).toContain('shutting down: closing clients with 1001');
  });

  it('a reader that stops reading stdout does not stall the server: lines beyond a bound are dropped whole and counted', async () => {
    const cli = run(['mock', '--scenario', 'echo']);
    const url = (await cli.line(/^listening /)).slice('listening '.length);
    // Stop reading: the pipe fills, then the CLI's buffer (4 Mi characters).
    cli.child.stdout.pause();
    const client = await open(url);
    // 40,000 lines of ~164 characters, 6.5 MB: past the pipe and the 4 Mi-character bound with a
    // margin, and no more than that, since other tests share the machine.
    const count = 20_000;
    await echoMany(client, count, 'x'.repeat(120), 25_000);
    cli.child.stdout.resume();
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    const lines = linesOf(cli.stdout());
    for (const l of lines) expect(l).toMatch(WHOLE_LINE);
    const dropped = lines.map((l) => / -\s+dropped\s+(\d+) lines? left out: stdout was not being read fast enough$/.exec(l)).filter((m) => m !== null);
    const droppedTotal = dropped.reduce((sum, m) => sum + Number(m[1]), 0);
    expect(droppedTotal).toBeGreaterThan(0);
    const messageLines = lines.filter((l) => / c1\s+message\s+(in|out) text 120B x{120}$/.test(l)).length;
    // Every message event is a line or counted as dropped (a few other events, such as the client
    // connecting and closing, may be among those dropped).
    expect(messageLines).toBeLessThan(2 * count);
    expect(messageLines + droppedTotal).toBeGreaterThanOrEqual(2 * count);
    expect(messageLines + droppedTotal).toBeLessThanOrEqual(2 * count + 4);
  }, 40_000);
});
