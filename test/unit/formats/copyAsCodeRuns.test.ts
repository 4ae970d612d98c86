// Copy as Code, run for real: each generated snippet is run by its own runtime (node with `ws`,
// python3 with the websockets Debian ships, Chromium on a page, wscat) against the real mock server
// on 127.0.0.1:0. The server must receive exactly the composer's message, the program must print
// the echo, and the connection must end with a clean close (1000) that the program reports.
// All snippets run at once (each waits out its quiet period before closing), so the file stays fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { newConnectionConfig, type ConnectionConfig } from '../../../src/shared/connection';
import { copyAsCode, type CodeMessage, type CodeTarget } from '../../../src/formats/copyAsCode';
import { cleanup, start, tweak, type StartedServer } from '../server/helpers';
// @ts-expect-error: a plain .mjs helper shared with the E2E tests, without type declarations.
import { launchChromium } from '../../support/browser.mjs';

const REPO = path.resolve(__dirname, '../../..');
const TOKEN = 'tok-3xample';
/** Every character class that needs escaping somewhere: quotes, backslash, newline, tab, $ and ${}, {{ }}, backtick, %s, </script>, U+2028, non-ASCII and astral. */
const TRICKY = `He said "hi" & it's {{ name }} \${HOME} $HOME \`date\` back\\slash\nsecond line\ttab %s %% ünïcødé 😀 </script> \u2028 end`;
const BYTES = new Uint8Array([0, 1, 2, 0xff, 10, 39, 34, 92]);
/** A snippet that has not ended by itself after this long is stopped (and fails its test). */
const RUN_LIMIT_MS = 15_000;

/** The python3 that has websockets: the one on PATH, else Debian's (a pyenv python3 may shadow it). */
function findPython(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import websockets'], { stdio: 'ignore' }).status === 0);
}

interface Run { stdout: string; stderr: string; code: number | null; clientId?: string }

function connection(url: string, auth: boolean): ConnectionConfig {
  return {
    ...newConnectionConfig('c1', 'Runs', url),
    query: [{ name: 'room', value: 'a b&c' }],
    // The secret header goes out from $AUTHORIZATION (the server refuses the handshake without it);
    // browsers cannot send headers, so the browser's server does not ask for one.
    headers: auth ? [{ name: 'Authorization', value: '', secret: true }, { name: 'X-Note', value: `say "hi" & 'now' {{x}} \${y}` }] : [],
    subprotocols: ['chat'],
  };
}

let dir: string;
let authServer: StartedServer;
let browserServer: StartedServer;
const runs = new Map<string, Promise<Run>>();

/** Runs a program to its end (at most 10 s); it must end by itself, closing its connection. */
function runProgram(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(REPO, 'node_modules'), AUTHORIZATION: `Bearer ${TOKEN}`, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** One Chromium for the browser snippets, each on its own page. */
let browser: Promise<Browser> | undefined;

async function runInBrowser(code: string, server: StartedServer): Promise<Run> {
  browser ??= launchChromium() as Promise<Browser>;
  const page = await (await browser).newPage();
  try {
    const lines: string[] = [];
    const closed = new Promise<void>((resolve) => page.on('console', (m) => {
      lines.push(m.text());
      if (m.text().startsWith('close ')) resolve();
    }));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The snippet pasted into a page's <script> element, on the mock server's own origin.
    await page.goto(server.httpUrl);
    await page.setContent(`<!doctype html><meta charset="utf-8"><script>${code}</script>`);
    await Promise.race([closed, new Promise((r) => setTimeout(r, RUN_LIMIT_MS))]);
    return { stdout: lines.join('\n') + '\n', stderr: errors.join('\n'), code: errors.length ? 1 : 0 };
  } finally {
    await page.close();
  }
}

/** The snippet for one target, connecting to `path` (which tells the server's clients apart). */
function snippet(target: CodeTarget, server: StartedServer, name: string, message: CodeMessage, auth: boolean): string {
  return copyAsCode(connection(`${server.url}/${name}`, auth), target, { secrets: 'placeholder', message });
}

/** Starts one snippet; a runtime that fails to start becomes a failed run, reported by its test. */
function begin(name: string, run: () => Promise<Run>): void {
  runs.set(name, run().catch((err: unknown) => ({ stdout: '', stderr: String(err), code: -1 })));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'wslab-copy-as-code-'));
  authServer = await start(tweak('echo', (s) => { s.handshake = { subprotocols: ['chat'], auth: { token: TOKEN, via: ['header'] } }; }));
  browserServer = await start(tweak('echo', (s) => { s.handshake = { subprotocols: ['chat'] }; }));
  const text: CodeMessage = { opcode: 'text', data: TRICKY };
  const binary: CodeMessage = { opcode: 'binary', data: BYTES };
  const python = findPython();
  for (const [kind, message] of [['text', text], ['binary', binary]] as const) {
    const nodeFile = path.join(dir, `node-${kind}.js`);
    writeFileSync(nodeFile, snippet('node-ws', authServer, `node-${kind}`, message, true));
    begin(`node-${kind}`, () => runProgram(process.execPath, [nodeFile]));
    const pyFile = path.join(dir, `python-${kind}.py`);
    writeFileSync(pyFile, snippet('python-websockets', authServer, `python-${kind}`, message, true));
    if (python) begin(`python-${kind}`, () => runProgram(python, [pyFile]));
    begin(`browser-${kind}`, () => runInBrowser(snippet('browser-js', browserServer, `browser-${kind}`, message, false), browserServer));
  }
  const wscat = snippet('wscat', authServer, 'wscat-text', text, true);
  const bin = path.join(REPO, 'node_modules', '.bin');
  // --norc: bash given a socket for stdin (as spawn does) would read ~/.bashrc, as if run by rshd.
  // The open stdin matters too: wscat quits when its input ends, as it would in a terminal.
  begin('wscat-text', () => runProgram('bash', ['--norc', '--noprofile', '-c', wscat], { PATH: `${bin}:${process.env.PATH ?? ''}` }));
  // Not awaited: the programs run side by side while each test waits for its own.
}, 20_000);

afterAll(async () => {
  await (await browser)?.close();
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** What the server saw from the client that connected to /name: the message it got, and how it closed. */
function seenBy(server: StartedServer, name: string) {
  const connected = server.events.find((e) => e.kind === 'client' && e.action === 'connected' && e.detail?.startsWith(`/${name}?`));
  const id = connected && 'clientId' in connected ? connected.clientId : undefined;
  const mine = server.events.filter((e) => 'clientId' in e && e.clientId === id);
  const incoming = mine.filter((e) => e.kind === 'message' && e.dir === 'in');
  const close = mine.find((e) => e.kind === 'close');
  return { connected, incoming, close };
}

async function result(name: string): Promise<Run> {
  const run = runs.get(name);
  if (!run) throw new Error(`${name} did not run`);
  return run;
}

const python = findPython();

describe('Copy as Code snippets send the composer message and close cleanly, run for real', { timeout: RUN_LIMIT_MS + 5000 }, () => {
  it('python3 with websockets is installed (scripts/install-test-deps.sh installs python3-websockets)', () => {
    expect(python, 'no python3 can import websockets: run scripts/install-test-deps.sh').toBeDefined();
  });

  const cases: Array<{ name: string; server: () => StartedServer; protocolShown: RegExp }> = [
    { name: 'node', server: () => authServer, protocolShown: /^open chat$/m },
    { name: 'python', server: () => authServer, protocolShown: /^open chat$/m },
    { name: 'browser', server: () => browserServer, protocolShown: /^open chat$/m },
  ];
  for (const c of cases) {
    it(`${c.name}: sends the tricky text exactly, prints the echo, closes with 1000`, async () => {
      const run = await result(`${c.name}-text`);
      const seen = seenBy(c.server(), `${c.name}-text`);
      expect(seen.connected, `${c.name} did not connect:\n${run.stdout}\n${run.stderr}`).toBeDefined();
      expect(seen.connected?.kind === 'client' && seen.connected.detail).toMatch(/^\/[a-z-]+\?room=a%20b%26c; protocol chat;/);
      expect(seen.incoming.map((e) => e.kind === 'message' && e.opcode === 'text' && e.data)).toEqual([TRICKY]);
      expect(run.stdout).toMatch(c.protocolShown);
      expect(run.stdout).toContain(`message ${TRICKY}\n`);
      expect(run.stdout).toMatch(/^close 1000\b/m);
      expect(seen.close).toMatchObject({ code: 1000, initiator: 'client' });
      expect(run.code, run.stderr).toBe(0);
    });

    it(`${c.name}: sends the binary message byte for byte`, async () => {
      const run = await result(`${c.name}-binary`);
      const seen = seenBy(c.server(), `${c.name}-binary`);
      expect(seen.incoming.map((e) => e.kind === 'message' && e.opcode === 'binary' && Buffer.from(e.data, 'base64').toString('hex')), `${run.stdout}\n${run.stderr}`)
        .toEqual([Buffer.from(BYTES).toString('hex')]);
      expect(run.stdout).toMatch(/^message /m);
      expect(run.stdout).toMatch(/^close 1000\b/m);
      expect(seen.close).toMatchObject({ code: 1000, initiator: 'client' });
    });
  }

  it('wscat sends the tricky text exactly (its -x argument) and prints the echo', async () => {
    const run = await result('wscat-text');
    const seen = seenBy(authServer, 'wscat-text');
    expect(seen.incoming.map((e) => e.kind === 'message' && e.data), `exit ${run.code}\n${run.stdout}\n${run.stderr}`).toEqual([TRICKY]);
    expect(run.stdout).toBe(`${TRICKY}\n`);
    expect(seen.close).toMatchObject({ code: 1005, initiator: 'client' });
  });
});
