// Starts a real VS Code (code-server 4.100.3, VS Code 1.100.3) on 127.0.0.1 for the integration
// and end-to-end suites, with a fresh user-data dir, and stops it again.
// code-server is installed by scripts/install-test-deps.sh into a cache folder outside the repo.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);

export function codeServerEntry() {
  const cache = process.env.WSLAB_CACHE_DIR || join(homedir(), '.cache', 'websocket-lab');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Asks the OS for a free loopback port (code-server needs an explicit one). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts code-server. Returns { url, port, workspace, tmp, stop() }.
 * `env` is passed to code-server and so reaches the extension host.
 */
export async function startCodeServer({ env = {}, workspace, settings = {}, log = () => {} } = {}) {
  const entry = codeServerEntry();
  if (!existsSync(entry)) {
    throw new Error(`code-server is not installed at ${entry}: run scripts/install-test-deps.sh (npm test does it)`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'wslab-cs-'));
  const userData = join(tmp, 'ud');
  mkdirSync(join(userData, 'User'), { recursive: true });
  // Without these, a workspace-trust dialog covers the window and the palette never opens.
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...settings,
  }, null, 2));
  const ws = workspace ?? join(tmp, 'workspace');
  mkdirSync(ws, { recursive: true });
  const port = await freePort();
  const child = spawn(process.execPath, [
    entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userData, '--extensions-dir', join(tmp, 'ext'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', ws,
  ], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const onData = (d) => { output += d; log(String(d)); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('HTTP server listening')) { clearTimeout(timer); res(); }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); rej(new Error(`code-server exited with ${code}:\n${output}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    port,
    base,
    workspace: ws,
    tmp,
    output: () => output,
    /** Workbench URL; `payload` adds extensionDevelopmentPath / extensionTestsPath. */
    url({ extensionDevelopmentPath, extensionTestsPath } = {}) {
      const payload = [];
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
      const q = new URLSearchParams({ folder: ws });
      if (payload.length) q.set('payload', JSON.stringify(payload));
      return `${base}/?${q}`;
    },
    async stop() {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((res) => {
        if (child.exitCode !== null) return res();
        const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } res(); }, 5000);
        child.once('exit', () => { clearTimeout(t); res(); });
      });
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
