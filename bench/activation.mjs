// #8 Extension activation time in code-server, against an empty extension in the same instance.
// Both are loaded as development extensions next to a probe (run as the extension tests module)
// that activates them one after the other and times `extension.activate()`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './lib/browser.mjs';
import { ROOT } from './lib/build.mjs';
import { alternate } from './lib/compare.mjs';
import { sleep } from './lib/procs.mjs';
import { Skip } from './lib/skip.mjs';
import { buildVsix, extractZip } from './vsixSize.mjs';
import { median } from './lib/stats.mjs';

export const id = 8;
export const title = 'Extension activation time in code-server';
export const peerName = 'empty extension';
export const target = '≤ +50 ms over an empty extension';

const OURS = (() => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}`;
})();
const EMPTY = 'wslab-bench.empty-extension';
// Activated first in every window: the first activation in an extension host pays one-time costs
// that would otherwise land on whichever of the two measured extensions went first.
const WARMUP = 'wslab-bench.warm-up';

const PROBE = `
const vscode = require('vscode');
const fs = require('fs');
exports.run = async function () {
  const ids = ${JSON.stringify([OURS, EMPTY])};
  if (process.env.WSLAB_BENCH_ORDER === 'empty-first') ids.reverse();
  ids.unshift(${JSON.stringify(WARMUP)});
  const out = {};
  for (const id of ids) {
    const ext = vscode.extensions.getExtension(id);
    if (!ext) { out[id] = { error: 'not loaded' }; continue; }
    const wasActive = ext.isActive;
    // WSLAB_BENCH_PROFILE=dir: a CPU profile of each activation (diagnosis only, it slows it down).
    const profiling = process.env.WSLAB_BENCH_PROFILE && new (require('inspector').Session)();
    const post = (m, p) => new Promise((res, rej) => profiling.post(m, p, (e, r) => (e ? rej(e) : res(r))));
    if (profiling) {
      profiling.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
    }
    const t0 = performance.now();
    try {
      await ext.activate();
      out[id] = { ms: performance.now() - t0, wasActive };
      if (profiling) {
        const { profile } = await post('Profiler.stop');
        fs.writeFileSync(require('path').join(process.env.WSLAB_BENCH_PROFILE, id + '.cpuprofile'), JSON.stringify(profile));
        profiling.disconnect();
      }
    } catch (err) {
      out[id] = { error: String(err && err.stack || err) };
    }
  }
  fs.writeFileSync(process.env.WSLAB_BENCH_ACTIVATION, JSON.stringify(out));
};
`;

function setup(dir, vsixBuffer) {
  // code-server's extension host takes one development path; a folder that is not an extension
  // itself is scanned for extensions, so both go in one folder. Ours is what `npm run package`
  // ships (the production build), unpacked from the .vsix.
  const devs = join(dir, 'extensions');
  const ours = join(devs, 'websocket-lab');
  mkdirSync(ours, { recursive: true });
  extractZip(vsixBuffer, ours, 'extension/');
  for (const name of ['empty-extension', 'warm-up']) {
    const empty = join(devs, name);
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'package.json'), JSON.stringify({
      name, publisher: 'wslab-bench', version: '0.0.1', engines: { vscode: '^1.100.0' },
      main: './extension.js', activationEvents: [], contributes: {},
    }, null, 2));
    writeFileSync(join(empty, 'extension.js'), 'exports.activate = function () {};\nexports.deactivate = function () {};\n');
  }
  const probe = join(dir, 'probe');
  mkdirSync(probe, { recursive: true });
  writeFileSync(join(probe, 'index.js'), PROBE);
  return { devs, probe: join(probe, 'index.js') };
}

async function once(browser, paths, order) {
  const { startCodeServer } = await import(pathToFileURL(join(ROOT, 'test', 'support', 'codeServer.mjs')).href);
  const resultFile = join(tmpdir(), `wslab-activation-${process.pid}-${Date.now()}.json`);
  const env = { WSLAB_BENCH_ACTIVATION: resultFile, WSLAB_BENCH_ORDER: order };
  if (process.env.WSLAB_BENCH_PROFILE) env.WSLAB_BENCH_PROFILE = process.env.WSLAB_BENCH_PROFILE;
  const server = await startCodeServer({ env });
  const page = await browser.newPage();
  try {
    await page.goto(server.url({ extensionDevelopmentPath: paths.devs, extensionTestsPath: paths.probe }));
    const until = Date.now() + 120_000;
    while (!existsSync(resultFile)) {
      if (Date.now() > until) throw new Error(`no activation result within 120 s:\n${server.output().slice(-3000)}`);
      await sleep(200);
    }
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    for (const [k, v] of Object.entries(r)) if (v.error) throw new Error(`${k}: ${v.error} (probe saw ${JSON.stringify(r)})`);
    if (r[OURS].wasActive) throw new Error(`${OURS} was already active before the probe ran: its activation cannot be timed`);
    return { ours: Number(r[OURS].ms.toFixed(1)), empty: Number(r[EMPTY].ms.toFixed(1)), warmup: Number(r[WARMUP].ms.toFixed(1)) };
  } finally {
    await page.close();
    await server.stop();
    rmSync(resultFile, { force: true });
  }
}

export async function run({ quick, log, runs: runsOverride }) {
  const { codeServerEntry } = await import(pathToFileURL(join(ROOT, 'test', 'support', 'codeServer.mjs')).href);
  if (!existsSync(codeServerEntry())) throw new Skip(`code-server is not installed (${codeServerEntry()}); scripts/install-test-deps.sh installs it`);
  const runs = runsOverride ?? (quick ? 1 : 5);
  const built = await buildVsix(log);
  let vsixBuffer;
  try {
    vsixBuffer = readFileSync(built.vsix);
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), 'wslab-activation-'));
  const paths = setup(dir, vsixBuffer);
  const browser = await launch();
  try {
    log(`activation in code-server, ${runs} window load(s) per order`);
    // Each window load activates both; which one goes first alternates between loads.
    const { peer, ours } = quick
      ? { peer: [await once(browser, paths, 'empty-first')], ours: [] }
      : await alternate(runs, () => once(browser, paths, 'empty-first'), () => once(browser, paths, 'ours-first'), log);
    const all = [...peer, ...ours];
    const o = all.map((x) => x.ours);
    const e = all.map((x) => x.empty);
    const extra = median(all.map((x) => x.ours - x.empty));
    return {
      rows: [
        { label: 'activate() until resolved', unit: 'ms', peer: median(e), ours: median(o), ratio: median(o) / median(e), target: '≤ +50 ms', met: extra <= 50, peerRuns: e.map((x) => Number(x.toFixed(1))), oursRuns: o.map((x) => Number(x.toFixed(1))) },
        { label: 'ours − empty, same window', unit: 'ms', peer: NaN, peerLabel: '—', ours: extra, ratio: undefined, target: '≤ +50 ms', met: extra <= 50, oursRuns: all.map((x) => Number((x.ours - x.empty).toFixed(1))), oursOnly: true },
      ],
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const method = `code-server 4.100.3 (the one the integration tests use, from scripts/install-test-deps.sh) opens an
empty folder in headless Chromium with two development extensions, ours (the contents of the \`.vsix\`
that \`npm run package\` makes, so the minified production build) and an empty one
(\`activate() {}\`), and a probe as the extension tests module.
The probe first activates a third, empty "warm-up" extension (the first activation in an extension
host carries one-time costs), then calls \`vscode.extensions.getExtension(id).activate()\` for ours
and the empty one, one after the other (the order alternates between window loads), and times each
call: loading the module plus \`activate()\`.
Each load is a fresh code-server with a fresh user-data folder.`;

export function limits() {
  return `From a CPU profile of ours' activation in the extension host (\`WSLAB_BENCH_PROFILE=<dir>\`): the
largest part is loading \`dist/extension.js\` (about 220 KB minified: views, commands and the
connection code with \`ws\` and msgpackr; compiling it and running its top level, which includes
copying the \`vscode\` API object into each module that imports it), then \`activate()\` itself, which
registers views and commands (RPCs to the workbench) and reads the saved connections.
What is not needed to activate is not loaded: the mock server (ajv, yaml, the self-signed
certificate stack) and the lessons (markdown-it and the lesson texts) are separate bundles,
\`dist/server.js\` and \`dist/lessons.js\`, that extension.js \`require\`s on first use (esbuild.mjs,
\`LAZY_BUNDLES\`; test/unit/packaging.test.ts keeps them out of extension.js). \`activate()\` still
returns only once the saved connections are loaded, so the tree and the returned API start with
them, but a local \`.vscode/websocket-lab.json\` is read synchronously: awaiting real I/O there let
the extension host's other queued work run first, which added tens of milliseconds in busy windows.
msgpackr's optional native add-on is external and its lookup disabled (esbuild.mjs).`;
}
