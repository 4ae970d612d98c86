// Soak: N clients × R messages/s each against the echo mock server for T seconds. The load runs
// in a child process (soakClient.mjs); the server runs here, with its events going into a
// bounded ServerTimeline as in the extension. Every message carries (clientId, seq) and is
// counted at the server and again when its echo comes back: nothing lost, duplicated or
// reordered, per client. The server's RSS is sampled every second and must stay flat.
//   short (npm test):      100 × 10/s × 10 s
//   WSLAB_SOAK=ci:       1,000 × 10/s × 30 s
//   WSLAB_FULL=1:        1,000 × 10/s × 300 s
//   WSLAB_SOAK_CLIENTS / WSLAB_SOAK_RATE / WSLAB_SOAK_SECONDS override any of them.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cpus } from 'node:os';
import { startMockServer } from '../../../src/server';
import { ServerTimeline } from '../../../src/timeline/serverTimeline';
import { FULL, closeAll, onCleanup } from './helpers';

afterEach(closeAll);

const CI = process.env.WSLAB_SOAK === 'ci';
const CLIENTS = Number(process.env.WSLAB_SOAK_CLIENTS ?? (FULL || CI ? 1000 : 100));
const RATE = Number(process.env.WSLAB_SOAK_RATE ?? 10);
const SECONDS = Number(process.env.WSLAB_SOAK_SECONDS ?? (FULL ? 300 : CI ? 30 : 10));
/** Events the server timeline keeps (the extension's default is 100,000; smaller here so the short run reaches it). */
const RETENTION = 10_000;
/** RSS growth allowed between the warmed-up middle of the run and its end. */
const RSS_BOUND_MB = 48;

interface ClientResult {
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  reordered: number;
  foreign: number;
  errors: number;
  unexpectedCloses: number;
  sendingMs: number;
  latencyMs: { p50: number; p99: number; max: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

describe('soak', () => {
  it(`${CLIENTS} clients × ${RATE} msgs/s × ${SECONDS} s against the echo mock server: zero lost, duplicated or reordered; RSS flat`, async () => {
    const timeline = new ServerTimeline(RETENTION);
    // Server-side view, per load client: the next seq expected and what went wrong.
    const next = new Map<number, number>();
    let serverIn = 0;
    let serverOut = 0;
    let serverDup = 0;
    let serverGap = 0;
    let serverErrors = 0;
    const server = await startMockServer({
      scenario: 'echo',
      onEvent: (e) => {
        timeline.record(e);
        if (e.kind === 'message') {
          if (e.dir === 'out') {
            serverOut++;
            return;
          }
          serverIn++;
          const m = JSON.parse(e.data) as { c: number; s: number };
          const expected = next.get(m.c) ?? 1;
          if (m.s < expected) serverDup++;
          else if (m.s > expected) serverGap++;
          next.set(m.c, Math.max(expected, m.s + 1));
        } else if (e.kind === 'error') serverErrors++;
      },
    });
    onCleanup(() => server.close());

    const child = spawn(process.execPath, [join(__dirname, 'soakClient.mjs'), server.url, String(CLIENTS), String(RATE), String(SECONDS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    onCleanup(() => void child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const samples: Array<{ at: number; rss: number; heap: number }> = [];
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({ at: Date.now(), rss: m.rss, heap: m.heapUsed });
    };
    let sampler: NodeJS.Timeout | undefined;
    let readyAt = 0;
    let result: ClientResult | undefined;
    const ticks: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      const msg = JSON.parse(line) as { type: string } & Record<string, unknown>;
      if (msg.type === 'ready') {
        readyAt = Date.now();
        sample();
        sampler = setInterval(sample, 1000);
      } else if (msg.type === 'tick') ticks.push(line);
      else if (msg.type === 'result') result = msg as unknown as ClientResult;
    }
    clearInterval(sampler);
    sample();
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
    expect(code, stderr).toBe(0);
    expect(result, `no result from the load process; stderr: ${stderr}`).toBeDefined();
    const r = result!;

    // RSS: flat between the warmed-up middle of the run and its end.
    const span = samples.at(-1)!.at - readyAt;
    const window = (from: number, to: number) => samples.filter((x) => x.at - readyAt >= from * span && x.at - readyAt <= to * span).map((x) => x.rss);
    const middle = median(window(0.2, 0.45));
    const end = median(window(0.8, 1));
    const growthMb = mb(end - middle);

    const total = CLIENTS * Math.round(RATE * SECONDS);
    const summary = {
      clients: CLIENTS, rate: RATE, seconds: SECONDS, cpus: cpus().length,
      sent: r.sent, serverReceived: serverIn, serverSent: serverOut, echoed: r.received,
      lost: r.lost, duplicated: r.duplicated + serverDup, reordered: r.reordered + serverGap,
      latencyMs: r.latencyMs, sendingMs: r.sendingMs,
      rssMb: { atReady: mb(samples[0].rss), middle: mb(middle), end: mb(end), peak: mb(Math.max(...samples.map((x) => x.rss))), growth: growthMb, bound: RSS_BOUND_MB },
      heapMb: { atReady: mb(samples[0].heap), end: mb(samples.at(-1)!.heap) },
      timeline: { kept: timeline.store.size, dropped: timeline.store.dropped },
    };
    console.log(`[soak] ${JSON.stringify(summary)}`);

    expect(r.sent).toBe(total);
    expect(serverIn).toBe(total);
    expect(serverOut).toBe(total);
    expect(r.received).toBe(total);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.reordered).toBe(0);
    expect(r.foreign).toBe(0);
    expect(serverDup).toBe(0);
    expect(serverGap).toBe(0);
    expect(r.errors).toBe(0);
    expect(r.unexpectedCloses).toBe(0);
    expect(serverErrors).toBe(0);
    expect([...next.values()].every((n) => n === Math.round(RATE * SECONDS) + 1)).toBe(true);
    expect(next.size).toBe(CLIENTS);
    // The server timeline saw every message and kept only what its retention allows.
    expect(timeline.store.size + timeline.store.dropped).toBeGreaterThanOrEqual(2 * total);
    expect(timeline.store.size).toBe(RETENTION);
    expect(growthMb).toBeLessThanOrEqual(RSS_BOUND_MB);
  }, (SECONDS + 120) * 1000);
});
