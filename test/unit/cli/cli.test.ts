// The CLI as users run it: bundled like dist/cli.js and started as a child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, open, withTimeout } from '../server/helpers';

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

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves once stdout has a line matching `re`. */
  line(re: RegExp): Promise<string>;
}

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
    exited: withTimeout(exited, 10_000, 'the CLI to exit'),
    line: (re) =>
      withTimeout(
        new Promise<string>((resolve) => {
          const check = (): void => {
            const found = out.split('\n').find((l) => re.test(l));
            if (found) resolve(found);
          };
          watchers.push(check);
          check();
        }),
        10_000,
        `a stdout line matching ${re}`,
      ),
  };
}

describe('websocket-lab CLI', () => {
  it('mock prints "listening ws://127.0.0.1:<port>" first, one line per event, and exits 0 on SIGINT after closing clients with 1001', async () => {
    const cli = run(['mock', '--scenario', 'echo']);
    const first = await cli.line(/^listening /);
    expect(cli.stdout().split('\n')[0]).toMatch(/^listening ws:\/\/127\.0\.0\.1:\d+$/);
    const url = first.slice('listening '.length);
    const client = await open(url);
    client.send('hello cli');
    await client.next();
    await cli.line(/c1\s+message\s+out text 9B hello cli/);
    expect(cli.stdout()).toMatch(/\d\d:\d\d:\d\d\.\d{3} c1\s+client\s+connected/);
    cli.child.kill('SIGINT');
    expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await cli.exited).toBe(0);
  });

  it('a scenario file with errors is reported as file:line:column on stderr with exit code 2', async () => {
    const file = join(dir, 'bad.wsmock.yaml');
    writeFileSync(file, 'name: bad\nrules:\n  - match: {regex: "(("}\n    reply: x\n');
    const cli = run(['mock', '--scenario', file]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain(`${file}:3:20: invalid regular expression`);
    expect(cli.stdout()).toBe('');
  });

  it('a valid scenario file runs', async () => {
    const file = join(dir, 'ok.wsmock.yaml');
    writeFileSync(file, 'rules:\n  - reply: "you said {{message.text}}"\n');
    const cli = run(['mock', '--scenario', file, '--port', '0']);
    const url = (await cli.line(/^listening /)).slice('listening '.length);
    const client = await open(url);
    client.send('x');
    expect((await client.next()).text).toBe('you said x');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('bad arguments exit 2 with a message saying what is wrong', async () => {
    const cases: Array<[string[], string]> = [
      [['mock'], 'needs --scenario'],
      [['mock', '--scenario', 'echo', '--port', 'abc'], '--port must be a whole number'],
      [['mock', '--scenario', 'echo', '--bogus'], 'unknown option --bogus'],
      [['mock', '--scenario', 'no-such-thing'], 'neither a built-in scenario nor an existing file'],
      [['frobnicate'], 'unknown command "frobnicate"'],
    ];
    const runs = cases.map(([args]) => run(args));
    for (const [i, r] of runs.entries()) {
      expect(await r.exited, cases[i][0].join(' ')).toBe(2);
      expect(r.stderr()).toContain(cases[i][1]);
    }
  });

  it('scenarios lists the built-ins, and --help prints usage', async () => {
    const list = run(['scenarios']);
    expect(await list.exited).toBe(0);
    expect(list.stdout()).toMatch(/^echo\s+Echo$/m);
    expect(list.stdout()).toMatch(/^transports\s+/m);
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toContain('websocket-lab mock --scenario');
  });

  it('warns when the host is reachable from the network, and prints where the TLS certificate is', async () => {
    const cli = run(['mock', '--scenario', 'echo', '--host', '0.0.0.0', '--tls', '--cert-dir', join(dir, 'certs')]);
    expect(await cli.line(/^listening /)).toMatch(/^listening wss:\/\/0\.0\.0\.0:\d+$/);
    await withTimeout(new Promise<void>((resolve) => {
      const check = (): void => {
        if (cli.stderr().includes('NODE_EXTRA_CA_CERTS')) resolve();
      };
      cli.child.stderr.on('data', check);
      check();
    }), 5000, 'the TLS guidance');
    expect(cli.stderr()).toContain('reachable from the network');
    expect(cli.stderr()).toContain(join(dir, 'certs'));
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });
});
