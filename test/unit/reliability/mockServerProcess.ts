// The mock server as a real child process (the `websocket-lab mock` CLI, bundled from source by
// esbuild), so a test can kill it for real: SIGKILL is a crash (no close frame, the client sees
// 1006), SIGTERM is a clean shutdown (clients get 1001 "server shutting down").
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/** Bundles src/cli/index.ts once; returns the script path and a cleanup. */
export async function bundleCli(): Promise<{ cli: string; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'wslab-cli-'));
  const cli = join(dir, 'cli.cjs');
  await build({
    entryPoints: [join(ROOT, 'src/cli/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: cli,
    external: ['bufferutil', 'utf-8-validate'],
    logLevel: 'silent',
  });
  return { cli, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** When the server printed "listening" (epoch ms): from then on it accepts connections. */
  upAt: number;
  /** Every event line it printed after "listening". */
  lines: string[];
  exited: Promise<number | null>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

export async function startServerProcess(cli: string, port = 0, scenario = 'echo'): Promise<ServerProcess> {
  const child = spawn(process.execPath, [cli, 'mock', '--scenario', scenario, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock server did not start within 15 s: ${stderr}`)), 15_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    void exited.then((code) => reject(new Error(`mock server exited (${code}) before listening: ${stderr}`)));
  });
  const upAt = Date.now();
  rl.on('line', (line) => lines.push(line));
  const m = /^listening (ws:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
  if (!m) throw new Error(`unexpected first line: ${first}`);
  return {
    child,
    port: Number(m[2]),
    url: m[1],
    upAt,
    lines,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      // Lines already written are read to the end.
      await new Promise<void>((resolve) => (rl as unknown as { closed?: boolean }).closed ? resolve() : rl.once('close', () => resolve()));
    },
  };
}
