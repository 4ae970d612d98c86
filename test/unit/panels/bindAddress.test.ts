// A workspace cannot bind mock servers to the network (security review, finding 14): the host
// setting is machine-scoped, so a cloned repository's .vscode/settings.json cannot set it, and an
// address other than loopback is asked about in a modal before anything listens; declining keeps
// 127.0.0.1 for that start. MockServers runs against the VS Code stand-in and starts real servers
// on 127.0.0.1. The address asked about is 192.0.2.1 (TEST-NET-1, documentation only, on no
// machine): should the question ever be skipped, that start fails instead of binding the network.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { bundleServer, type ServerModule } from '../reliability/serverBundle';
import { KEEP_LOOPBACK, mockServerBindHost } from '../../../src/panels/servers/bindAddress';
import { MockServers } from '../../../src/panels/servers/mockServers';
import { fake, fakeExtensionContext, window, workspace } from '../../support/fakeVscode';
import { withTimeout } from '../../support/withTimeout';

vi.mock('vscode', () => import('../../support/fakeVscode'));

// The panels load the server with import('../../server/index') and run each server in a worker
// thread that loads the server bundle: here that is the bundle built in beforeAll (as in
// mockServers.test.ts), since a thread cannot load the TypeScript sources.
const built = vi.hoisted(() => ({ server: undefined as unknown as ServerModule }));
vi.mock('../../../src/server/index', () => built.server);
let bundle: Awaited<ReturnType<typeof bundleServer>> | undefined;
beforeAll(async () => {
  bundle = await bundleServer();
  built.server = bundle.server;
}, 120_000);
afterAll(() => bundle?.dispose());

interface Question {
  text: string;
  options: { modal?: boolean; detail?: string };
  choices: string[];
  /** TCP servers listening in this process when the question was asked, beyond those before. */
  listeningThen: number;
}

/**
 * Listening TCP sockets of this whole process. Mock servers started from VS Code listen inside a
 * worker thread (src/server/worker/), whose handles the main thread's getActiveResourcesInfo()
 * does not see; threads share the process's file descriptors, so the kernel's tables do: a socket
 * fd of ours whose inode /proc/net/tcp{,6} lists in state 0A (LISTEN).
 */
function tcpServers(): number {
  const ours = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) ours.add(m[1]);
    } catch {
      // The fd closed while we looked.
    }
  }
  let listening = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && ours.has(cols[9])) listening++;
    }
  }
  return listening;
}

let questions: Question[] = [];
let baseline = 0;
let servers: MockServers | undefined;

/** The user's settings say `host`; the user answers the modal with `answer(choices)`. */
function userSettings(host: string, answer: (choices: string[]) => string | undefined): void {
  vi.spyOn(workspace, 'getConfiguration').mockReturnValue({
    get: <T>(key: string, fallback?: T) => (key === 'mockServer.host' ? (host as T) : fallback),
  });
  baseline = tcpServers();
  vi.spyOn(window, 'showWarningMessage').mockImplementation(async (text: string, ...rest: unknown[]) => {
    const [options, ...choices] = rest as [Question['options'], ...string[]];
    if (!options?.modal) {
      fake.messages.push({ level: 'warning', text });
      return undefined;
    }
    questions.push({ text, options, choices, listeningThen: tcpServers() - baseline });
    return answer(choices) as undefined;
  });
}

function newMockServers(): { servers: MockServers; logged: string[] } {
  const logged: string[] = [];
  const log = { ...window.createOutputChannel(), info: (line: string) => void logged.push(line) };
  servers = new MockServers(fakeExtensionContext() as never, log as never);
  return { servers, logged };
}

function echo(url: string, text: string): Promise<string> {
  return withTimeout(
    new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('open', () => ws.send(text));
      ws.on('message', (data) => {
        resolve(String(data));
        ws.close();
      });
      ws.on('error', reject);
    }),
    5000,
    `an echo from ${url}`,
  );
}

beforeEach(() => {
  questions = [];
  fake.reset();
});

afterEach(async () => {
  await servers?.dispose();
  servers = undefined;
  vi.restoreAllMocks();
});

describe('websocketLab.mockServer.host', () => {
  it('is machine-scoped: a workspace\'s .vscode/settings.json cannot set it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const sections = [pkg.contributes.configuration].flat() as Array<{ properties: Record<string, { scope?: string }> }>;
    const setting = sections.map((s) => s.properties['websocketLab.mockServer.host']).find(Boolean);
    expect(setting?.scope).toBe('machine');
  });

  it('an address on the network: asked in a modal before anything listens; keeping 127.0.0.1 listens on 127.0.0.1 only', async () => {
    userSettings('192.0.2.1', () => KEEP_LOOPBACK);
    const { servers, logged } = newMockServers();
    const running = await servers.start('echo');
    expect(questions).toHaveLength(1);
    expect(questions[0].text).toBe('Listen on 192.0.2.1? Other machines on your network can then reach this mock server.');
    expect(questions[0].options.modal).toBe(true);
    expect(questions[0].choices).toEqual(['Listen on 192.0.2.1', KEEP_LOOPBACK]);
    expect(questions[0].listeningThen).toBe(0);
    expect(tcpServers() - baseline).toBe(1);
    expect(running?.handle.host).toBe('127.0.0.1');
    expect(running?.handle.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(await echo(running!.handle.url, 'local only')).toBe('local only');
    expect(logged.some((l) => l.includes('listening on ws://127.0.0.1:'))).toBe(true);
    expect(fake.messages.filter((m) => /reachable from the network/.test(m.text))).toEqual([]);
  });

  it('the modal cancelled: no server starts', async () => {
    userSettings('192.0.2.1', () => undefined);
    const { servers } = newMockServers();
    expect(await servers.start('echo')).toBeUndefined();
    expect(questions).toHaveLength(1);
    expect(servers.list()).toEqual([]);
    expect(tcpServers() - baseline).toBe(0);
  });

  it('0.0.0.0 is asked about the same way, and kept when the user says so', async () => {
    userSettings('0.0.0.0', (choices) => choices[0]);
    expect(await mockServerBindHost()).toBe('0.0.0.0');
    expect(questions.map((q) => [q.text, q.choices])).toEqual([
      ['Listen on 0.0.0.0? Other machines on your network can then reach this mock server.', ['Listen on 0.0.0.0', KEEP_LOOPBACK]],
    ]);
  });

  it('loopback addresses are not asked about: 127.0.0.1, localhost, ::1, an empty setting', async () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      userSettings(host, () => undefined);
      expect(await mockServerBindHost()).toBe(host);
    }
    userSettings('  ', () => undefined);
    expect(await mockServerBindHost()).toBe('127.0.0.1');
    expect(questions).toEqual([]);
  });
});
