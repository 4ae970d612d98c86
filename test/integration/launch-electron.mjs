// Runs the same integration suite in desktop VS Code through @vscode/test-electron.
// Needs to download VS Code, so it is for machines with internet access; offline, use
// `npm run test:integration` (code-server).
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readFileSync, existsSync } from 'node:fs';
import { repoRoot } from '../support/codeServer.mjs';

const resultsFile = join(tmpdir(), `wslab-integration-electron-${process.pid}.json`);
process.env.WSLAB_TEST_RESULTS = resultsFile;
try {
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'dist', 'test', 'suite', 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { WSLAB_TEST_RESULTS: resultsFile },
  });
} catch (err) {
  console.error(String(err));
}
const summary = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : { passed: 0, failed: 1 };
console.log(`integration (electron): ${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.failed > 0 ? 1 : 0);
