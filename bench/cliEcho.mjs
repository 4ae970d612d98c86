// #11 The `websocket-lab` CLI as users run it: `node dist/cli.js mock --scenario echo --port 0`
// (default `--log events`, one stdout line per event) with stdout redirected to a file, against a
// bare `ws` echo server process. 32 clients, 64-byte messages, closed loop, load in its own process.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/build.mjs';
import { alternate, row } from './lib/compare.mjs';
import { measureThroughput, sleep, startLoad } from './lib/procs.mjs';
import { median } from './lib/stats.mjs';

export const id = 11;
export const title = 'CLI mock server echo throughput, events logged to a file';
export const peerName = 'bare ws echo server';
export const target = '≥ 0.9× the bare ws server (default --log events)';
// dist/cli.js is what users run; the runner builds dist/ (node esbuild.mjs) for this.
export const needsDist = true;

const CLI = join(ROOT, 'dist', 'cli.js');
const LOAD = { mode: 'throughput', clients: 32, size: 64, window: 16 };

let clockTicks;
/** CPU time (user + system, all threads) a process has used so far, from /proc; NaN elsewhere. */
function processCpuMs(pid) {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { timeout: 5000 }).toString().trim()) || 100;
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return NaN;
  }
}

/** Resolves with the first line of `file` once the process has written it. */
async function firstLine(file, child, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  const buf = Buffer.alloc(256);
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}) before listening: ${child.stderrText}`);
    const fd = openSync(file, 'r');
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return buf.subarray(0, nl).toString();
    await sleep(20);
  }
  throw new Error(`the CLI wrote no first line within ${timeoutMs} ms: ${child.stderrText}`);
}

async function countLines(file) {
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

/** One run of the CLI: a fresh process writing to a fresh file, a fresh load process. */
async function measureCli({ log, warmupMs, durationMs }) {
  const dir = mkdtempSync(join(tmpdir(), 'wslab-bench-cli-'));
  const file = join(dir, 'stdout.log');
  const out = openSync(file, 'w');
  const child = spawn(process.execPath, [CLI, 'mock', '--scenario', 'echo', '--port', '0', ...(log ? ['--log', log] : [])], {
    stdio: ['ignore', out, 'pipe'],
  });
  closeSync(out);
  child.stderrText = '';
  child.stderr.on('data', (d) => (child.stderrText = (child.stderrText + d).slice(-4000)));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  const deadline = setTimeout(() => child.kill('SIGKILL'), warmupMs + durationMs + 60_000);
  try {
    const first = await firstLine(file, child);
    const m = /^listening ws:\/\/127\.0\.0\.1:(\d+)$/.exec(first);
    if (!m) throw new Error(`unexpected first line "${first}"`);
    const cpu0 = processCpuMs(child.pid);
    const load = startLoad({ ...LOAD, port: Number(m[1]), warmupMs, durationMs });
    const r = await load.next('result', warmupMs + durationMs + 30_000);
    const cpu1 = processCpuMs(child.pid);
    // As a user stops it: SIGINT closes the clients with 1001, flushes the log and exits 0.
    child.kill('SIGINT');
    const code = await Promise.race([exited, sleep(10_000).then(() => 'no exit within 10 s')]);
    if (code !== 0) throw new Error(`the CLI ended with ${code} after SIGINT: ${child.stderrText}`);
    const total = r.msgs * ((warmupMs + durationMs) / durationMs);
    return {
      rate: Math.round(r.rate),
      cpuUsPerMsg: Number((((cpu1 - cpu0) * 1000) / total).toFixed(2)),
      // What the log cost was paid for: every echo is two event lines (in, out) with --log events.
      logLines: await countLines(file),
      logMiB: Number((statSync(file).size / 1048576).toFixed(1)),
    };
  } finally {
    clearTimeout(deadline);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const measurePeer = ({ warmupMs, durationMs }) => measureThroughput({ server: { impl: 'peer', mode: 'echo' }, load: LOAD, warmupMs, durationMs });

export async function run({ quick, log }) {
  const runs = quick ? 1 : 5;
  const warmupMs = quick ? 300 : 1000;
  const durationMs = quick ? 1000 : 4000;
  const t = { warmupMs, durationMs };
  log('CLI echo throughput, 64 B, 32 clients, --log events (the default), stdout to a file');
  const main = await alternate(runs, () => measurePeer(t), () => measureCli({ ...t }), log);
  const rows = [row({ label: '64 B, 32 clients, --log events', unit: 'msgs/s', peerRuns: main.peer, oursRuns: main.ours, pick: (x) => x.rate, target: '≥ 0.9×', meets: (r) => r >= 0.9 })];
  const extra = [row({ label: '64 B, 32 clients, --log events', unit: 'µs CPU/msg', peerRuns: main.peer, oursRuns: main.ours, pick: (x) => x.cpuUsPerMsg, target: '—' })];
  const med = (xs, pick) => median(xs.map(pick));
  const notes = [
    `--log events wrote ${med(main.ours, (x) => x.logLines).toLocaleString('en-US')} lines, ${med(main.ours, (x) => x.logMiB)} MiB, per run ` +
      `(medians; one line per event, two events per echo).`,
  ];
  // Not part of the target: the lighter log levels, in the same alternating way against the peer.
  if (!quick) {
    for (const level of ['summary', 'quiet']) {
      log(`CLI echo throughput, 64 B, 32 clients, --log ${level}`);
      const other = await alternate(runs, () => measurePeer(t), () => measureCli({ ...t, log: level }), log);
      extra.push(row({ label: `64 B, 32 clients, --log ${level}`, unit: 'msgs/s', peerRuns: other.peer, oursRuns: other.ours, pick: (x) => x.rate, target: 'info' }));
    }
  }
  return { rows, extra, notes };
}

export const method = `Each run starts a fresh CLI process, \`node dist/cli.js mock --scenario echo --port 0\`, with
stdout redirected to a file (as in \`websocket-lab mock … > log.txt\`; Node writes to a file
synchronously), reads the port from its first line (\`listening ws://127.0.0.1:<port>\`), and a
fresh load process (the raw-socket client of #1: 32 connections, 64-byte text messages, 16 in flight
per connection, closed loop, echoes counted after a warm-up). The run ends with SIGINT, as a user
stops it: the CLI must exit 0. The peer is the bare \`ws\` echo server of #1 in its own process.
"µs CPU/msg" is each server process's CPU time per echoed message (the CLI's read from
\`/proc/<pid>/stat\`). The \`--log summary\` and \`--log quiet\` lines (full run only) are
information, each measured against the peer in its own alternating series.`;

export const findings = `Changed in src/cli because of this benchmark: the CLI used to write every event with its own
\`process.stdout.write\`, which for a file is a synchronous \`write(2)\` per event, two per echo. Measured
with a build of the commit before the change, in the same way: 0.67× (first report) and 0.75× (5
runs, 14.8 µs of CPU per echo against the peer's 9.5). Lines are now collected and written once per
turn of the event loop, or as soon as 64 KiB wait (src/cli/lineWriter.ts); when stdout is a pipe
whose reader falls behind, lines wait up to a bound (4 Mi characters), then whole lines are dropped
and one line says how many, so the server never waits for its log.`;

export const alwaysShowLimits = true;

export function limits() {
  return `The CLI runs the same server as #1 (its socket corked until the next tick, so the answers to one
TCP read leave in one \`writev\`) and now adds about one file write per turn of the event loop for
its log, where the bare server makes one system call per answer: that is why it can be faster than
the peer while it formats two lines per echo. A file is the cheapest sink (Node writes to it
synchronously); a terminal or a pipe costs more, and a reader that falls behind loses lines
(counted) instead of slowing the server.`;
}
