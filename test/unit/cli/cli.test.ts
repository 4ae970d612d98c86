// The CLI as users run it: bundled like dist/cli.js and started as a child process.
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { open, withTimeout } from '../server/helpers';
import { useCli } from './runCli';

const built = useCli();
const run = built.run;
let dir: string;
beforeEach(() => {
  dir = built.dir();
});

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
      [['mock', '--scenario', 'echo', '--log', 'loud'], '--log must be one of events, summary, quiet, got "loud"'],
      [['help', 'frobnicate'], 'unknown command "frobnicate"'],
    ];
    const runs = cases.map(([args]) => run(args));
    for (const [i, r] of runs.entries()) {
      expect(await r.exited, cases[i][0].join(' ')).toBe(2);
      expect(r.stderr()).toContain(cases[i][1]);
      expect(r.stdout()).toBe('');
    }
    // A mistake in a command's options points at that command's help.
    expect(runs[1].stderr()).toContain('Usage: websocket-lab mock --scenario <name|file> [options]');
    expect(runs[1].stderr()).toContain('websocket-lab mock --help');
  });

  it('a server that cannot start (port in use) exits 1 with the reason', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const r = run(['mock', '--scenario', 'echo', '--port', String(port)]);
      expect(await r.exited).toBe(1);
      expect(r.stderr()).toContain(`port ${port} is already in use`);
      expect(r.stdout()).toBe('');
    } finally {
      taken.close();
    }
  });

  it('--help, -h, help and no arguments list every command with a one-line description', async () => {
    const runs = [['--help'], ['-h'], ['help'], []].map((args) => run(args));
    for (const r of runs) {
      expect(await r.exited).toBe(0);
      expect(r.stdout()).toMatch(/^ {2}mock\s+run a mock WebSocket server from a built-in scenario or a scenario file$/m);
      expect(r.stdout()).toMatch(/^ {2}scenarios\s+list the built-in scenarios$/m);
      expect(r.stdout()).toContain('websocket-lab <command> --help');
    }
    expect(new Set(runs.map((r) => r.stdout())).size).toBe(1);
  });

  it('<command> --help shows that command\'s options, including the --log levels', async () => {
    const runs = [['mock', '--help'], ['mock', '-h'], ['help', 'mock'], ['mock', '--scenario', 'echo', '--help']].map((args) => run(args));
    for (const r of runs) {
      expect(await r.exited).toBe(0);
      const out = r.stdout();
      expect(out).toContain('Usage: websocket-lab mock --scenario <name|file> [options]');
      for (const option of ['-s, --scenario <name|file>', '-p, --port <n>', '--host <address>', '--tls', '--cert-dir <dir>', '--log <level>', '-h, --help']) {
        expect(out).toContain(option);
      }
      expect(out).toMatch(/--log <level>\s+what stdout shows after the "listening" line:\n\s+events\s+one line per event \(the default\)\n\s+summary\s+clients connecting, .*\n.*\n\s+quiet\s+nothing more\n/);
    }
    const scenarios = run(['scenarios', '--help']);
    expect(await scenarios.exited).toBe(0);
    expect(scenarios.stdout()).toContain('Usage: websocket-lab scenarios');
    expect(scenarios.stdout()).not.toContain('--scenario <name|file>');
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

  it('does not warn for other spellings of a loopback address (127.1 is 127.0.0.1)', async () => {
    // 127.1 binds on every OS (127.0.0.2 needs an alias on macOS); test/unit/wire/loopback.test.ts has the rest.
    const cli = run(['mock', '--scenario', 'echo', '--host', '127.1']);
    expect(await cli.line(/^listening /)).toMatch(/^listening ws:\/\/127\.1:\d+$/);
    await withTimeout(new Promise<void>((resolve) => {
      const check = (): void => {
        if (cli.stderr().includes('metrics:')) resolve();
      };
      cli.child.stderr.on('data', check);
      check();
    }), 5000, 'the scenario notice');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).not.toContain('reachable from the network');
  });
});
