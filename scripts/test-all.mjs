// `npm test`: installs what the tests need when missing, builds, then runs every suite:
// lint, type check, unit (vitest), integration (inside VS Code), end-to-end (Chromium + VS Code),
// and a smoke run of the benchmarks.
// Ends with one line "N passed, N failed" summing all suites; exits non-zero on any failure.
// Flags: --skip-install, --only=lint,types,unit,integration,e2e,bench
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (s) => !only || only.includes(s);

function run(cmd, cmdArgs, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { if (capture) out += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const results = [];
const record = (suite, passed, failed) => {
  results.push({ suite, passed, failed });
  console.log(`\n== ${suite}: ${passed} passed, ${failed} failed\n`);
};
const countsFrom = (out, label) => {
  const m = new RegExp(`${label}: (\\d+) passed, (\\d+) failed`).exec(out);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};

if (!args.includes('--skip-install') && (want('integration') || want('e2e') || want('unit'))) {
  const r = await run('bash', ['scripts/install-test-deps.sh']);
  if (r.code !== 0) {
    console.log('installing test dependencies failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const build = await run(process.execPath, ['esbuild.mjs']);
if (build.code !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (want('lint')) {
  const r = await run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  record('lint', r.code === 0 ? 1 : 0, r.code === 0 ? 0 : 1);
}
if (want('types')) {
  const a = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
  const b = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'media']);
  const ok = a.code === 0 && b.code === 0;
  record('type check', ok ? 1 : 0, ok ? 0 : 1);
}
if (want('unit')) {
  const report = join(tmpdir(), `wslab-vitest-${process.pid}.json`);
  // CI runs the 30-second soak (1,000 clients × 10 msgs/s); a developer's npm test the 10-second one.
  if (process.env.CI && !process.env.WSLAB_SOAK) process.env.WSLAB_SOAK = 'ci';
  const r = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const failedSuites = (json.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
    record('unit', json.numPassedTests, json.numFailedTests + failedSuites + (r.code !== 0 && json.numFailedTests === 0 && failedSuites === 0 ? 1 : 0));
    rmSync(report, { force: true });
  } else {
    record('unit', 0, 1);
  }
}
if (want('integration')) {
  const r = await run(process.execPath, ['test/integration/launch-code-server.mjs']);
  const c = countsFrom(r.out, 'integration') ?? [0, 1];
  record('integration', c[0], r.code !== 0 && c[1] === 0 ? 1 : c[1]);
}
if (want('e2e')) {
  const r = await run(process.execPath, ['test/e2e/run.mjs']);
  const c = countsFrom(r.out, 'e2e') ?? [0, 1];
  record('e2e', c[0], r.code !== 0 && c[1] === 0 ? 1 : c[1]);
}

if (want('bench')) {
  // A short smoke run of every benchmark: it fails only if a benchmark breaks, never on a figure.
  const r = await run(process.execPath, ['bench/run.mjs', '--quick']);
  record('bench smoke', r.code === 0 ? 1 : 0, r.code === 0 ? 0 : 1);
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.suite.padEnd(12)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
