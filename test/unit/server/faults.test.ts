// Fault injection and limits: what a client notices when the server misbehaves on purpose.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, open, start, tweak, withTimeout } from './helpers';

afterEach(cleanup);

/** Raw frames as they came off the wire (no reassembly), from a hand-made handshake. */
async function rawFrames(port: number, send: string, count: number): Promise<Array<{ fin: boolean; opcode: number; payload: Buffer }>> {
  const socket = connect(port, '127.0.0.1');
  try {
    let buf = Buffer.alloc(0);
    const frames: Array<{ fin: boolean; opcode: number; payload: Buffer }> = [];
    let upgraded = false;
    const done = new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        if (!upgraded) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          expect(buf.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
          buf = buf.subarray(end + 4);
          upgraded = true;
          // A client frame must be masked; a zero mask keeps the payload readable.
          const payload = Buffer.from(send);
          socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]));
        }
        while (buf.length >= 2) {
          const len = buf[1] & 0x7f;
          if (len > 125) throw new Error('test helper handles short frames only');
          if (buf.length < 2 + len) break;
          frames.push({ fin: (buf[0] & 0x80) !== 0, opcode: buf[0] & 0x0f, payload: buf.subarray(2, 2 + len) });
          buf = buf.subarray(2 + len);
        }
        if (frames.length >= count) resolve();
      });
    });
    socket.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await withTimeout(done, 5000, 'raw frames');
    return frames;
  } finally {
    socket.destroy();
  }
}

describe('heartbeat', () => {
  it('pings on an interval and keeps a peer that answers', async () => {
    const server = await start(tweak('heartbeat', (s) => (s.heartbeat = { intervalMs: 50, timeoutMs: 100 })));
    const client = await open(server.url);
    let pings = 0;
    await withTimeout(new Promise<void>((resolve) => client.ws.on('ping', () => ++pings === 3 && resolve())), 3000, '3 pings');
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(await server.waitForEvent((e) => e.kind === 'pong' && e.dir === 'in')).toMatchObject({ rttMs: expect.any(Number) });
  });

  it('terminates a peer that stops answering pings (no close frame: 1006)', async () => {
    const server = await start(tweak('heartbeat', (s) => (s.heartbeat = { intervalMs: 50, timeoutMs: 100 })));
    const client = await open(server.url, undefined, { autoPong: false });
    expect((await client.closed).code).toBe(1006);
    expect(await server.waitForEvent((e) => e.kind === 'error')).toMatchObject({ category: 'pong-timeout' });
  });
});

describe('limits', () => {
  it('rate-limit: the 6th message within a second closes with 1008 "rate limit exceeded"', async () => {
    const server = await start('rate-limit');
    const client = await open(server.url);
    for (let i = 1; i <= 5; i++) client.send(`m${i}`);
    for (let i = 1; i <= 5; i++) expect((await client.next()).text).toBe(`m${i}`);
    client.send('m6');
    expect(await client.closed).toEqual({ code: 1008, reason: 'rate limit exceeded' });
  });

  it('rate-limit with action "drop" ignores the excess and stays open', async () => {
    const server = await start(tweak('rate-limit', (s) => (s.limits!.rateLimit!.action = 'drop')));
    const client = await open(server.url);
    for (let i = 1; i <= 7; i++) client.send(`m${i}`);
    await server.waitForEvent((e) => e.kind === 'error' && e.message.includes('dropped'));
    const got = [];
    for (let i = 0; i < 5; i++) got.push((await client.next()).text);
    expect(got).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('max-size: a message over 1024 bytes closes with 1009; one at the limit is echoed', async () => {
    const server = await start('max-size');
    const client = await open(server.url);
    client.send('a'.repeat(1024));
    expect((await client.next()).data.length).toBe(1024);
    client.send('a'.repeat(1025));
    expect((await client.closed).code).toBe(1009);
  });

  it('the default limit is ws\'s own (100 MiB): a 4 MiB message is echoed', async () => {
    const server = await start('echo');
    const client = await open(server.url);
    client.send(Buffer.alloc(4 * 1024 * 1024 + 1));
    expect((await client.next()).data.length).toBe(4 * 1024 * 1024 + 1);
  });
});

describe('timing faults', () => {
  it('latency: every echo arrives 100-300 ms later, in order', async () => {
    const server = await start('latency');
    const client = await open(server.url);
    const sent = Date.now();
    for (const m of ['1', '2', '3']) client.send(m);
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await client.next()).text);
    expect(got).toEqual(['1', '2', '3']);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(95);
  });

  it('drop: after 5 messages the connection ends without a close frame (1006)', async () => {
    const server = await start('drop');
    const client = await open(server.url);
    for (let i = 1; i <= 5; i++) client.send(`m${i}`);
    for (let i = 1; i <= 5; i++) expect((await client.next()).text).toBe(`m${i}`);
    expect((await client.closed).code).toBe(1006);
  });

  it('drop: after a time the connection ends without a close frame', async () => {
    const server = await start(tweak('drop', (s) => (s.faults!.drop!.afterMs = 100)));
    const client = await open(server.url);
    expect((await client.closed).code).toBe(1006);
  });

  it('slow-reader: while the server is not reading, bufferedAmount stays up; it drains once reading resumes', async () => {
    const server = await start(tweak('slow-reader', (s) => (s.faults!.slowReader = { pauseMs: 700, readMs: 5000 })));
    const client = await open(server.url);
    await client.next(); // the explanation greeting
    const chunk = Buffer.alloc(256 * 1024, 1);
    // More than loopback socket buffers hold, so the rest must wait in the client.
    for (let i = 0; i < 48; i++) client.ws.send(chunk);
    const sent = Date.now();
    // Give a reading server ample time to drain it; this one must not.
    await waitUntil(() => Date.now() - sent > 300, 2000);
    expect(client.ws.bufferedAmount).toBeGreaterThan(1024 * 1024);
    expect(server.events.some((e) => e.kind === 'message' && e.dir === 'in')).toBe(false);
    await waitUntil(() => client.ws.bufferedAmount === 0, 5000);
    await server.waitForEvent((e) => e.kind === 'message' && e.dir === 'in');
  });
});

/** Polls a condition that has no event of its own (bufferedAmount has none). */
async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('close codes', () => {
  it('"close <code> <reason>" closes with that code and reason', async () => {
    const server = await start('close-codes');
    const client = await open(server.url);
    await client.next();
    client.send('close 4001 bye now');
    expect(await client.closed).toEqual({ code: 4001, reason: 'bye now' });
  });

  it('a code that may not be sent gets an error message instead', async () => {
    const server = await start('close-codes');
    const client = await open(server.url);
    await client.next();
    for (const bad of ['1005', '1006', '999', 'abc', '5000']) {
      client.send(`close ${bad}`);
      expect(await client.nextJson()).toMatchObject({ type: 'error', message: expect.stringContaining(`"${bad}"`) });
    }
    client.send('close 1000');
    expect((await client.closed).code).toBe(1000);
  });
});

describe('frames', () => {
  it('fragment: each echo arrives as 3 frames (text, continuation, continuation) that ws reassembles', async () => {
    const server = await start('fragment');
    const frames = await rawFrames(server.port, 'hello world', 3);
    expect(frames.map((f) => [f.opcode, f.fin])).toEqual([[1, false], [0, false], [0, true]]);
    expect(Buffer.concat(frames.map((f) => f.payload)).toString()).toBe('hello world');
    const client = await open(server.url);
    client.send('whole');
    expect((await client.next()).text).toBe('whole');
  });

  it.each([
    ['invalid-utf8', 1007, /invalid utf-8/i],
    ['reserved-opcode', 1002, /invalid opcode 3/i],
    ['masked-frame', 1002, /MASK must be clear/i],
  ])('%s: after the first echo the client fails the connection with %i', async (name, code, message) => {
    const server = await start(name);
    const client = await open(server.url);
    client.send('first');
    expect((await client.next()).text).toBe('first');
    await client.closed;
    expect(client.errors.map((e) => e.message).join(' ')).toMatch(message);
    // ws stops reading after the bad frame, so the code shows in the close frame the client sent.
    expect(await server.waitForEvent((e) => e.kind === 'close')).toMatchObject({ code, initiator: 'client' });
  });
});
