// End-to-end suite: a real code-server with the extension loaded, driven in Debian's Chromium.
// Each journey gets a fresh code-server and browser page. Screenshots go to test-results/e2e/.
// Prints "e2e: N passed, N failed"; exits non-zero on any failure.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCodeServer, repoRoot } from '../support/codeServer.mjs';
import { launchChromium } from '../support/browser.mjs';
import { Workbench } from './workbench.mjs';

const only = process.argv.slice(2);
const dir = join(repoRoot, 'test', 'e2e', 'journeys');
const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

let passed = 0;
let failed = 0;
const browser = await launchChromium();
for (const file of files) {
  const journey = await import(pathToFileURL(join(dir, file)).href);
  const started = Date.now();
  const server = await startCodeServer({ settings: journey.settings ?? {} });
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const wb = new Workbench(page, journey.name);
  const expect = (cond, what) => {
    if (!cond) throw new Error(`expected: ${what}`);
  };
  try {
    await page.goto(server.url({ extensionDevelopmentPath: repoRoot }));
    await wb.ready();
    await journey.run(wb, expect, { server });
    if (wb.problems.length) throw new Error(`expected: ${wb.problems.join('; ')}`);
    passed++;
    console.log(`  ✓ ${journey.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed++;
    console.log(`  ✗ ${journey.name}: ${err?.message ?? err}`);
    try { await wb.shot('FAILED'); } catch { /* page gone */ }
    if (process.env.WSLAB_DEBUG) console.log(server.output().slice(-3000));
  } finally {
    await context.close();
    await server.stop();
  }
}
await browser.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
