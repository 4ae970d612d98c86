// Clients that send and never read. ws never refuses a send: what the peer does not read waits in the
// server's memory (ws.bufferedAmount), so one client that sent 400 MiB and read nothing grew the mock
// server from 66 to 562 MiB. The server now closes such a client with 1013 (Try Again Later) once more
// than `limits.maxBufferedBytes` (default 16 MiB) waits for it, and only that client.
//
// The first test runs the server as the real CLI in its own process, so the memory figure (the
// kernel's peak RSS of that process, VmHWM) is the server's alone; the client is a raw TCP socket
// that completes the upgrade and then stops reading, while a normal ws client keeps talking.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServerHandle, type Scenario } from '../../../src/server/index';
import type { NewTimelineEvent } from '../../../src/shared/events';
import { computeAcceptKey } from '../../../src/wire/handshake';
import { FULL, closeAll, frame, onCleanup, parseFrames, withTimeout, type ParsedFrame } from './helpers';
import { bundleCli } from './mockServerProcess';

afterEach(closeAll);

const MiB = 1024 * 1024;
/** What the slow client sends in all: the review's 400 MiB in the full form. */
const SENT_MIB = FULL ? 400 : 160;
const MESSAGE_BYTES = 64 * 1024;
/** The default of limits.maxBufferedBytes (src/server/net/clientConnection.ts). */
const DEFAULT_LIMIT = 16 * MiB;
/**
 * How much the server's peak RSS may grow while the slow client sends. The default limit is 16 MiB;
 * the rest is room for received buffers the garbage collector has not freed yet. Without the
 * limit the server keeps every unsent echo and grows by about what was sent.
 */
const GROWTH_BOUND_MIB = 96;

const linux = existsSync('/proc/self/status');

/** Resident and peak resident memory of a process, in MiB (Linux: /proc/<pid>/status). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

interface CliServer {
  child: ChildProcess;
  port: number;
  url: string;
  lines: string[];
  /** Resolves with the first line (printed from now on, or already) that matches. */
  line(re: RegExp, ms: number): Promise<string>;
}

async function startCli(cli: string, args: string[]): Promise<CliServer> {
  const child = spawn(process.execPath, [cli, 'mock', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of [...waiters]) {
      if (w.re.test(l)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(l);
      }
    }
  });
  const first = await withTimeout(new Promise<string>((resolve) => waiters.push({ re: /^listening /, resolve })), 15_000, `the "listening" line (stderr: ${stderr})`);
  const m = /^listening (ws:\/\/127\.0\.0\.1:(\d+))$/.exec(first)!;
  return {
    child,
    port: Number(m[2]),
    url: m[1],
    lines,
    line(re, ms) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return withTimeout(new Promise<string>((resolve) => waiters.push({ re, resolve })), ms, `a line matching ${re} (last lines: ${lines.slice(-5).join(' | ')}; stderr: ${stderr})`);
    },
  };
}

/**
 * A raw TCP client that completes the opening handshake and then stops reading: its socket is
 * paused, so once Node's small read buffer is full the kernel's fills, and then the server's.
 */
async function nonReadingClient(port: number): Promise<{ socket: Socket; readAll(): { frames: Promise<ParsedFrame[]>; echoedBytes: () => number } }> {
  const socket = connect(port, '127.0.0.1');
  onCleanup(() => void socket.destroy());
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const key = randomBytes(16).toString('base64');
  socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  let buf: Buffer = Buffer.alloc(0);
  await withTimeout(new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.pause();
      const head = buf.subarray(0, end).toString('latin1');
      buf = buf.subarray(end + 4);
      if (!head.startsWith('HTTP/1.1 101') || !head.includes(computeAcceptKey(key))) reject(new Error(`bad handshake: ${head}`));
      else resolve();
    };
    socket.on('data', onData);
  }), 5000, 'the 101');
  return {
    socket,
    /** Starts reading at last: every frame up to and including the server's close frame. */
    readAll() {
      let echoed = 0;
      const frames = new Promise<ParsedFrame[]>((resolve) => {
        const got: ParsedFrame[] = [];
        const take = (): void => {
          const parsed = parseFrames(buf);
          buf = parsed.rest;
          for (const f of parsed.frames) {
            if (f.opcode === 0x8) {
              got.push(f);
              socket.off('data', onData);
              resolve(got);
              return;
            }
            echoed += f.payload.length;
            // Echoes are counted, not kept: there are megabytes of them.
            if (got.length < 4) got.push(f);
          }
        };
        const onData = (chunk: Buffer): void => {
          buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
          take();
        };
        socket.on('data', onData);
        // Explicitly paused: a 'data' listener alone does not start the flow again.
        socket.resume();
        socket.once('close', () => resolve(got));
        take();
      });
      return { frames, echoedBytes: () => echoed };
    },
  };
}

/** A ws client that sends a numbered message every few ms and checks each echo comes back, in order. */
function fastClient(url: string) {
  const ws = new WebSocket(url);
  onCleanup(() => void ws.terminate());
  let sent = 0;
  const echoes: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  ws.on('message', (d) => echoes.push(String(d)));
  const opened = once(ws, 'open').then(() => {
    timer = setInterval(() => ws.send(`fast-${++sent}`), 5);
  });
  onCleanup(() => clearInterval(timer));
  return {
    ws,
    opened,
    echoes,
    get sent() {
      return sent;
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      const deadline = Date.now() + 10_000;
      while (echoes.length < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

async function sendAll(socket: Socket, message: Buffer, count: number): Promise<number> {
  const gone = once(socket, 'close').then(() => 'gone' as const);
  for (let i = 0; i < count; i++) {
    if (!socket.write(message) && (await Promise.race([once(socket, 'drain').then(() => 'drained' as const), gone])) === 'gone') return i;
  }
  return count;
}

let cli: { cli: string; dispose: () => void };
beforeAll(async () => {
  cli = await bundleCli();
}, 60_000);
afterAll(() => cli?.dispose());

describe('a client that never reads', () => {
  it.skipIf(!linux)(`sending ${SENT_MIB} MiB without reading a byte: the server process stays within ${GROWTH_BOUND_MIB} MiB of where it was, closes that client with 1013, and a client talking at the same time keeps every echo`, async () => {
    const server = await startCli(cli.cli, ['--scenario', 'echo', '--log', 'summary']);
    const fast = fastClient(server.url);
    await fast.opened;
    while (fast.echoes.length < 20) await new Promise((r) => setTimeout(r, 10));
    const before = memoryOf(server.child.pid!);

    const slow = await nonReadingClient(server.port);
    // A zero masking key leaves the payload as it is, so one frame can be written again and again.
    const message = frame(0x1, Buffer.alloc(MESSAGE_BYTES, 'a'), { mask: Buffer.alloc(4) });
    const count = (SENT_MIB * MiB) / MESSAGE_BYTES;
    const started = Date.now();
    const written = await sendAll(slow.socket, message, count);
    const after = memoryOf(server.child.pid!);
    const growth = after.peak - before.rss;
    console.log(`slow reader: sent ${written} of ${count} messages (${(written * MESSAGE_BYTES) / MiB} MiB) in ${Date.now() - started} ms; server RSS ${before.rss.toFixed(1)} MiB before, peak ${after.peak.toFixed(1)} MiB (+${growth.toFixed(1)}), ${after.rss.toFixed(1)} MiB after`);
    expect(written, 'the server kept reading what the client sent').toBe(count);
    expect(growth, `the server's peak RSS grew by ${growth.toFixed(1)} MiB while a client sent ${SENT_MIB} MiB and read nothing`).toBeLessThan(GROWTH_BOUND_MIB);

    // The server said why on its timeline (the CLI prints errors and disconnections in summary mode)...
    const error = await server.line(/ error .*not reading/, 10_000);
    expect(error).toContain(`${DEFAULT_LIMIT}`);
    // ...and the client finds, after the echoes the server had already sent, a close frame with 1013.
    const reading = slow.readAll();
    const frames = await withTimeout(reading.frames, 30_000, 'the close frame');
    const close = frames[frames.length - 1];
    expect(close?.opcode, 'the last frame is a close frame').toBe(0x8);
    expect(close.payload.readUInt16BE(0)).toBe(1013);
    expect(close.payload.subarray(2).toString()).toMatch(/not reading/);
    // What reached it before the close is about the limit (plus the kernel's socket buffers), not all it sent.
    console.log(`slow reader: ${(reading.echoedBytes() / MiB).toFixed(1)} MiB of echoes reached it before the close frame`);
    expect(reading.echoedBytes()).toBeLessThan(DEFAULT_LIMIT + 32 * MiB);
    // The client answers the close; the server records the disconnection with the code it sent.
    slow.socket.write(frame(0x8, close.payload, { mask: randomBytes(4) }));
    const disconnected = await server.line(/ client .*disconnected .*1013/, 10_000);
    expect(disconnected).toContain('Try Again Later');

    // Meanwhile the fast client was never closed and got every echo, in order.
    await fast.stop();
    expect(fast.ws.readyState).toBe(WebSocket.OPEN);
    expect(fast.sent).toBeGreaterThan(20);
    expect(fast.echoes).toEqual(Array.from({ length: fast.sent }, (_, i) => `fast-${i + 1}`));
  }, 120_000);
});

describe('limits.maxBufferedBytes', () => {
  const servers: MockServerHandle[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function start(scenario: Scenario): Promise<{ server: MockServerHandle; events: NewTimelineEvent[] }> {
    const events: NewTimelineEvent[] = [];
    const server = await startMockServer({ scenario, onEvent: (e) => events.push(e) });
    servers.push(server);
    return { server, events };
  }

  it('a scenario sets its own limit: past 1 MiB waiting, the client is closed with 1013, recorded on the server timeline with the reason', async () => {
    const { server, events } = await start({ name: 'small-buffer', limits: { maxBufferedBytes: MiB }, rules: [{ do: [{ echo: true }] }] });
    const slow = await nonReadingClient(server.port);
    const message = frame(0x2, Buffer.alloc(MESSAGE_BYTES, 1), { mask: Buffer.alloc(4) });
    await sendAll(slow.socket, message, (48 * MiB) / MESSAGE_BYTES);
    const closeSent = await withTimeout((async () => {
      for (;;) {
        const found = events.find((e) => e.kind === 'close-sent');
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
    })(), 10_000, 'the close-sent event');
    expect(closeSent).toMatchObject({ kind: 'close-sent', code: 1013, codeName: 'Try Again Later' });
    expect(closeSent.kind === 'close-sent' && closeSent.reason).toMatch(/not reading/);
    const error = events.find((e) => e.kind === 'error');
    expect(error?.kind === 'error' && error.message).toMatch(/limits\.maxBufferedBytes \(1048576\)/);
    // Fewer echoes went out than came in: the server stopped answering once the client was over the limit.
    const out = events.filter((e) => e.kind === 'message' && e.dir === 'out').length;
    const inbound = events.filter((e) => e.kind === 'message' && e.dir === 'in').length;
    expect(out).toBeLessThan(inbound);
  });

  it('messages held back by faults.latency count as waiting too: a reading client whose echoes are held for a minute is closed with 1013 past the limit', async () => {
    const { server, events } = await start({ name: 'held', limits: { maxBufferedBytes: MiB }, faults: { latency: { ms: 60_000 } }, rules: [{ do: [{ echo: true }] }] });
    const ws = new WebSocket(server.url);
    onCleanup(() => void ws.terminate());
    await once(ws, 'open');
    const closed = once(ws, 'close');
    for (let i = 0; i < 32; i++) ws.send(Buffer.alloc(MESSAGE_BYTES, i));
    const [code, reason] = await withTimeout(closed, 10_000, 'the close');
    expect(code).toBe(1013);
    expect(String(reason)).toMatch(/^not reading: 1\.\d MiB waiting to be sent, over the limit of 1\.0 MiB$/);
    // 16 echoes (1 MiB) were held; the 17th found the limit reached.
    expect(events.filter((e) => e.kind === 'message' && e.dir === 'in').length).toBeGreaterThanOrEqual(17);
  });

  it('a scenario file with the field is accepted, and a limit below 1 is refused with the field named', async () => {
    const { parseScenarioText } = await import('../../../src/server/index');
    expect(parseScenarioText('limits:\n  maxBufferedBytes: 65536\n', 'x.wsmock.yaml').ok).toBe(true);
    const bad = parseScenarioText('limits:\n  maxBufferedBytes: 0\n', 'x.wsmock.yaml');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.message).join('\n')).toMatch(/maxBufferedBytes/);
  });
});
