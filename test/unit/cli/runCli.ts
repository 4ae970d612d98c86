// The CLI as users run it: bundled like dist/cli.js and started as a child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cleanup, withTimeout } from '../server/helpers';

export interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves once stdout has a line matching `re`. */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
}

/** Builds the CLI once for the calling test file; returns its temp dir and a `run` function. */
export function useCli(): { dir: () => string; run: (args: string[]) => Run } {
  let dir: string;
  let cliPath: string;
  const children: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wslab-cli-'));
    cliPath = join(dir, 'cli.js');
    await build({
      entryPoints: [join(__dirname, '../../../src/cli/index.ts')],
      outfile: cliPath,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['bufferutil', 'utf-8-validate'],
      logLevel: 'silent',
    });
  });

  afterEach(async () => {
    await cleanup();
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[]): Run {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') } });
    children.push(child);
    let out = '';
    let err = '';
    const watchers: Array<() => void> = [];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      watchers.forEach((w) => w());
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return {
      child,
      stdout: () => out,
      stderr: () => err,
      // Timed from when a test waits for it, so that long tests do not run out of time first.
      get exited() {
        return withTimeout(exited, 10_000, 'the CLI to exit');
      },
      line: (re, timeoutMs = 10_000) =>
        withTimeout(
          new Promise<string>((resolve) => {
            const check = (): void => {
              const found = out.split('\n').find((l) => re.test(l));
              if (found) resolve(found);
            };
            watchers.push(check);
            check();
          }),
          timeoutMs,
          `a stdout line matching ${re}`,
        ),
    };
  }

  return { dir: () => dir, run };
}
