// `npm start`: builds the extension, starts an echo mock server, and opens VS Code with the
// extension loaded: desktop VS Code when a `code` command exists, otherwise the embedded
// code-server (installed into ~/.cache/websocket-lab on first run), whose URL is printed.
// Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, repoRoot } from '../test/support/codeServer.mjs';

const playground = join(repoRoot, 'playground');
mkdirSync(playground, { recursive: true });

const step = (msg) => console.log(`\x1b[36m▸\x1b[0m ${msg}`);
step('building');
if (spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) process.exit(1);

step('starting the echo mock server');
const mock = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'mock', '--scenario', 'echo', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const mockUrl = await new Promise((resolve, reject) => {
  let buf = '';
  mock.stdout.on('data', (d) => {
    buf += d;
    const m = /^listening (wss?:\/\/\S+)/m.exec(buf);
    if (m) resolve(m[1]);
  });
  mock.once('exit', (code) => reject(new Error(`mock server exited (${code})`)));
});
console.log(`  mock server: ${mockUrl}`);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status === 0;
let stop = async () => {};
if (hasCode && !process.env.WSLAB_USE_CODE_SERVER) {
  step('opening desktop VS Code with the extension loaded');
  spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, playground], { stdio: 'inherit' });
  console.log('  VS Code is open. In it: WebSocket Lab in the activity bar → New Connection… → paste the mock server URL.');
} else {
  step('no `code` command: using the embedded VS Code (code-server)');
  if (spawnSync('bash', [join(repoRoot, 'scripts', 'install-test-deps.sh'), '--code-server-only'], { stdio: 'inherit' }).status !== 0) process.exit(1);
  const server = await startCodeServer({ workspace: playground });
  stop = () => server.stop();
  console.log(`\n  Open this URL in your browser:\n\n    ${server.url({ extensionDevelopmentPath: repoRoot })}\n`);
  console.log(`  Then: WebSocket Lab in the activity bar → New Connection… → ${mockUrl}`);
}
console.log('\n  Press Ctrl+C to stop.');
const shutdown = async () => {
  mock.kill('SIGTERM');
  await stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (hasCode && !process.env.WSLAB_USE_CODE_SERVER) await new Promise(() => {});
