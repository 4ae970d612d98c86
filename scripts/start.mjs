// `npm start`: builds the extension and opens VS Code with it loaded, in a playground folder
// outside the clone (~/.cache/websocket-lab/playground), so the connections a user saves there do
// not land in the repository: desktop VS Code when a `code` command exists, otherwise the embedded
// code-server (installed into ~/.cache/websocket-lab on first run), whose URL is printed. The echo
// mock server is started by the extension itself (the playground's websocketLab.mockServer.autoStart
// setting), so it is listed in the Mock Servers view and comes back after a window reload.
// Ctrl+C stops everything.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, freePort, repoRoot } from '../test/support/codeServer.mjs';

const cache = process.env.WSLAB_CACHE_DIR || join(homedir(), '.cache', 'websocket-lab');
const playground = join(cache, 'playground');
mkdirSync(join(playground, '.vscode'), { recursive: true });

const step = (msg) => console.log(`\x1b[36m▸\x1b[0m ${msg}`);
step('building');
if (spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) process.exit(1);

/** True when nothing listens on the port (so the echo server can have it). */
const portFree = (port) => new Promise((resolve) => {
  const srv = createServer();
  srv.once('error', () => resolve(false));
  srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
});

// The echo server keeps its port from one run to the next, so saved connections to it still work.
const settingsFile = join(playground, '.vscode', 'settings.json');
let settings = {};
try {
  settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
} catch {
  // No settings yet (or not plain JSON: then ours replace them; the playground is ours).
}
const previous = settings['websocketLab.mockServer.autoStart']?.find?.((s) => s?.scenario === 'echo')?.port;
const echoPort = Number.isInteger(previous) && previous > 0 && (await portFree(previous)) ? previous : await freePort();
settings['websocketLab.mockServer.autoStart'] = [{ scenario: 'echo', port: echoPort }];
writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
const mockUrl = `ws://127.0.0.1:${echoPort}`;
step(`playground: ${playground}`);
console.log(`  echo mock server (started by the extension, see its Mock Servers view): ${mockUrl}`);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status === 0;
let stop = async () => {};
if (hasCode && !process.env.WSLAB_USE_CODE_SERVER) {
  step('opening desktop VS Code with the extension loaded');
  spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, playground], { stdio: 'inherit' });
  console.log(`  VS Code is open. Trust the playground folder when asked (the echo server starts only in trusted folders), then: WebSocket Lab in the activity bar → New Connection… → ${mockUrl}`);
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
  await stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (hasCode && !process.env.WSLAB_USE_CODE_SERVER) await new Promise(() => {});
