// The integration suite: mocha, run inside a real VS Code extension host with the real `vscode`
// API. Launched by test/integration/launch-code-server.mjs (code-server, offline) or by
// test/integration/launch-electron.mjs (@vscode/test-electron, needs to download VS Code).
// Results go to the file named by WSLAB_TEST_RESULTS, because the extension host's exit code does
// not reach a code-server launcher.
import Mocha from 'mocha';
import { writeFileSync } from 'node:fs';

interface Failure { title: string; error: string }

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false });
  // Define describe/it globals, then load the test files (bundled by esbuild via require()).
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  // require() (not import) so the files load after the globals exist; esbuild bundles them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('./connections.test');
  require('./mockServer.test');
  require('./workflow.test');
  require('./timelineWebview.test');
  require('./paletteAndDiagnostics.test');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const resultsFile = process.env.WSLAB_TEST_RESULTS;
  return new Promise((resolve, reject) => {
    let passed = 0;
    const failures: Failure[] = [];
    const runner = mocha.run((failed) => {
      const summary = { passed, failed: failures.length, failures };
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
      if (failed > 0) reject(new Error(`${failed} integration tests failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      passed++;
      console.log(`  ✓ ${test.fullTitle()}`);
    });
    runner.on('fail', (test, err: Error) => {
      failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) });
      console.log(`  ✗ ${test.fullTitle()}: ${err?.message}`);
    });
  });
}
