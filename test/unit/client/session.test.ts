// The session's rules, against a fake transport and fake timers (no sockets).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorWithCode, fakeSession } from './fakeTransport';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('session: connecting and states', () => {
  it('records connecting, the handshake, open and the state changes, in order and timestamped', () => {
    const f = fakeSession({ subprotocols: ['chat'] });
    expect(f.session.connect()).toEqual({ ok: true });
    f.transport.accept('chat', 'permessage-deflate');
    expect(f.kinds()).toEqual(['connecting', 'state', 'handshake-request', 'handshake-response', 'open', 'state']);
    expect(f.ofKind('state').map((e) => e.state)).toEqual(['CONNECTING', 'OPEN']);
    expect(f.ofKind('connecting')[0]).toMatchObject({ url: 'ws://example.test/feed', attempt: 0, time: 1_000_000 });
    expect(f.transport.protocols).toEqual(['chat']);
    expect(f.session.stats).toMatchObject({ state: 'OPEN', protocol: 'chat', extensions: 'permessage-deflate', openedAt: 1_000_000 });
  });

  it('an invalid URL is reported in plain words and nothing is dialled', () => {
    const f = fakeSession({ url: 'http://example.test/' });
    const r = f.session.connect();
    expect(r).toEqual({ ok: false, error: expect.stringContaining('use ws://') });
    expect(f.ofKind('error')[0]).toMatchObject({ category: 'invalid-url' });
    expect(f.transports).toHaveLength(0);
    expect(f.session.stats.state).toBe('CLOSED');
  });

  it('a header with a line break is refused before connecting (header injection)', () => {
    const f = fakeSession({ headers: [['X-Token', 'a\r\nEvil: 1']] });
    expect(f.session.connect()).toEqual({ ok: false, error: expect.stringMatching(/X-Token.*line feed|X-Token.*carriage return/) });
    expect(f.transports).toHaveLength(0);
  });

  it('a transport that cannot start is reported, the session is CLOSED and does not retry', () => {
    const f = fakeSession({}, {
      createTransport: () => ({
        open: () => {
          throw new SyntaxError('An invalid or duplicated subprotocol was specified');
        },
        send: () => {}, ping: () => {}, close: () => {}, terminate: () => {}, bufferedAmount: 0,
      }),
    });
    expect(f.session.connect()).toEqual({ ok: false, error: expect.stringContaining('subprotocol') });
    expect(f.ofKind('error')[0].message).toMatch(/subprotocol/);
    expect(f.session.stats.state).toBe('CLOSED');
    vi.advanceTimersByTime(60_000);
    expect(f.ofKind('connecting')).toHaveLength(1);
  });

  it('secret values never appear on the timeline, in the URL or the headers', () => {
    const f = fakeSession({ url: 'ws://example.test/?token=s3cr3t', headers: [['Authorization', 'Bearer s3cr3t']], secretValues: ['s3cr3t'] });
    f.session.connect();
    f.transport.accept();
    expect(f.transport.url).toContain('s3cr3t'); // the server still gets it
    expect(JSON.stringify(f.events)).not.toContain('s3cr3t');
    expect(f.ofKind('handshake-request')[0].headers).toContainEqual(['Authorization', 'Bearer «secret»']);
  });

  it('connect() while already open says so', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    expect(f.session.connect()).toEqual({ ok: false, error: 'Already connected.' });
  });
});

describe('session: messages', () => {
  it('records sent and received messages with opcode, size and encoding, and counts them', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    expect(f.session.send({ data: 'héllo', opcode: 'text', format: 'json' })).toEqual({ ok: true });
    expect(f.session.send({ data: new Uint8Array([1, 2, 255]), opcode: 'binary' })).toEqual({ ok: true });
    f.transport.events.onMessage(new TextEncoder().encode('pong!'), false);
    f.transport.events.onMessage(new Uint8Array([0xde, 0xad]), true);
    const msgs = f.ofKind('message');
    expect(msgs.map((m) => [m.dir, m.opcode, m.size, m.encoding, m.data])).toEqual([
      ['out', 'text', 6, 'utf8', 'héllo'],
      ['out', 'binary', 3, 'base64', 'AQL/'],
      ['in', 'text', 5, 'utf8', 'pong!'],
      ['in', 'binary', 2, 'base64', '3q0='],
    ]);
    expect(msgs[0].format).toBe('json');
    expect(f.transport.sent.map((s) => s.isBinary)).toEqual([false, true]);
    expect(f.session.stats).toMatchObject({ messagesOut: 2, bytesOut: 9, messagesIn: 2, bytesIn: 7 });
  });

  it('refuses to send while the socket buffer is over the threshold, and says how much is waiting', () => {
    const f = fakeSession({ sendBackpressureThreshold: 1000 });
    f.session.connect();
    f.transport.accept();
    f.transport.bufferedAmount = 5000;
    expect(f.session.send({ data: 'x', opcode: 'text' })).toEqual({ ok: false, error: expect.stringContaining('send paused: 5000 bytes still buffered') });
    expect(f.transport.sent).toHaveLength(0);
    f.transport.bufferedAmount = 0;
    expect(f.session.send({ data: 'x', opcode: 'text' })).toEqual({ ok: true });
  });

  it('a send while disconnected (and not reconnecting) is refused with the reason', () => {
    const f = fakeSession();
    expect(f.session.send({ data: 'x', opcode: 'text' })).toEqual({ ok: false, error: expect.stringContaining('Not connected') });
  });

  it('a failed send is reported as send-failed', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.transport.send = (_d, _b, cb) => cb(new Error('write EPIPE'));
    f.session.send({ data: 'x', opcode: 'text' });
    expect(f.ofKind('error')[0]).toMatchObject({ category: 'send-failed', message: expect.stringContaining('EPIPE') });
  });
});

describe('session: queue while (re)connecting', () => {
  it('queues while connecting and delivers in order, exactly once, before new sends', () => {
    const f = fakeSession();
    f.session.connect();
    expect(f.session.send({ data: 'a', opcode: 'text' })).toEqual({ ok: true, queued: true });
    f.session.send({ data: 'b', opcode: 'text' });
    expect(f.ofKind('queued').map((e) => e.queueLength)).toEqual([1, 2]);
    expect(f.session.stats.queueLength).toBe(2);
    f.transport.accept();
    f.session.send({ data: 'c', opcode: 'text' });
    expect(f.transport.sent.map((s) => s.data)).toEqual(['a', 'b', 'c']);
    expect(f.session.stats.queueLength).toBe(0);
  });

  it('queues while a reconnect is pending and delivers after the reconnect', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.transport.drop();
    f.session.send({ data: '1', opcode: 'text' });
    f.session.send({ data: '2', opcode: 'text' });
    vi.advanceTimersByTime(100);
    expect(f.transports).toHaveLength(2);
    f.transport.accept();
    expect(f.transports[0].sent).toEqual([]);
    expect(f.transport.sent.map((s) => s.data)).toEqual(['1', '2']);
  });

  it('when the queue is full the oldest message is dropped and the event says so', () => {
    const f = fakeSession({ queueLimit: 2 });
    f.session.connect();
    for (const d of ['a', 'b', 'c']) f.session.send({ data: d, opcode: 'text' });
    expect(f.ofKind('queued').map((e) => e.droppedOldest ?? false)).toEqual([false, false, true]);
    f.transport.accept();
    expect(f.transport.sent.map((s) => s.data)).toEqual(['b', 'c']);
  });

  it('with queue limit 0 a send while connecting is refused, not silently lost', () => {
    const f = fakeSession({ queueLimit: 0 });
    f.session.connect();
    expect(f.session.send({ data: 'a', opcode: 'text' })).toEqual({ ok: false, error: expect.stringContaining('queue is off') });
  });
});

describe('session: closing', () => {
  it('close(4000, "bye") sends a close frame; the close is clean, initiated by the client, and not followed by a reconnect', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    expect(f.session.close(4000, 'bye')).toEqual({ ok: true });
    expect(f.transport.closeCalls).toEqual([{ code: 4000, reason: 'bye' }]);
    expect(f.ofKind('close-sent')[0]).toMatchObject({ code: 4000, reason: 'bye', codeName: 'Private use' });
    expect(f.session.stats.state).toBe('CLOSING');
    f.transport.finish(4000, 'bye');
    expect(f.ofKind('close')[0]).toMatchObject({ code: 4000, reason: 'bye', wasClean: true, initiator: 'client' });
    vi.advanceTimersByTime(60_000);
    expect(f.ofKind('reconnect-scheduled')).toHaveLength(0);
    expect(f.session.stats.state).toBe('CLOSED');
  });

  it('close codes a client may not send, and too-long reasons, are refused with the rule', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    expect(f.session.close(1005, '')).toEqual({ ok: false, error: expect.stringContaining('can never be sent') });
    expect(f.session.close(4000, 'x'.repeat(124))).toEqual({ ok: false, error: expect.stringContaining('at most 123 bytes') });
    expect(f.transport.closeCalls).toEqual([]);
    expect(f.session.stats.state).toBe('OPEN');
  });

  it('a server close is recorded with initiator server, and a reconnect follows', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.transport.finish(1001, 'going away');
    expect(f.ofKind('close')[0]).toMatchObject({ code: 1001, codeName: 'Going Away', initiator: 'server', wasClean: true });
    expect(f.ofKind('reconnect-scheduled')[0]).toMatchObject({ attempt: 1, delayMs: 100 });
  });

  it('a drop without a close frame is 1006 Abnormal Closure, not clean, initiated by the network', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.transport.drop();
    expect(f.ofKind('close')[0]).toMatchObject({ code: 1006, codeName: 'Abnormal Closure', wasClean: false, initiator: 'network' });
  });

  it('disconnect() closes with 1000 and cancels a pending reconnect', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.session.disconnect();
    expect(f.transport.closeCalls).toEqual([{ code: 1000, reason: '' }]);
    f.transport.finish(1000, '');
    const g = fakeSession();
    g.session.connect();
    g.transport.drop();
    expect(g.session.stats.reconnectAt).toBeDefined();
    expect(g.session.disconnect()).toEqual({ ok: true });
    expect(g.session.stats.reconnectAt).toBeUndefined();
    vi.advanceTimersByTime(60_000);
    expect(g.transports).toHaveLength(1);
  });

  it('disconnect() while connecting aborts the attempt', () => {
    const f = fakeSession();
    f.session.connect();
    f.session.disconnect();
    expect(f.transport.terminated).toBe(true);
    expect(f.ofKind('close')[0]).toMatchObject({ initiator: 'client' });
    vi.advanceTimersByTime(60_000);
    expect(f.transports).toHaveLength(1);
  });

  it('a protocol error while open is recorded with the close code the client answers with', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.transport.events.onError(errorWithCode('WS_ERR_INVALID_UTF8', 'Invalid WebSocket frame: invalid UTF-8 sequence'));
    expect(f.ofKind('error')[0]).toMatchObject({ category: 'protocol', message: expect.stringContaining('not valid UTF-8') });
    expect(f.ofKind('close-sent')[0]).toMatchObject({ code: 1007, codeName: 'Invalid Frame Payload Data' });
    f.transport.finish(1007, '');
    expect(f.ofKind('close')[0]).toMatchObject({ code: 1007, initiator: 'client' });
  });
});

describe('session: reconnecting', () => {
  it('backs off exponentially up to the maximum, and a successful open resets the count', () => {
    const f = fakeSession({ reconnect: { enabled: true, baseDelayMs: 100, maxDelayMs: 500, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 } });
    f.session.connect();
    f.transport.accept();
    f.transport.drop();
    for (let i = 0; i < 4; i++) {
      const delay = f.ofKind('reconnect-scheduled').at(-1)!.delayMs;
      vi.advanceTimersByTime(delay - 1);
      expect(f.transports).toHaveLength(i + 1);
      vi.advanceTimersByTime(1);
      expect(f.transports).toHaveLength(i + 2);
      f.transport.fail(errorWithCode('ECONNREFUSED'));
    }
    expect(f.ofKind('reconnect-scheduled').map((e) => [e.attempt, e.delayMs])).toEqual([[1, 100], [2, 200], [3, 400], [4, 500], [5, 500]]);
    expect(f.ofKind('connecting').map((e) => e.attempt)).toEqual([0, 1, 2, 3, 4]);
    expect(f.session.stats).toMatchObject({ reconnectAttempt: 5, reconnectAt: Date.now() + 500 });
    vi.advanceTimersByTime(500);
    f.transport.accept();
    f.transport.drop();
    expect(f.ofKind('reconnect-scheduled').at(-1)).toMatchObject({ attempt: 1, delayMs: 100 });
  });

  it('jitter picks the delay inside [0, backoff] using the injected random source', () => {
    const f = fakeSession({ reconnect: { enabled: true, baseDelayMs: 1000, maxDelayMs: 8000, jitter: true, maxAttempts: 0, circuitBreakerThreshold: 0 } }, { random: () => 0.25 });
    f.session.connect();
    f.transport.drop();
    expect(f.ofKind('reconnect-scheduled')[0].delayMs).toBe(250);
  });

  it('stops after maxAttempts and says so', () => {
    const f = fakeSession({ reconnect: { enabled: true, baseDelayMs: 10, maxDelayMs: 10, jitter: false, maxAttempts: 2, circuitBreakerThreshold: 0 } });
    f.session.connect();
    f.transport.fail(errorWithCode('ECONNREFUSED'));
    vi.advanceTimersByTime(10);
    f.transport.fail(errorWithCode('ECONNREFUSED'));
    vi.advanceTimersByTime(10);
    f.transport.fail(errorWithCode('ECONNREFUSED'));
    vi.advanceTimersByTime(1000);
    expect(f.transports).toHaveLength(3);
    expect(f.ofKind('info').at(-1)?.message).toMatch(/Stopped reconnecting after 2 attempts/);
    expect(f.session.send({ data: 'x', opcode: 'text' }).ok).toBe(false);
  });

  it('does not reconnect when reconnecting is off', () => {
    const f = fakeSession({ reconnect: { enabled: false, baseDelayMs: 10, maxDelayMs: 10, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 } });
    f.session.connect();
    f.transport.accept();
    f.transport.drop();
    vi.advanceTimersByTime(1000);
    expect(f.transports).toHaveLength(1);
    expect(f.ofKind('reconnect-scheduled')).toHaveLength(0);
  });

  it('the circuit breaker opens after N failed attempts in a row; only retry() connects again', () => {
    const f = fakeSession({ reconnect: { enabled: true, baseDelayMs: 10, maxDelayMs: 10, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 3 } });
    f.session.connect();
    for (let i = 0; i < 3; i++) {
      f.transport.fail(errorWithCode('ECONNREFUSED'));
      vi.advanceTimersByTime(10);
    }
    expect(f.ofKind('circuit-open')).toEqual([expect.objectContaining({ failures: 3 })]);
    expect(f.transports).toHaveLength(3);
    vi.advanceTimersByTime(10_000);
    expect(f.transports).toHaveLength(3);
    expect(f.session.stats.circuitOpen).toBe(true);
    expect(f.session.connect()).toEqual({ ok: false, error: expect.stringContaining('use Retry') });
    expect(f.session.retry()).toEqual({ ok: true });
    expect(f.transports).toHaveLength(4);
    expect(f.session.stats.circuitOpen).toBe(false);
    f.transport.accept();
    expect(f.session.stats.state).toBe('OPEN');
  });

  it('retry() during a pending backoff connects now', () => {
    const f = fakeSession({ reconnect: { enabled: true, baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 } });
    f.session.connect();
    f.transport.drop();
    expect(f.session.retry()).toEqual({ ok: true });
    expect(f.transports).toHaveLength(2);
    expect(f.session.stats.reconnectAt).toBeUndefined();
  });
});

describe('session: robustness', () => {
  it('events from a previous connection are ignored once a new attempt started', () => {
    const f = fakeSession();
    f.session.connect();
    const old = f.transport;
    old.accept();
    old.drop();
    vi.advanceTimersByTime(100);
    f.transport.accept();
    const n = f.events.length;
    old.events.onMessage(new TextEncoder().encode('stale'), false);
    old.events.onClose(1000, '', true);
    expect(f.events.length).toBe(n);
    expect(f.session.stats).toMatchObject({ state: 'OPEN', messagesIn: 0 });
  });

  it('disconnect() during a slow close handshake drops the connection at once', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.session.close(1000, '');
    expect(f.session.disconnect()).toEqual({ ok: true });
    expect(f.transport.terminated).toBe(true);
    expect(f.session.stats.state).toBe('CLOSED');
    expect(f.ofKind('close')[0]).toMatchObject({ initiator: 'client' });
  });

  it('a listener that throws does not stop the session or the other listeners', () => {
    const f = fakeSession();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    f.session.onEvent(() => {
      throw new Error('listener bug');
    });
    f.session.connect();
    f.transport.accept();
    expect(f.session.stats.state).toBe('OPEN');
    expect(f.kinds()).toContain('open');
    spy.mockRestore();
  });
});

describe('session: ping, pong and heartbeat', () => {
  it('a pong answering our ping carries the round-trip time', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    expect(f.session.ping('hi')).toEqual({ ok: true });
    expect(f.ofKind('ping')[0]).toMatchObject({ dir: 'out', size: 2, payloadHex: '6869' });
    vi.advanceTimersByTime(42);
    f.transport.events.onPong(new TextEncoder().encode('hi'));
    expect(f.ofKind('pong')[0]).toMatchObject({ dir: 'in', payloadHex: '6869', rttMs: 42 });
    expect(f.session.stats.lastRttMs).toBe(42);
  });

  it('an unsolicited pong has no RTT; a server ping is answered (recorded as pong out)', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.transport.events.onPong(new Uint8Array([1]));
    f.transport.events.onPing(new Uint8Array([7]));
    expect(f.ofKind('pong')[0].rttMs).toBeUndefined();
    expect(f.kinds().slice(-3)).toEqual(['pong', 'ping', 'pong']);
    expect(f.ofKind('pong')[1]).toMatchObject({ dir: 'out', payloadHex: '07' });
  });

  it('refuses a ping payload over 125 bytes and a ping when not open', () => {
    const f = fakeSession();
    expect(f.session.ping('x')).toEqual({ ok: false, error: expect.stringContaining('open connection') });
    f.session.connect();
    f.transport.accept();
    expect(f.session.ping('x'.repeat(126))).toEqual({ ok: false, error: expect.stringContaining('at most 125 bytes') });
  });

  it('heartbeat pings at the interval; a missing pong drops the connection and a reconnect follows', () => {
    const f = fakeSession({ heartbeat: { pingIntervalMs: 1000, pongTimeoutMs: 300 } });
    f.session.connect();
    f.transport.accept();
    vi.advanceTimersByTime(1000);
    expect(f.transport.pings).toHaveLength(1);
    vi.advanceTimersByTime(100);
    f.transport.events.onPong(new Uint8Array(0));
    vi.advanceTimersByTime(900);
    expect(f.transport.pings).toHaveLength(2);
    vi.advanceTimersByTime(300);
    expect(f.ofKind('error').at(-1)).toMatchObject({ category: 'pong-timeout', message: expect.stringContaining('No pong within 300 ms') });
    expect(f.transports[0].terminated).toBe(true);
    expect(f.ofKind('close').at(-1)).toMatchObject({ code: 1006, initiator: 'network' });
    expect(f.ofKind('reconnect-scheduled')).toHaveLength(1);
  });
});

describe('session: stats', () => {
  it('a fast feed does not flood onStats (at most one per 100 ms), and the last figures always arrive', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    const before = f.stats.length;
    for (let i = 0; i < 1000; i++) {
      f.transport.events.onMessage(new Uint8Array([1]), true);
      if (i % 10 === 0) vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    expect(f.stats.length - before).toBeLessThanOrEqual(3);
    expect(f.stats.at(-1)).toMatchObject({ messagesIn: 1000, bytesIn: 1000 });
  });

  it('keeps sampling bufferedAmount while data waits in the socket buffer', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    f.transport.bufferedAmount = 500;
    f.session.send({ data: 'x', opcode: 'text' });
    vi.advanceTimersByTime(150);
    expect(f.stats.at(-1)?.bufferedAmount).toBe(500);
    f.transport.bufferedAmount = 0;
    vi.advanceTimersByTime(150);
    expect(f.stats.at(-1)?.bufferedAmount).toBe(0);
    const n = f.stats.length;
    vi.advanceTimersByTime(1000);
    expect(f.stats.length).toBe(n);
  });

  it('dispose() drops the connection and nothing is emitted afterwards', () => {
    const f = fakeSession();
    f.session.connect();
    f.transport.accept();
    const n = f.events.length;
    f.session.dispose();
    expect(f.transport.terminated).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(f.events.length).toBe(n);
    expect(f.session.connect().ok).toBe(false);
  });
});
