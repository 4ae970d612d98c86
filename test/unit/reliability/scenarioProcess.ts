// A mock server in its own process (the `websocket-lab mock` CLI bundled from source, see
// mockServerProcess.ts), for the cases where what is tested is that the process survives: an
// uncaught exception in a timer or a heap exhausted would take a vitest worker down with it, and in
// VS Code the extension host. Node flags (a small --max-old-space-size) go before the script.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { withTimeout } from '../../support/withTimeout';

export interface ScenarioProcess {
  child: ChildProcess;
  url: string;
  httpUrl: string;
  /** Every stdout line after "listening". */
  lines: string[];
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string | null>;
  alive(): boolean;
  /** Peak resident set size so far, in MB (Linux /proc; undefined elsewhere). */
  peakRssMb(): number | undefined;
  /** The first stdout line (past or future) matching `re`; fails early, with stderr, if the process ends. */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
  /** `p`, unless the process ends first: then a failure saying how, with the end of its stderr. */
  whileAlive<T>(p: Promise<T>, what: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startScenarioProcess(cli: string, scenario: string, opts: { log?: string; nodeArgs?: string[] } = {}): Promise<ScenarioProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), cli, 'mock', '--scenario', scenario, '--log', opts.log ?? 'events'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const lines: string[] = [];
  const watchers = new Set<() => void>();
  const rl = createInterface({ input: child.stdout! });
  const first = await withTimeout(
    new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      void exited.then((code) => reject(new Error(`the mock server exited (${code}) before listening: ${stderr}`)));
    }),
    15_000,
    `the mock server to listen (${stderr})`,
  );
  rl.on('line', (l) => {
    lines.push(l);
    for (const w of watchers) w();
  });
  const m = /^listening (ws:\/\/(127\.0\.0\.1:\d+))$/.exec(first);
  if (!m) throw new Error(`unexpected first line: ${first}`);

  const whileAlive = <T>(p: Promise<T>, what: string): Promise<T> => {
    const died = exited.then((code): never => {
      throw new Error(`the mock server process ended (${code}) while waiting for ${what}; stderr ends with: ${stderr.slice(-1500)}`);
    });
    // Settles after the test when stop() kills the process: not an unhandled rejection.
    died.catch(() => undefined);
    return Promise.race([p, died]);
  };
  return {
    child,
    url: m[1],
    httpUrl: `http://${m[2]}`,
    lines,
    stderr: () => stderr,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    peakRssMb() {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb === undefined ? undefined : Number(kb) / 1024;
      } catch {
        return undefined;
      }
    },
    line(re, timeoutMs = 10_000) {
      const found = new Promise<string>((resolve) => {
        const check = (): void => {
          const l = lines.find((x) => re.test(x));
          if (l === undefined) return;
          watchers.delete(check);
          resolve(l);
        };
        watchers.add(check);
        check();
      });
      return whileAlive(withTimeout(found, timeoutMs, `a stdout line matching ${re}`), `a line matching ${re}`);
    },
    whileAlive,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
