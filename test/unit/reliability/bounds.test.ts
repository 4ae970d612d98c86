// Resource bounds at their exact edges: what is kept at the limit, what happens one past it, and
// that the user is told. Timeline retention, the reconnect queue, the mock server's message-size
// and connection limits, and the client's own maxMessageSize.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import WebSocket from 'ws';
import { TimelineStore } from '../../../src/timeline/timelineStore';
import { SendQueue } from '../../../src/client/sendQueue';
import { startMockServer, type MockServerHandle, type Scenario } from '../../../src/server';
import type { NewTimelineEvent } from '../../../src/shared/events';
import { closeAll, frame, hostilePeer, accept101, onCleanup, recordedSession, withTimeout } from './helpers';

afterEach(closeAll);

const info = (i: number): NewTimelineEvent => ({ kind: 'info', time: i, message: `event ${i}` });

describe('timeline retention', () => {
  it.each([1, 2, 100, 1000])('retention %i: N events are all kept; the N+1th drops exactly the oldest; seq continues', (n) => {
    const store = new TimelineStore(n);
    for (let i = 1; i <= n; i++) store.append(info(i));
    expect(store.size).toBe(n);
    expect(store.dropped).toBe(0);
    expect(store.all().map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));

    const added = store.append(info(n + 1));
    expect(added.seq).toBe(n + 1);
    expect(store.size).toBe(n);
    expect(store.dropped).toBe(1);
    expect(store.get(1)).toBeUndefined();
    expect(store.all()[0].seq).toBe(2);
    expect(store.all().at(-1)).toMatchObject({ seq: n + 1, message: `event ${n + 1}` });
    expect(store.since(n)).toEqual([added]);
    expect(store.nextSequence).toBe(n + 2);

    // After a clear, numbering goes on: a stale reference never points at a new event.
    store.clear();
    expect(store.size).toBe(0);
    expect(store.dropped).toBe(0);
    expect(store.append(info(0)).seq).toBe(n + 2);
  });

  it('retention 3 after 10 events keeps 8, 9, 10 and counts 7 dropped; a search never sees dropped events', () => {
    const store = new TimelineStore(3);
    for (let i = 1; i <= 10; i++) store.append(info(i));
    expect(store.all().map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(store.dropped).toBe(7);
    const found = store.search({ text: 'event' });
    expect(found.ok && found.events.map((e) => e.seq)).toEqual([8, 9, 10]);
  });

  it('a retention that is not a positive whole number falls back to the default instead of keeping nothing', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(new TimelineStore(bad).retention).toBe(100_000);
  });
});

describe('reconnect queue', () => {
  it('SendQueue at its limit: N kept; N+1 drops the oldest and says which', () => {
    const q = new SendQueue(3);
    const m = (i: number) => ({ data: `m${i}`, opcode: 'text' as const, size: 2 });
    for (let i = 1; i <= 3; i++) expect(q.push(m(i))).toEqual({ queueLength: i, dropped: undefined });
    expect(q.push(m(4))).toEqual({ queueLength: 3, dropped: m(1) });
    expect([q.shift(), q.shift(), q.shift(), q.shift()].map((x) => x?.data)).toEqual(['m2', 'm3', 'm4', undefined]);
  });

  it('a session queues up to queueLimit while the server is down, records the drop of the oldest, and delivers the rest in order once it is back', async () => {
    const probe = await startMockServer({ scenario: 'echo' });
    const port = probe.port;
    await probe.close();
    const limit = 3;
    const s = recordedSession({
      url: `ws://127.0.0.1:${port}/`,
      queueLimit: limit,
      reconnect: { enabled: true, baseDelayMs: 100, maxDelayMs: 200, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 },
    });
    s.session.connect();
    await s.waitFor('reconnect-scheduled');
    for (let i = 1; i <= limit + 1; i++) expect(s.session.send({ data: `q${i}`, opcode: 'text' })).toEqual({ ok: true, queued: true });
    const queued = s.ofKind('queued');
    expect(queued.map((e) => e.queueLength)).toEqual([1, 2, 3, 3]);
    expect(queued.map((e) => e.droppedOldest ?? false)).toEqual([false, false, false, true]);
    expect(s.session.stats.queueLength).toBe(limit);

    const server = await startMockServer({ scenario: 'echo', port });
    onCleanup(() => server.close());
    await s.waitFor('open', () => true, 10_000);
    for (let i = 2; i <= limit + 1; i++) await s.waitFor('message', (m) => m.dir === 'in' && m.data === `q${i}`);
    const out = s.ofKind('message').filter((m) => m.dir === 'out').map((m) => m.data);
    expect(out).toEqual(['q2', 'q3', 'q4']);
    expect(s.session.stats.queueLength).toBe(0);
  });

  it('with queueLimit 0 nothing is queued: sending while down is refused with a reason', async () => {
    const probe = await startMockServer({ scenario: 'echo' });
    await probe.close();
    const s = recordedSession({ url: probe.url, queueLimit: 0, reconnect: { enabled: true, baseDelayMs: 5000, maxDelayMs: 5000, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 } });
    s.session.connect();
    await s.waitFor('reconnect-scheduled');
    expect(s.session.send({ data: 'x', opcode: 'text' })).toEqual({ ok: false, error: expect.stringContaining('queue limit 0') });
    expect(s.ofKind('queued')).toHaveLength(0);
  });
});

function scenario(limits: Scenario['limits']): Scenario {
  return { name: 'limited-echo', limits, rules: [{ do: [{ echo: true }] }] };
}

async function client(url: string, options?: WebSocket.ClientOptions): Promise<{ ws: WebSocket; closed: Promise<[number, Buffer]> }> {
  const ws = new WebSocket(url, options);
  onCleanup(() => ws.terminate());
  ws.on('error', () => undefined);
  const closed = new Promise<[number, Buffer]>((resolve) => ws.on('close', (code, reason) => resolve([code, reason])));
  await withTimeout(once(ws, 'open'), 5000, 'open');
  return { ws, closed };
}

/** The HTTP status a refused handshake got. */
function refusedStatus(url: string): Promise<{ status: number; retryAfter?: string; body: string }> {
  const ws = new WebSocket(url);
  onCleanup(() => ws.terminate());
  ws.on('error', () => undefined);
  return withTimeout(
    new Promise((resolve, reject) => {
      ws.on('open', () => reject(new Error('the handshake was accepted')));
      ws.on('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body });
          req.destroy();
        });
      });
    }),
    5000,
    'the refusal',
  );
}

describe('mock server limits', () => {
  let server: MockServerHandle;

  it.each([1024, 64 * 1024])('maxMessageBytes %i: exactly the limit is echoed; one byte more closes with 1009', async (limit) => {
    server = await startMockServer({ scenario: scenario({ maxMessageBytes: limit }) });
    onCleanup(() => server.close());
    const c = await client(server.url);
    const exact = Buffer.alloc(limit, 0x61);
    c.ws.send(exact);
    const [echo] = (await withTimeout(once(c.ws, 'message'), 5000, 'the echo')) as [Buffer];
    expect(echo.length).toBe(limit);
    c.ws.send(Buffer.alloc(limit + 1, 0x61));
    const [code] = await withTimeout(c.closed, 5000, 'the close');
    expect(code).toBe(1009);
  });

  it('the default limit is ws\'s (100 MiB) at its edge: 104,857,600 bytes echoed, 104,857,601 closed with 1009', { timeout: 60_000 }, async () => {
    server = await startMockServer({ scenario: 'echo' });
    onCleanup(() => server.close());
    // A zero masking key (RFC 6455 allows any): ws then sends the 100 MiB as they are instead of
    // masking them byte by byte, which takes most of a minute on a loaded machine.
    const c = await client(server.url, { generateMask: (mask) => mask.fill(0) });
    c.ws.send(Buffer.alloc(100 * 1024 * 1024));
    const [echo] = (await withTimeout(once(c.ws, 'message'), 45_000, 'the echo')) as [Buffer];
    expect(echo.length).toBe(100 * 1024 * 1024);
    c.ws.send(Buffer.alloc(100 * 1024 * 1024 + 1));
    expect((await withTimeout(c.closed, 10_000, 'the close'))[0]).toBe(1009);
  });

  it('maxConnections 5: five at once are accepted, the sixth gets 503 with Retry-After: 1; a slot freed is usable again', async () => {
    server = await startMockServer({ scenario: scenario({ maxConnections: 5 }) });
    onCleanup(() => server.close());
    // Six handshakes race; exactly five may win.
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => client(server.url)));
    const accepted = attempts.filter((a): a is PromiseFulfilledResult<Awaited<ReturnType<typeof client>>> => a.status === 'fulfilled');
    expect(accepted).toHaveLength(5);
    expect(server.clientCount()).toBe(5);
    const refused = await refusedStatus(server.url);
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('1');
    expect(JSON.parse(refused.body)).toEqual({ error: 'too many connections', limit: 5 });

    accepted[0].value.ws.close();
    await accepted[0].value.closed;
    const freed = await new Promise<void>((resolve) => {
      if (server.clientCount() === 4) return resolve();
      const off = server.onClientsChanged((n) => n === 4 && (off(), resolve()));
    }).then(() => client(server.url));
    expect(freed.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('maxConnectionsPerIp 2: the third from the same address gets 429', async () => {
    server = await startMockServer({ scenario: scenario({ maxConnectionsPerIp: 2 }) });
    onCleanup(() => server.close());
    await client(server.url);
    await client(server.url);
    expect((await refusedStatus(server.url)).status).toBe(429);
  });
});

describe('the client maxMessageSize', () => {
  it('exactly maxMessageSize is received; one byte more fails with 1009 and keeps what came before', async () => {
    const limit = 1000;
    const peer = await hostilePeer(async (c) => {
      c.socket.write(accept101(c.key));
      await c.nextFrame();
      c.socket.write(frame(0x2, Buffer.alloc(limit, 1)));
      await c.nextFrame();
      c.socket.write(frame(0x2, Buffer.alloc(limit + 1, 2)));
    });
    const s = recordedSession({ url: peer.url, maxMessageSize: limit });
    s.session.connect();
    await s.waitFor('open');
    s.session.send({ data: 'first', opcode: 'text' });
    expect((await s.waitFor('message', (m) => m.dir === 'in')).size).toBe(limit);
    s.session.send({ data: 'second', opcode: 'text' });
    expect((await s.waitFor('error')).message).toMatch(/maximum message size \(1000 bytes\)/);
    expect((await s.waitFor('close')).code).toBe(1009);
    expect(s.ofKind('message').map((m) => `${m.dir}:${m.size}`)).toEqual(['out:5', `in:${limit}`, 'out:6']);
  });

  it('ping payloads and close reasons at their edges: 125 / 123 bytes accepted, 126 / 124 refused with the rule', async () => {
    const server = await startMockServer({ scenario: 'echo' });
    onCleanup(() => server.close());
    const s = recordedSession({ url: server.url });
    s.session.connect();
    await s.waitFor('open');
    expect(s.session.ping('p'.repeat(125))).toEqual({ ok: true });
    expect(s.session.ping('p'.repeat(126))).toEqual({ ok: false, error: expect.stringMatching(/at most 125 bytes \(RFC 6455 §5\.5\); this one is 126/) });
    expect(s.session.close(1000, 'r'.repeat(124))).toEqual({ ok: false, error: expect.stringMatching(/124 bytes.*at most 123/) });
    expect(s.session.close(1000, 'r'.repeat(123))).toEqual({ ok: true });
    expect(await s.waitFor('close')).toMatchObject({ code: 1000, reason: 'r'.repeat(123), wasClean: true });
  });
});
