// Hostile peers. A raw TCP server completes a real opening handshake, then breaks RFC 6455 in
// one specific way; our client Session must end with an error that names the rule that was
// broken, never throw, and keep everything it had recorded before. The other way round, a raw
// TCP client sends broken frames to the mock server, which must close that client with the
// right code and keep serving everyone else.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import WebSocket from 'ws';
import { startMockServer, type MockServerHandle } from '../../../src/server';
import type { NewTimelineEvent } from '../../../src/shared/events';
import { computeAcceptKey } from '../../../src/wire/handshake';
import { accept101, closeAll, closePayload, frame, hostilePeer, onCleanup, rawClient, recordedSession, withTimeout, type PeerConnection } from './helpers';

afterEach(closeAll);

const MAX = 1024;

interface FrameCase {
  title: string;
  /** Bytes the peer writes after a valid "hello" frame. */
  bytes: Buffer;
  /** Then the peer half-closes its side (FIN). */
  endAfter?: boolean;
  /** Words the error message must contain (case-insensitive). */
  words: RegExp[];
  /** Close code our client sends back on the wire; undefined when no close frame can follow. */
  wireCode?: number;
  /** Code on the timeline's close event. */
  closeCode: number;
}

const FRAME_CASES: FrameCase[] = [
  { title: 'RSV1 set without a negotiated extension', bytes: frame(0x1, 'x', { rsv: 0b100 }), words: [/RSV1/, /extension/, /RFC 6455 §5\.2/], wireCode: 1002, closeCode: 1002 },
  { title: 'RSV2 and RSV3 set', bytes: frame(0x1, 'x', { rsv: 0b011 }), words: [/RSV2\/RSV3/, /RFC 6455 §5\.2/], wireCode: 1002, closeCode: 1002 },
  { title: 'reserved non-control opcode 0x3', bytes: frame(0x3, 'x'), words: [/opcode 0x3/, /reserved/, /RFC 6455 §5\.2/], wireCode: 1002, closeCode: 1002 },
  { title: 'reserved control opcode 0xB', bytes: frame(0xb, 'x'), words: [/opcode 0xB/, /reserved/, /RFC 6455 §5\.2/], wireCode: 1002, closeCode: 1002 },
  { title: 'continuation frame with no message to continue', bytes: frame(0x0, 'x'), words: [/continuation/, /RFC 6455 §5\.4/], wireCode: 1002, closeCode: 1002 },
  { title: 'invalid UTF-8 in a text frame', bytes: frame(0x1, Buffer.from([0x6f, 0x6b, 0xc3, 0x28])), words: [/not valid UTF-8/, /RFC 6455 §5\.6 and §8\.1/], wireCode: 1007, closeCode: 1007 },
  { title: '64-bit length with the most significant bit set', bytes: frame(0x2, Buffer.alloc(0), { length64: 0x8000_0000_0000_0001n }), words: [/most significant bit/, /RFC 6455 §5\.2/], wireCode: 1009, closeCode: 1009 },
  { title: `a message longer than maxMessageSize (${MAX + 1} > ${MAX} bytes)`, bytes: frame(0x2, Buffer.alloc(MAX + 1)), words: [/larger than the maximum message size \(1024 bytes\)/, /1009/, /Message Too Big/], wireCode: 1009, closeCode: 1009 },
  { title: 'a masked frame from the server', bytes: frame(0x1, 'masked', { mask: Buffer.from([1, 2, 3, 4]) }), words: [/masked/, /RFC 6455 §5\.1/], wireCode: 1002, closeCode: 1002 },
  { title: 'a truncated frame, then FIN', bytes: frame(0x2, Buffer.alloc(100)).subarray(0, 12), endAfter: true, words: [/middle of a frame/, /10 of 100 payload bytes/, /1006/, /RFC 6455 §7\.1\.5/], closeCode: 1006 },
  { title: 'a fragmented control frame (ping without FIN)', bytes: frame(0x9, 'p', { fin: false }), words: [/control frame/, /fragmented/, /RFC 6455 §5\.5/], wireCode: 1002, closeCode: 1002 },
  { title: 'a ping with a 126-byte payload', bytes: frame(0x9, Buffer.alloc(126)), words: [/126 bytes/, /at most 125/, /RFC 6455 §5\.5/], wireCode: 1002, closeCode: 1002 },
  { title: 'a close frame with code 1005 (report-only)', bytes: frame(0x8, closePayload(1005)), words: [/close code 1005/, /RFC 6455 §7\.4/], wireCode: 1002, closeCode: 1002 },
  { title: 'a close frame with code 999 (below the range)', bytes: frame(0x8, closePayload(999)), words: [/close code 999/, /RFC 6455 §7\.4/], wireCode: 1002, closeCode: 1002 },
  { title: 'a close frame with a 1-byte payload', bytes: frame(0x8, Buffer.from([0x03])), words: [/1-byte/, /close frame/, /RFC 6455 §5\.5\.1/], wireCode: 1002, closeCode: 1002 },
  { title: 'a close frame whose reason is not UTF-8', bytes: frame(0x8, Buffer.concat([closePayload(1000), Buffer.from([0xff, 0xfe])])), words: [/UTF-8/], wireCode: 1007, closeCode: 1007 },
  { title: 'garbage bytes after the handshake', bytes: Buffer.from('GARBAGE, NOT A FRAME\r\n'), words: [/Protocol error/, /RFC 6455/], wireCode: 1002, closeCode: 1002 },
];

/** Connects a session to a peer that answers "before" with "hello", then runs `after`. */
async function exchangeFirst(extra: { maxMessageSize?: number } = {}, after: (c: PeerConnection) => void | Promise<void>) {
  const peer = await hostilePeer(async (c) => {
    c.socket.write(accept101(c.key));
    const first = await c.nextFrame();
    if (first.payload.toString() !== 'before') throw new Error('unexpected first frame');
    c.socket.write(frame(0x1, 'hello'));
    await after(c);
  });
  const s = recordedSession({ url: peer.url, maxMessageSize: extra.maxMessageSize ?? 1024 * 1024 });
  expect(s.session.connect()).toEqual({ ok: true });
  await s.waitFor('open');
  expect(s.session.send({ data: 'before', opcode: 'text' })).toEqual({ ok: true });
  await s.waitFor('message', (m) => m.dir === 'in' && m.data === 'hello');
  return { peer, s };
}

function keptWhatCameBefore(s: ReturnType<typeof recordedSession>): void {
  const messages = s.ofKind('message').map((m) => `${m.dir}:${m.data}`);
  expect(messages).toEqual(['out:before', 'in:hello']);
  expect(s.store.dropped).toBe(0);
  // Sequence numbers stay contiguous: nothing was lost or rewritten.
  const seqs = s.store.all().map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
}

async function closeCodeOnWire(c: PeerConnection): Promise<number | undefined> {
  await withTimeout(c.ended, 5000, 'the client to drop the TCP connection');
  const close = c.frames.find((f) => f.opcode === 0x8);
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
}

describe('our client against a peer that breaks RFC 6455 after a valid handshake', () => {
  it.each(FRAME_CASES)('$title', async (tc) => {
    const { peer, s } = await exchangeFirst({ maxMessageSize: MAX }, (c) => {
      c.socket.write(tc.bytes);
      if (tc.endAfter) c.socket.end();
    });
    const error = await s.waitFor('error');
    for (const w of tc.words) expect(error.message).toMatch(w);
    const close = await s.waitFor('close');
    expect(close.code).toBe(tc.closeCode);
    expect(close.wasClean).toBe(false);
    expect(s.session.readyState).toBe('CLOSED');
    keptWhatCameBefore(s);
    expect(await closeCodeOnWire(peer.connections[0])).toBe(tc.wireCode);
    // The session is still usable: sending now is refused with a sentence, not an exception.
    expect(s.session.send({ data: 'after', opcode: 'text' })).toMatchObject({ ok: false, error: expect.stringContaining('Not connected') });
  });
});

describe('a drop in the middle of a frame is told apart from a drop between frames', () => {
  it('frames that arrive in the same TCP packet as the 101 are counted: the cut is located exactly', async () => {
    const peer = await hostilePeer((c) => {
      c.socket.end(Buffer.concat([Buffer.from(accept101(c.key)), frame(0x1, 'in the 101 packet'), frame(0x2, Buffer.alloc(300)).subarray(0, 4 + 120)]));
    });
    const s = recordedSession({ url: peer.url });
    s.session.connect();
    expect((await s.waitFor('message')).data).toBe('in the 101 packet');
    expect((await s.waitFor('error')).message).toMatch(/120 of 300 payload bytes arrived/);
    expect(await s.waitFor('close')).toMatchObject({ code: 1006, initiator: 'network' });
  });

  it('a drop between two frames is a plain 1006 close, with no error', async () => {
    const peer = await hostilePeer((c) => {
      c.socket.end(Buffer.concat([Buffer.from(accept101(c.key)), frame(0x1, 'whole'), frame(0x9, 'p')]));
    });
    const s = recordedSession({ url: peer.url });
    s.session.connect();
    expect(await s.waitFor('close')).toMatchObject({ code: 1006, initiator: 'network', wasClean: false });
    expect(s.ofKind('error')).toEqual([]);
    expect(s.ofKind('message').map((m) => m.data)).toEqual(['whole']);
  });

  it('a cut inside a frame header says how many header bytes came', async () => {
    const peer = await hostilePeer((c) => {
      c.socket.end(Buffer.concat([Buffer.from(accept101(c.key)), frame(0x2, Buffer.alloc(70_000)).subarray(0, 3)]));
    });
    const s = recordedSession({ url: peer.url });
    s.session.connect();
    expect((await s.waitFor('error')).message).toMatch(/3 bytes of a frame header arrived/);
  });
});

interface HandshakeCase {
  title: string;
  answer: (c: PeerConnection) => string;
  category: string;
  words: RegExp[];
  subprotocols?: string[];
}

const HANDSHAKE_CASES: HandshakeCase[] = [
  {
    title: 'a 101 with a wrong Sec-WebSocket-Accept',
    answer: () => `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAcceptKey('not the key we sent!!')}\r\n\r\n`,
    category: 'protocol',
    words: [/Sec-WebSocket-Accept/, /key/, /RFC 6455 §4\.1/],
  },
  {
    title: 'a 101 without an Upgrade header',
    answer: (c) => `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAcceptKey(c.key)}\r\n\r\n`,
    category: 'protocol',
    words: [/Upgrade: websocket/, /RFC 6455 §4\.1/],
  },
  {
    title: 'a 101 choosing a subprotocol we did not offer',
    answer: (c) => accept101(c.key, 'Sec-WebSocket-Protocol: evil\r\n'),
    category: 'protocol',
    words: [/subprotocol/, /RFC 6455 §4\.1/],
    subprotocols: ['chat'],
  },
  {
    title: 'a 200 OK instead of 101',
    answer: () => 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 11\r\nConnection: close\r\n\r\n<h1>hi</h1>',
    category: 'handshake-rejected',
    words: [/HTTP 200/, /101 Switching Protocols/, /RFC 6455 §4\.1/],
  },
  {
    title: 'a 204 No Content instead of 101',
    answer: () => 'HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n',
    category: 'handshake-rejected',
    words: [/HTTP 204/, /101 Switching Protocols/],
  },
];

describe('our client against a peer whose opening handshake is wrong', () => {
  it.each(HANDSHAKE_CASES)('$title', async (tc) => {
    const peer = await hostilePeer(async (c) => {
      if (c.index === 0) {
        // The first connection is valid, so the timeline has something to lose.
        c.socket.write(accept101(c.key, tc.subprotocols ? `Sec-WebSocket-Protocol: ${tc.subprotocols[0]}\r\n` : ''));
        await c.nextFrame();
        c.socket.write(frame(0x1, 'hello'));
        const close = await c.nextFrame();
        c.socket.end(frame(0x8, close.payload));
        return;
      }
      c.socket.end(tc.answer(c));
    });
    const s = recordedSession({ url: peer.url, subprotocols: tc.subprotocols ?? [] });
    s.session.connect();
    await s.waitFor('open');
    s.session.send({ data: 'before', opcode: 'text' });
    await s.waitFor('message', (m) => m.data === 'hello');
    s.session.disconnect();
    const firstClose = await s.waitFor('close');
    expect(firstClose).toMatchObject({ code: 1000, wasClean: true });

    expect(s.session.connect()).toEqual({ ok: true });
    const error = await s.waitFor('error');
    expect(error.category).toBe(tc.category);
    for (const w of tc.words) expect(error.message).toMatch(w);
    await s.waitFor('close', () => true, 5000, firstClose.seq);
    expect(s.session.readyState).toBe('CLOSED');
    expect(s.ofKind('open')).toHaveLength(1);
    keptWhatCameBefore(s);
  });
});

// ------------------------------------------------------------------ the mock server against raw clients

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

interface ServerCase {
  title: string;
  bytes: Buffer;
  code: number;
  /** What the server's error event must say. */
  words: RegExp;
}

const SERVER_CASES: ServerCase[] = [
  { title: 'an unmasked client frame', bytes: frame(0x1, 'not masked'), code: 1002, words: /unmasked frame.*must be masked \(RFC 6455 §5\.1\)/ },
  { title: 'reserved opcode 0x3', bytes: frame(0x3, 'x', { mask: MASK }), code: 1002, words: /opcode 0x3, which is reserved/ },
  { title: 'reserved control opcode 0xB', bytes: frame(0xb, '', { mask: MASK }), code: 1002, words: /opcode 0xB, which is reserved/ },
  { title: 'RSV1 without permessage-deflate', bytes: frame(0x1, 'x', { mask: MASK, rsv: 0b100 }), code: 1002, words: /RSV1 bit.*RFC 6455 §5\.2/ },
  { title: 'invalid UTF-8 in a text frame', bytes: frame(0x1, Buffer.from([0xc3, 0x28]), { mask: MASK }), code: 1007, words: /not valid UTF-8/ },
  { title: 'a close frame with code 1005', bytes: frame(0x8, closePayload(1005), { mask: MASK }), code: 1002, words: /close code 1005 .*RFC 6455 §7\.4/ },
  { title: 'a close frame with code 2999', bytes: frame(0x8, closePayload(2999), { mask: MASK }), code: 1002, words: /close code 2999/ },
  { title: 'a fragmented ping', bytes: frame(0x9, 'p', { mask: MASK, fin: false }), code: 1002, words: /fragmented a control frame/ },
  { title: 'a 64-bit length of 100 MiB + 1 (over the default, ws\'s 100 MiB)', bytes: frame(0x2, Buffer.alloc(0), { mask: MASK, length64: 100n * 1024n * 1024n + 1n }), code: 1009, words: /maximum message size \(104857600 bytes\)/ },
];

describe('the mock server against a raw client that sends broken frames', () => {
  let server: MockServerHandle;
  const events: NewTimelineEvent[] = [];
  const waiters: Array<() => void> = [];
  const until = async (pred: (e: NewTimelineEvent) => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    while (!events.some(pred)) {
      if (Date.now() > deadline) throw new Error(`no server event: ${what}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };

  it.each(SERVER_CASES)('$title → closed with $code, other clients still served', async (tc) => {
    events.length = 0;
    server = await startMockServer({
      scenario: 'echo',
      onEvent: (e) => {
        events.push(e);
        for (const w of waiters.splice(0)) w();
      },
    });
    const tick = setInterval(() => waiters.splice(0).forEach((w) => w()), 100);
    onCleanup(() => clearInterval(tick));
    onCleanup(() => server.close());
    const good = new WebSocket(server.url);
    onCleanup(() => good.terminate());
    await once(good, 'open');

    const bad = await rawClient(server.port);
    bad.socket.write(tc.bytes);
    await withTimeout(bad.closed, 5000, 'the server to drop the bad client');
    const close = bad.frames.find((f) => f.opcode === 0x8);
    expect(close, 'the server sent a close frame').toBeDefined();
    expect(close!.masked).toBe(false);
    expect(close!.payload.readUInt16BE(0)).toBe(tc.code);
    await until((e) => e.kind === 'error' && e.category === 'protocol', 'a protocol error');
    const error = events.find((e) => e.kind === 'error') as Extract<NewTimelineEvent, { kind: 'error' }>;
    expect(error.message).toMatch(/^Protocol error: the client\b/);
    expect(error.message).toMatch(tc.words);
    expect(events.find((e) => e.kind === 'close-sent')).toMatchObject({ code: tc.code });
    await until((e) => e.kind === 'close' && e.code === tc.code, `close ${tc.code}`);
    await until((e) => e.kind === 'client' && e.action === 'disconnected', 'the bad client disconnected');

    // A well-behaved client connected before and one connecting after both get their echoes.
    good.send(`still here after ${tc.title}`);
    const [echo] = (await withTimeout(once(good, 'message'), 5000, 'the echo')) as [Buffer];
    expect(echo.toString()).toBe(`still here after ${tc.title}`);
    const late = new WebSocket(server.url);
    onCleanup(() => late.terminate());
    await once(late, 'open');
    late.send('late');
    const [lateEcho] = (await withTimeout(once(late, 'message'), 5000, 'the late echo')) as [Buffer];
    expect(lateEcho.toString()).toBe('late');
    expect(server.clientCount()).toBe(2);
  });
});
