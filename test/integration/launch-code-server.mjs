// Runs the integration suite inside code-server's extension host (offline), holding the workbench
// open in headless Chromium, and waits for the suite's results file.
// Prints the results and a final "N passed, N failed" line; exits non-zero on any failure.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startCodeServer, repoRoot } from '../support/codeServer.mjs';
import { launchChromium } from '../support/browser.mjs';

const TIMEOUT_MS = Number(process.env.WSLAB_INTEGRATION_TIMEOUT_MS || 300_000);
const resultsFile = join(tmpdir(), `wslab-integration-${process.pid}.json`);
rmSync(resultsFile, { force: true });
const suite = join(repoRoot, 'dist', 'test', 'suite', 'index.js');
if (!existsSync(suite)) {
  console.error(`missing ${suite}: run "node esbuild.mjs" first`);
  process.exit(1);
}

const server = await startCodeServer({
  env: { WSLAB_TEST_RESULTS: resultsFile },
  log: process.env.WSLAB_DEBUG ? (s) => process.stderr.write(s) : undefined,
});
const browser = await launchChromium();
let summary;
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (process.env.WSLAB_DEBUG) console.log('[page]', m.text()); });
  await page.goto(server.url({ extensionDevelopmentPath: repoRoot, extensionTestsPath: suite }));
  const deadline = Date.now() + TIMEOUT_MS;
  while (!existsSync(resultsFile)) {
    if (Date.now() > deadline) throw new Error(`integration suite did not finish within ${TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch (err) {
  console.error(String(err?.stack ?? err));
  console.error(server.output().slice(-4000));
  summary = { passed: 0, failed: 1, failures: [{ title: 'integration launcher', error: String(err) }] };
} finally {
  await browser.close();
  await server.stop();
  rmSync(resultsFile, { force: true });
}
for (const f of summary.failures) console.log(`FAIL ${f.title}\n${f.error}\n`);
console.log(`integration: ${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.failed > 0 ? 1 : 0);
