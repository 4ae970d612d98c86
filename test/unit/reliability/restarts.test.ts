// Restarts: a Session with auto-reconnect against a mock server process that is killed (SIGKILL,
// a crash) or stopped (SIGTERM, 1001) and started again on the same port, K times. While it is
// down the user keeps sending. Each reconnect must come within the backoff bound computed from
// the settings, the queued messages must arrive once each and in order, and the timeline must
// hold every event of every attempt.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffCeiling } from '../../../src/client/backoff';
import type { ReconnectSettings } from '../../../src/shared/connection';
import { FULL, closeAll, onCleanup, recordedSession } from './helpers';
import { bundleCli, startServerProcess, type ServerProcess } from './mockServerProcess';

afterEach(closeAll);

const RESTARTS = Number(process.env.WSLAB_RESTARTS ?? (FULL ? 100 : 10));
/** Messages sent while the server is down, per restart. */
const WHILE_DOWN = 3;
const SETTINGS: ReconnectSettings = { enabled: true, baseDelayMs: 50, maxDelayMs: 400, jitter: true, maxAttempts: 0, circuitBreakerThreshold: 0 };
/** Time for the TCP connect + upgrade on a loaded 2-core machine, on top of the backoff. */
const HANDSHAKE_SLACK_MS = 1500;

let cli: { cli: string; dispose: () => void };
beforeAll(async () => {
  cli = await bundleCli();
}, 60_000);
afterAll(() => cli?.dispose());

describe(`a session survives ${RESTARTS} server restarts on the same port`, () => {
  it('reconnects within the backoff bound each time, delivers what was queued exactly once and in order, and keeps every event', async () => {
    let server: ServerProcess = await startServerProcess(cli.cli);
    const servers: ServerProcess[] = [server];
    onCleanup(() => Promise.all(servers.map((p) => p.kill('SIGKILL'))).then(() => undefined));
    const port = server.port;
    const s = recordedSession({ url: server.url, reconnect: SETTINGS, queueLimit: 100, handshakeTimeoutMs: 5000 });
    expect(s.session.connect()).toEqual({ ok: true });
    await s.waitFor('open');

    const reconnectMs: number[] = [];
    const bounds: number[] = [];
    const expectedOrder: string[] = [];
    for (let r = 1; r <= RESTARTS; r++) {
      // The server is alive: a message goes through.
      const live = `r${r}-live`;
      expectedOrder.push(live);
      expect(s.session.send({ data: live, opcode: 'text' })).toEqual({ ok: true });
      const echoed = await s.waitFor('message', (m) => m.dir === 'in' && m.data === live);

      const signal = r % 2 === 1 ? 'SIGKILL' : 'SIGTERM';
      await server.kill(signal);
      const close = await s.waitFor('close', () => true, 10_000, echoed.seq);
      if (signal === 'SIGKILL') expect(close).toMatchObject({ code: 1006, initiator: 'network', wasClean: false });
      else expect(close).toMatchObject({ code: 1001, initiator: 'server', reason: 'server shutting down' });

      // Down: what the user sends now waits in the queue.
      for (let i = 1; i <= WHILE_DOWN; i++) {
        const data = `r${r}-q${i}`;
        expectedOrder.push(data);
        expect(s.session.send({ data, opcode: 'text' })).toEqual({ ok: true, queued: true });
      }

      server = await startServerProcess(cli.cli, port);
      servers.push(server);
      const open = await s.waitFor('open', () => true, 10_000, close.seq);
      const scheduled = s.ofKind('reconnect-scheduled').filter((e) => e.seq > close.seq && e.seq < open.seq);
      expect(scheduled.length).toBeGreaterThan(0);
      const last = scheduled.at(-1)!;
      const bound = backoffCeiling(last.attempt - 1, SETTINGS) + HANDSHAKE_SLACK_MS;
      reconnectMs.push(open.time - server.upAt);
      bounds.push(bound);
      expect(open.time - server.upAt, `restart ${r}: reconnect took longer than its backoff bound`).toBeLessThanOrEqual(bound);
      for (let i = 1; i <= WHILE_DOWN; i++) await s.waitFor('message', (m) => m.dir === 'in' && m.data === `r${r}-q${i}`, 5000, open.seq);
    }
    s.session.disconnect();
    await s.waitFor('close', (e) => e.initiator === 'client');

    const events = s.store.all();
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;
    const byKind = (kind: string) => events.filter((e) => e.kind === kind);

    // Every delay respects the backoff rule for its attempt (full jitter: 0..ceiling).
    for (const e of s.ofKind('reconnect-scheduled')) {
      expect(e.delayMs).toBeGreaterThanOrEqual(0);
      expect(e.delayMs).toBeLessThanOrEqual(backoffCeiling(e.attempt - 1, SETTINGS));
    }
    // Nothing was lost from the timeline and nothing was renumbered.
    expect(s.store.dropped).toBe(0);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // One open per server life; one connecting per attempt; one close per attempt.
    expect(count('open')).toBe(RESTARTS + 1);
    expect(count('connecting')).toBe(1 + count('reconnect-scheduled'));
    expect(count('close')).toBe(count('connecting'));
    expect(byKind('handshake-response')).toHaveLength(RESTARTS + 1);
    // Each failed attempt is one error, then its close: a refusal (nothing listening), or, when an
    // attempt lands while a server is going down, a reset or a 503 "server shutting down".
    const errors = s.ofKind('error');
    expect(errors.length).toBe(count('connecting') - count('open'));
    for (const e of errors) {
      const shuttingDown = e.category === 'network' || (e.category === 'handshake-rejected' && e.status === 503);
      expect(e.category === 'refused' || shuttingDown, `${e.category}: ${e.message}`).toBe(true);
    }
    const tally = (c: string) => errors.filter((e) => e.category === c).length;
    expect(count('queued')).toBe(RESTARTS * WHILE_DOWN);
    expect(count('circuit-open')).toBe(0);

    // Exactly once and in order, on both ends.
    const out = s.ofKind('message').filter((m) => m.dir === 'out').map((m) => m.data);
    const echoes = s.ofKind('message').filter((m) => m.dir === 'in').map((m) => m.data);
    expect(out).toEqual(expectedOrder);
    expect(echoes).toEqual(expectedOrder);
    const received = servers.flatMap((p) => p.lines).map((l) => /\bmessage\s+in text \d+B (\S+)$/.exec(l)?.[1]).filter((x): x is string => !!x);
    expect(received).toEqual(expectedOrder);

    const sorted = [...reconnectMs].sort((a, b) => a - b);
    console.log(`[restarts] ${RESTARTS} restarts (${Math.ceil(RESTARTS / 2)} SIGKILL, ${Math.floor(RESTARTS / 2)} SIGTERM); failed attempts ${errors.length} ` +
      `(${tally('refused')} refused, ${tally('network')} reset, ${tally('handshake-rejected')} 503 while shutting down); ` +
      `reconnect after server up: median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms (bound ${Math.min(...bounds)}-${Math.max(...bounds)} ms); ` +
      `messages ${expectedOrder.length} sent, ${echoes.length} echoed, ${received.length} received by the servers; events ${events.length}`);
  }, (FULL ? 600 : 60) * 1000);
});
