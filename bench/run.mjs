// `npm run bench`: runs the benchmarks of issue 6 and rewrites docs/BENCHMARKS.md.
//   --quick     a short smoke run (CI): 1 short run per side, nothing written to docs/; fails only
//               when a benchmark breaks (an exception, a timeout), never because of a figure
//   --only=N,M  only these benchmarks (docs/BENCHMARKS.md is then left alone)
//   --docs      write docs/BENCHMARKS.md even with --only or --quick
//   --render=bench/results/<file>.json  rewrites docs/BENCHMARKS.md from a saved full run, without
//               running anything (after editing how results are explained)
//   --no-wait   a full run normally waits, before each benchmark, until other work leaves the CPU
//               mostly idle (up to 10 min); this skips the wait
// Raw results of every run go to bench/results/ (git-ignored).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { buildBenchBundle, buildDist, ROOT } from './lib/build.mjs';
import { consoleTable, markdown } from './lib/report.mjs';
import { Skip } from './lib/skip.mjs';
import { waitForQuiet } from './lib/quiet.mjs';
import { setBeforeEachRun } from './lib/compare.mjs';
import * as echoThroughput from './echoThroughput.mjs';
import * as echoLatency from './echoLatency.mjs';
import * as roomBroadcast from './roomBroadcast.mjs';
import * as idleMemory from './idleMemory.mjs';
import * as deflateMemory from './deflateMemory.mjs';
import * as timelineIngest from './timelineIngest.mjs';
import * as timelineScroll from './timelineScroll.mjs';
import * as activation from './activation.mjs';
import * as vsixSize from './vsixSize.mjs';
import * as hostMemory from './hostMemory.mjs';
import * as cliEcho from './cliEcho.mjs';

const MODULES = [echoThroughput, echoLatency, roomBroadcast, idleMemory, deflateMemory, timelineIngest, timelineScroll, activation, vsixSize, hostMemory, cliEcho];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice(7).split(',').map(Number) : undefined;
const writeDocs = args.includes('--docs') || (!quick && !only);
const noWait = quick || args.includes('--no-wait');
const renderArg = args.find((a) => a.startsWith('--render='));
const unknown = args.filter((a) => !['--quick', '--docs', '--no-wait'].includes(a) && !a.startsWith('--only=') && !a.startsWith('--render='));
if (unknown.length || (only && only.some((n) => !MODULES.some((m) => m.id === n)))) {
  console.error(`usage: npm run bench [-- --quick] [-- --only=1,2,...] [-- --docs] [-- --no-wait]   (benchmarks 1-${MODULES.length})`);
  process.exit(2);
}

function writeDoc({ results, machine, startedAt, finishedAt }) {
  const commands = [
    'npm ci',
    'npm run bench                  # everything, 5 runs per side; rewrites docs/BENCHMARKS.md (~35 min)',
    'npm run bench -- --only=1,2    # some benchmarks (docs/ left alone unless --docs)',
    'npm run bench -- --quick       # CI smoke run (< 3 min); fails only if a benchmark breaks',
  ];
  const md = markdown({ results, machine, commands, startedAt, finishedAt, modules: MODULES });
  writeFileSync(join(ROOT, 'docs', 'BENCHMARKS.md'), md);
}

if (renderArg) {
  const saved = JSON.parse(readFileSync(renderArg.slice('--render='.length), 'utf8'));
  writeDoc(saved);
  console.log('wrote docs/BENCHMARKS.md from', renderArg.slice('--render='.length));
  process.exit(0);
}

const started = Date.now();
const log = (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

// The quick run is a CI smoke test with a hard budget: never hang a pipeline.
const QUICK_BUDGET_MS = 175_000;
let current = 'setup';
if (quick) {
  setTimeout(() => {
    console.error(`bench --quick exceeded ${QUICK_BUDGET_MS / 1000} s (in ${current}); stopping`);
    process.exit(1);
  }, QUICK_BUDGET_MS).unref();
}

function chromiumVersion() {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'not found at /usr/bin/chromium';
  }
}

const machine = {
  CPU: `${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length} (${os.arch()})`,
  Memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  OS: `${os.type()} ${os.release()}`,
  Node: process.version,
  Chromium: chromiumVersion(),
  'Open files limit': (() => {
    try {
      return execFileSync('bash', ['-c', 'ulimit -n'], { timeout: 5000 }).toString().trim();
    } catch {
      return '?';
    }
  })(),
  'Load average at start (1/5/15 min)': loadavg(),
};

const selected = MODULES.filter((m) => !only || only.includes(m.id));
log(`${quick ? 'quick' : 'full'} run of ${selected.map((m) => `#${m.id}`).join(' ')} on ${machine.CPU}, load ${machine['Load average at start (1/5/15 min)']}`);
current = 'build';
await buildBenchBundle();
if (selected.some((m) => m.needsDist)) {
  log('node esbuild.mjs (dist/webview/timeline.js for the webview benchmarks)');
  await buildDist(log);
}

if (!noWait) {
  // Other work that starts in the middle of a benchmark spoils its runs: look before each one too,
  // waiting less long (the benchmark-level wait already let a busy machine calm down).
  setBeforeEachRun((say) => waitForQuiet({ threshold: 0.25, maxMs: 180_000, sampleMs: 1000, log: say }));
}
const shared = {};
const results = [];
for (const m of selected) {
  current = `#${m.id} ${m.title}`;
  log(`#${m.id} ${m.title}`);
  const busy = noWait ? NaN : await waitForQuiet({ log: (s) => log(`  ${s}`) });
  const t0 = Date.now();
  const loadBefore = loadavg().split(' ')[0];
  const entry = { id: m.id, title: m.title, target: m.target, loadBefore, busyBefore: Number.isFinite(busy) ? `${Math.round(busy * 100)}%` : 'not checked' };
  try {
    const result = await m.run({ quick, log: (s) => log(`  ${s}`), shared });
    shared[m.id] = result;
    Object.assign(entry, { status: 'ok', result });
  } catch (err) {
    if (err instanceof Skip) {
      Object.assign(entry, { status: 'skipped', reason: err.message });
      log(`  skipped: ${err.message}`);
    } else {
      Object.assign(entry, { status: 'failed', reason: String(err?.stack ?? err) });
      log(`  FAILED: ${err?.stack ?? err}`);
    }
  }
  entry.seconds = (Date.now() - t0) / 1000;
  entry.loadAfter = loadavg().split(' ')[0];
  results.push(entry);
}

const finished = Date.now();
machine['Load average at end (1/5/15 min)'] = loadavg();
console.log(`\n${consoleTable(results)}\n`);

const resultsDir = join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
const file = join(resultsDir, `${stamp}-${quick ? 'quick' : 'full'}.json`);
writeFileSync(file, JSON.stringify({ machine, quick, only, results, startedAt: new Date(started).toISOString(), finishedAt: new Date(finished).toISOString() }, null, 2));
log(`raw results: ${file}`);

if (writeDocs) {
  writeDoc({ results, machine, startedAt: new Date(started).toISOString(), finishedAt: new Date(finished).toISOString() });
  log('wrote docs/BENCHMARKS.md');
}

const failed = results.filter((r) => r.status === 'failed');
log(`${results.length - failed.length} benchmark(s) ran${results.some((r) => r.status === 'skipped') ? ' or were skipped' : ''}, ${failed.length} broke; ${((finished - started) / 1000).toFixed(0)} s`);
process.exit(failed.length ? 1 : 0);
