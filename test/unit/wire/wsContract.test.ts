// The contract with `ws` (and Node's net, http and tls) that our code relies on without ws or Node
// promising it: error codes and English messages we match or parse, private fields and
// undocumented options we read or set, and behaviours we work around. Each is provoked for real on
// 127.0.0.1 (a raw TCP peer writes the exact bytes) and asserted against the installed versions,
// so an upgrade that changes one fails here, naming the file that depends on it, instead of
// quietly turning an explanation into "unknown error" or a timeline into a wrong one.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientRequest, IncomingMessage } from 'node:http';
import WebSocket, { WebSocketServer, type ClientOptions } from 'ws';
import { explainFrameError, explainHandshakeError } from '../../../src/wire/frameErrors';
import { classifyError } from '../../../src/client/errorClassifier';
import { computeAcceptKey } from '../../../src/wire/handshake';
import { startMockServer } from '../../../src/server';
import { accept101, closeAll, closePayload, frame, hostilePeer, onCleanup, rawClient, withTimeout, type ParsedFrame } from '../reliability/helpers';
import { closedPort, rawUpgradeServer } from '../client/netHelpers';

afterEach(closeAll);

const FRAME_ERRORS = 'src/wire/frameErrors.ts';
const CLASSIFIER = 'src/client/errorClassifier.ts';
const TRANSPORT = 'src/client/wsTransport.ts';
const TRACKER = 'src/wire/frameTracker.ts';
const CLIENT_CONNECTION = 'src/server/net/clientConnection.ts';
const MOCK_SERVER = 'src/server/net/mockServer.ts';

/** A failure message that says who breaks when this assumption does. */
const broken = (file: string, what: string) => `ws/Node changed ${what}: ${file} relies on it`;

type WsError = Error & { code?: string; address?: string; port?: number };

/** A plain `ws` client and what it reported, in order. */
function wsClient(url: string, protocols: string[] = [], options: ClientOptions = {}) {
  const ws = new WebSocket(url, protocols, options);
  onCleanup(() => ws.terminate());
  const seen: string[] = [];
  const errors: WsError[] = [];
  ws.on('upgrade', () => seen.push('upgrade'));
  ws.on('open', () => seen.push('open'));
  ws.on('error', (e: WsError) => {
    seen.push('error');
    errors.push(e);
  });
  const closed = withTimeout(
    new Promise<{ code: number; wasClean: boolean }>((resolve) => ws.addEventListener('close', (e) => resolve({ code: e.code, wasClean: e.wasClean }))),
    5000,
    'the ws client to close',
  );
  const firstError = () => withTimeout(new Promise<WsError>((resolve) => (errors[0] ? resolve(errors[0]) : ws.once('error', resolve))), 5000, 'an error from ws');
  return { ws, seen, errors, closed, firstError };
}

// ------------------------------------------------------------------ frame errors the client reads

interface FrameCase {
  title: string;
  /** What the server writes after its 101. */
  bytes: Buffer;
  options?: ClientOptions;
  /** err.code, matched by FRAME_ERRORS in frameErrors.ts. */
  code: string;
  /** err.message exactly; frameErrors.ts reads the number in it (opcode, length, status code). */
  message: string;
  /** The close code ws sends (and frameErrors.ts says it sends). */
  closeCode: number;
  /** What our explanation must then say: proof the parser found what it looks for. */
  explains: RegExp;
}

const MASK = Buffer.from([1, 2, 3, 4]);
const fragments = (n: number) => Buffer.concat([frame(0x1, 'a', { fin: false }), ...Array.from({ length: n - 1 }, () => frame(0x0, 'a', { fin: false }))]);

const FRAME_CASES: FrameCase[] = [
  { title: 'invalid UTF-8 in a text frame', bytes: frame(0x1, Buffer.from([0x6f, 0x6b, 0xc3, 0x28])), code: 'WS_ERR_INVALID_UTF8', message: 'Invalid WebSocket frame: invalid UTF-8 sequence', closeCode: 1007, explains: /not valid UTF-8/ },
  { title: 'invalid UTF-8 in a close reason', bytes: frame(0x8, Buffer.concat([closePayload(1000), Buffer.from([0xc3, 0x28])])), code: 'WS_ERR_INVALID_UTF8', message: 'Invalid WebSocket frame: invalid UTF-8 sequence', closeCode: 1007, explains: /not valid UTF-8/ },
  { title: 'reserved opcode 0x3', bytes: frame(0x3), code: 'WS_ERR_INVALID_OPCODE', message: 'Invalid WebSocket frame: invalid opcode 3', closeCode: 1002, explains: /opcode 0x3, which is reserved/ },
  { title: 'reserved control opcode 0xB', bytes: frame(0xb), code: 'WS_ERR_INVALID_OPCODE', message: 'Invalid WebSocket frame: invalid opcode 11', closeCode: 1002, explains: /opcode 0xB, which is reserved/ },
  { title: 'a continuation frame with nothing to continue', bytes: frame(0x0, 'x'), code: 'WS_ERR_INVALID_OPCODE', message: 'Invalid WebSocket frame: invalid opcode 0', closeCode: 1002, explains: /continuation frame \(opcode 0x0\) with no fragmented message/ },
  { title: 'a new message inside a fragmented one', bytes: Buffer.concat([frame(0x1, 'a', { fin: false }), frame(0x1, 'b')]), code: 'WS_ERR_INVALID_OPCODE', message: 'Invalid WebSocket frame: invalid opcode 1', closeCode: 1002, explains: /started a new message \(opcode 0x1\) before finishing/ },
  { title: 'RSV1 without an extension', bytes: frame(0x1, 'x', { rsv: 0x4 }), code: 'WS_ERR_UNEXPECTED_RSV_1', message: 'Invalid WebSocket frame: RSV1 must be clear', closeCode: 1002, explains: /RSV1 bit/ },
  { title: 'RSV2 set', bytes: frame(0x1, 'x', { rsv: 0x2 }), code: 'WS_ERR_UNEXPECTED_RSV_2_3', message: 'Invalid WebSocket frame: RSV2 and RSV3 must be clear', closeCode: 1002, explains: /RSV2\/RSV3 bits/ },
  { title: 'a fragmented ping', bytes: frame(0x9, '', { fin: false }), code: 'WS_ERR_EXPECTED_FIN', message: 'Invalid WebSocket frame: FIN must be set', closeCode: 1002, explains: /fragmented a control frame/ },
  { title: 'a 126-byte ping', bytes: frame(0x9, Buffer.alloc(126)), code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', message: 'Invalid WebSocket frame: invalid payload length 126', closeCode: 1002, explains: /control frame with 126 bytes of payload/ },
  { title: 'a 1-byte close payload', bytes: frame(0x8, Buffer.from([0x03])), code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', message: 'Invalid WebSocket frame: invalid payload length 1', closeCode: 1002, explains: /close frame with a 1-byte payload/ },
  { title: 'a masked server frame', bytes: frame(0x1, 'x', { mask: MASK }), code: 'WS_ERR_UNEXPECTED_MASK', message: 'Invalid WebSocket frame: MASK must be clear', closeCode: 1002, explains: /masked a frame/ },
  { title: 'close code 1005 on the wire', bytes: frame(0x8, closePayload(1005)), code: 'WS_ERR_INVALID_CLOSE_CODE', message: 'Invalid WebSocket frame: invalid status code 1005', closeCode: 1002, explains: /close code 1005 \(No Status Received\)/ },
  { title: 'a message over maxPayload', bytes: frame(0x2, Buffer.alloc(11)), options: { maxPayload: 10 }, code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', message: 'Max payload size exceeded', closeCode: 1009, explains: /larger than the maximum message size \(10 bytes\)/ },
  { title: 'a 64-bit length of 2^53', bytes: frame(0x2, Buffer.alloc(0), { length64: 2n ** 53n }), code: 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH', message: 'Unsupported WebSocket frame: payload length > 2^53 - 1', closeCode: 1009, explains: /frame length of more than 2\^53 - 1 bytes/ },
  { title: 'more fragments than ws keeps (16,384 by default)', bytes: fragments(16_385), code: 'WS_ERR_TOO_MANY_BUFFERED_PARTS', message: 'Too many message fragments', closeCode: 1008, explains: /too many fragments/ },
];

describe(`frame errors ws raises, as ${FRAME_ERRORS} and ${CLASSIFIER} read them`, () => {
  it.each(FRAME_CASES)('$title → $code "$message", close $closeCode', async (tc) => {
    const closeFrames: ParsedFrame[] = [];
    const peer = await hostilePeer(async (c) => {
      c.socket.write(accept101(c.key));
      c.socket.write(tc.bytes);
      closeFrames.push(await c.nextFrame());
      c.socket.end();
    });
    const client = wsClient(peer.url, [], tc.options);
    const err = await client.firstError();
    expect(err.code, broken(FRAME_ERRORS, `the error code for ${tc.title}`)).toBe(tc.code);
    expect(err.message, broken(FRAME_ERRORS, `the message for ${tc.title} (the number in it is parsed)`)).toBe(tc.message);
    await client.closed;
    expect(closeFrames[0]?.opcode, broken(FRAME_ERRORS, 'whether ws answers a broken frame with a close frame')).toBe(0x8);
    expect(closeFrames[0].payload.readUInt16BE(0), broken(FRAME_ERRORS, `the close code ws sends for ${tc.code}`)).toBe(tc.closeCode);

    const explained = explainFrameError(err.code!, err.message, { maxMessageSize: tc.options?.maxPayload });
    expect(explained?.closeCode).toBe(tc.closeCode);
    expect(explained?.explanation).toMatch(tc.explains);
    expect(classifyError(err)).toMatchObject({ category: 'protocol', closeCode: tc.closeCode });
  });
});

// ------------------------------------------------------------------ frame errors the mock server reads

describe(`the ws server side, as ${CLIENT_CONNECTION} uses it`, () => {
  async function wsServer() {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    onCleanup(() => new Promise<void>((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => r());
    }));
    const connected = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    return { port: (wss.address() as { port: number }).port, connected };
  }

  it('an unmasked client frame: WS_ERR_EXPECTED_MASK, 1002 on the wire, but 1006 in the close event', async () => {
    const server = await wsServer();
    const client = await rawClient(server.port);
    const ws = await server.connected;
    const errors: WsError[] = [];
    ws.on('error', (e: WsError) => errors.push(e));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    client.socket.write(frame(0x1, 'not masked'));
    const closeCode = await withTimeout(closed, 5000, 'the server to close');
    await withTimeout(client.closed, 5000, 'the server to drop the client');

    expect(errors[0]?.code, broken(CLIENT_CONNECTION, 'the error code for an unmasked client frame')).toBe('WS_ERR_EXPECTED_MASK');
    expect(errors[0].message, broken(CLIENT_CONNECTION, 'the message for an unmasked client frame')).toBe('Invalid WebSocket frame: MASK must be set');
    expect(explainFrameError(errors[0].code!, errors[0].message, { peer: 'client' })?.closeCode).toBe(1002);
    const wire = client.frames.find((f) => f.opcode === 0x8);
    expect(wire?.payload.readUInt16BE(0), broken(CLIENT_CONNECTION, 'the close code ws sends after a broken client frame')).toBe(1002);
    // onClose() puts the code that went on the wire in place of this 1006.
    expect(closeCode, broken(CLIENT_CONNECTION, "the close event's code after ws fails a connection itself")).toBe(1006);
  });

  it('a ping is answered with a pong by ws itself (autoPong), with the same payload', async () => {
    const server = await wsServer();
    const client = await rawClient(server.port);
    const ws = await server.connected;
    const pingsSeen: string[] = [];
    ws.on('ping', (p: Buffer) => pingsSeen.push(p.toString()));
    client.socket.write(frame(0x9, 'are you there', { mask: MASK }));
    await withTimeout((async () => {
      while (!client.frames.some((f) => f.opcode === 0xa)) await new Promise((r) => setTimeout(r, 10));
    })(), 5000, 'the pong');
    expect(pingsSeen).toEqual(['are you there']);
    expect(client.frames.find((f) => f.opcode === 0xa)?.payload.toString(), broken(CLIENT_CONNECTION, 'ws answering pings itself (the timeline records that pong)')).toBe('are you there');
  });

  it('send() with fin: false makes a first frame, and the sends after it continuation frames', async () => {
    const server = await wsServer();
    const client = await rawClient(server.port);
    const ws = await server.connected;
    ws.send(Buffer.from('one'), { binary: false, fin: false, compress: false });
    ws.send(Buffer.from('two'), { binary: false, fin: false, compress: false });
    ws.send(Buffer.from('end'), { binary: false, fin: true, compress: false });
    await withTimeout((async () => {
      while (client.frames.length < 3) await new Promise((r) => setTimeout(r, 10));
    })(), 5000, 'three frames');
    expect(client.frames.map((f) => [f.opcode, f.fin, f.payload.toString()]), broken(CLIENT_CONNECTION, 'how send({ fin: false }) fragments (the fragment fault)')).toEqual([
      [0x1, false, 'one'],
      [0x0, false, 'two'],
      [0x0, true, 'end'],
    ]);
  });
});

// ------------------------------------------------------------------ the opening handshake

interface HandshakeCase {
  title: string;
  answer: (key: string) => string;
  protocols?: string[];
  perMessageDeflate?: boolean;
  message: string;
  /** The sentence explainHandshakeError() must pick for that message. */
  explains: RegExp;
}

const upgradeAnswer = (key: string, upgrade: string, extra = '') =>
  `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${upgrade}\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAcceptKey(key)}\r\n${extra}\r\n`;

const HANDSHAKE_CASES: HandshakeCase[] = [
  { title: 'a wrong Sec-WebSocket-Accept', answer: () => upgradeAnswer('not the key we sent', 'websocket'), message: 'Invalid Sec-WebSocket-Accept header', explains: /does not match the key we sent/ },
  { title: 'an Upgrade that is not websocket', answer: (key) => upgradeAnswer(key, 'h2c'), message: 'Invalid Upgrade header', explains: /lacks "Upgrade: websocket"/ },
  { title: 'a subprotocol nobody asked for', answer: (key) => accept101(key, 'Sec-WebSocket-Protocol: chat\r\n'), message: 'Server sent a subprotocol but none was requested', explains: /although we offered none/ },
  { title: 'a subprotocol we did not offer', answer: (key) => accept101(key, 'Sec-WebSocket-Protocol: other\r\n'), protocols: ['chat'], message: 'Server sent an invalid subprotocol', explains: /a subprotocol we did not offer/ },
  { title: 'no subprotocol although we offered one', answer: (key) => accept101(key), protocols: ['chat'], message: 'Server sent no subprotocol', explains: /selected no subprotocol/ },
  { title: 'extensions nobody asked for', answer: (key) => accept101(key, 'Sec-WebSocket-Extensions: permessage-deflate\r\n'), perMessageDeflate: false, message: 'Server sent a Sec-WebSocket-Extensions header but no extension was requested', explains: /Sec-WebSocket-Extensions answer/ },
  { title: 'an unparsable extensions header', answer: (key) => accept101(key, 'Sec-WebSocket-Extensions: permessage-deflate; =\r\n'), perMessageDeflate: true, message: 'Invalid Sec-WebSocket-Extensions header', explains: /Sec-WebSocket-Extensions answer/ },
  { title: 'an extension we did not offer', answer: (key) => accept101(key, 'Sec-WebSocket-Extensions: x-custom\r\n'), perMessageDeflate: true, message: 'Server indicated an extension that was not requested', explains: /Sec-WebSocket-Extensions answer/ },
];

describe(`the opening handshake, as ${TRANSPORT} and ${FRAME_ERRORS} read it`, () => {
  it.each(HANDSHAKE_CASES)('$title → "$message", after the upgrade event', async (tc) => {
    const peer = await hostilePeer((c) => void c.socket.write(tc.answer(c.key)));
    const client = wsClient(peer.url, tc.protocols, { perMessageDeflate: tc.perMessageDeflate ?? false });
    const err = await client.firstError();
    expect(err.message, broken(FRAME_ERRORS, `the message for ${tc.title} (HANDSHAKE_ERRORS matches it)`)).toBe(tc.message);
    // wsTransport.ts reports an error that follows 'upgrade' as an invalid handshake answer.
    expect(client.seen.slice(0, 2), broken(TRANSPORT, `the events for ${tc.title}`)).toEqual(['upgrade', 'error']);
    expect(explainHandshakeError(err.message)).toMatch(tc.explains);
  });

  it('a 101 without an Upgrade header is not an upgrade to Node: it arrives as unexpected-response with status 101', async () => {
    const { url } = await rawUpgradeServer('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n');
    const client = wsClient(url);
    const [, res] = (await withTimeout(once(client.ws, 'unexpected-response'), 5000, 'unexpected-response')) as [ClientRequest, IncomingMessage];
    expect(res.statusCode, broken(TRANSPORT, 'how a 101 without Upgrade arrives (refused() turns it into "Invalid Upgrade header")')).toBe(101);
    expect(client.seen).not.toContain('upgrade');
  });

  it('a refusal with an unexpected-response listener: ws leaves the body to us and raises no error of its own', async () => {
    const body = 'go away: no token';
    const { url } = await rawUpgradeServer(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const client = wsClient(url);
    const [, res] = (await withTimeout(once(client.ws, 'unexpected-response'), 5000, 'unexpected-response')) as [ClientRequest, IncomingMessage];
    let read = '';
    res.on('data', (c: Buffer) => (read += c.toString()));
    await withTimeout(once(res, 'end'), 5000, 'the refusal body');
    await new Promise((r) => setTimeout(r, 50));
    expect([res.statusCode, res.statusMessage, read], broken(TRANSPORT, 'what unexpected-response hands over')).toEqual([403, 'Forbidden', body]);
    expect(client.errors, broken(TRANSPORT, 'ws staying quiet while a listener handles a refusal')).toEqual([]);
  });

  it('finishRequest gets the ClientRequest before it is sent, and after end() its private _header holds the request as written', async () => {
    const peer = await hostilePeer((c) => void c.socket.write(accept101(c.key, 'Sec-WebSocket-Protocol: chat.v1\r\n')));
    let header: unknown;
    let key: unknown;
    const client = wsClient(`${peer.url}chat?room=1`, ['chat.v1'], {
      headers: { 'X-Custom': 'yes' },
      finishRequest: (req: ClientRequest) => {
        key = req.getHeader('sec-websocket-key');
        req.end();
        header = (req as unknown as { _header?: unknown })._header;
      },
    } as ClientOptions);
    await withTimeout(once(client.ws, 'open'), 5000, 'open');
    expect(typeof header, broken(TRANSPORT, 'ClientRequest._header (the request headers exactly as sent)')).toBe('string');
    const lines = (header as string).split('\r\n');
    expect(lines[0], broken(TRANSPORT, "_header's request line (requestHeaders() skips it)")).toBe('GET /chat?room=1 HTTP/1.1');
    expect(lines, broken(TRANSPORT, "_header's `Name: value` lines")).toEqual(expect.arrayContaining([`Sec-WebSocket-Key: ${String(key)}`, 'X-Custom: yes', 'Sec-WebSocket-Protocol: chat.v1']));
    expect(peer.connections[0].key).toBe(key);
  });

  it('the closeTimeout option (not in ws\'s types) bounds the wait for a peer that never answers our close', async () => {
    const peer = await hostilePeer((c) => void c.socket.write(accept101(c.key)));
    const client = wsClient(peer.url, [], { closeTimeout: 200 } as ClientOptions);
    await withTimeout(once(client.ws, 'open'), 5000, 'open');
    const started = Date.now();
    client.ws.close(1000);
    const { code } = await client.closed;
    const waited = Date.now() - started;
    expect(waited, broken(TRANSPORT, 'the closeTimeout option (connection.closeTimeoutMs); the default is 30 s')).toBeLessThan(2000);
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(code).toBe(1006);
  });
});

// ------------------------------------------------------------------ bytes, drops and close events

describe(`the upgraded socket, as ${TRANSPORT} and ${TRACKER} follow it`, () => {
  it('bytes that come with the 101 reach a data listener attached at open; a drop mid-frame is a bare 1006 with no error', async () => {
    const partial = frame(0x2, Buffer.alloc(100, 7)).subarray(0, 50);
    const peer = await hostilePeer((c) => {
      // One write: the 101 and half a frame arrive together, as "head" of the upgrade.
      c.socket.end(Buffer.concat([Buffer.from(accept101(c.key), 'latin1'), partial]));
    });
    const client = wsClient(peer.url);
    let socket: NodeJS.ReadableStream | undefined;
    const received: Buffer[] = [];
    client.ws.on('upgrade', (res: IncomingMessage) => (socket = res.socket));
    client.ws.on('open', () => socket?.on('data', (chunk: Buffer) => received.push(chunk)));
    const closed = await client.closed;
    expect(Buffer.concat(received).equals(partial), broken(TRANSPORT, "'upgrade' res.socket carrying the bytes that came with the 101 to listeners attached at 'open'")).toBe(true);
    expect(closed, broken(TRACKER, 'how ws reports a drop in the middle of a frame (the tracker explains it because ws does not)')).toEqual({ code: 1006, wasClean: false });
    expect(client.errors, broken(TRACKER, 'ws raising no error for a truncated frame')).toEqual([]);
  });

  it('the WHATWG close event carries wasClean: true after a close handshake', async () => {
    const peer = await hostilePeer(async (c) => {
      c.socket.write(accept101(c.key));
      const close = await c.nextFrame();
      c.socket.end(frame(0x8, close.payload));
    });
    const client = wsClient(peer.url);
    await withTimeout(once(client.ws, 'open'), 5000, 'open');
    client.ws.close(4000, 'bye');
    expect(await client.closed, broken(TRANSPORT, "the close event's wasClean")).toEqual({ code: 4000, wasClean: true });
  });
});

// ------------------------------------------------------------------ Node's network and TLS errors

describe(`Node's socket and TLS errors, as ${CLASSIFIER} and ${MOCK_SERVER} match them`, () => {
  it('nothing listening: ECONNREFUSED, with the address and port the message names', async () => {
    const port = await closedPort();
    const err = await wsClient(`ws://127.0.0.1:${port}/`).firstError();
    expect([err.code, err.address, err.port], broken(CLASSIFIER, 'ECONNREFUSED and its address/port fields')).toEqual(['ECONNREFUSED', '127.0.0.1', port]);
    expect(classifyError(err).message).toContain(`127.0.0.1:${port}`);
  });

  it('a peer that resets the connection: ECONNRESET', async () => {
    const server: NetServer = createNetServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () => s.resetAndDestroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    onCleanup(() => new Promise<void>((r) => server.close(() => r())));
    const err = await wsClient(`ws://127.0.0.1:${(server.address() as { port: number }).port}/`).firstError();
    expect(err.code, broken(CLASSIFIER, 'the code of a reset connection')).toBe('ECONNRESET');
    expect(classifyError(err).category).toBe('network');
  });

  it('wss:// to a plain ws:// port: an SSL error whose text says "wrong version number"', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    onCleanup(() => new Promise<void>((r) => wss.close(() => r())));
    const err = await wsClient(`wss://127.0.0.1:${(wss.address() as { port: number }).port}/`).firstError();
    expect(`${err.code} ${err.message}`, broken(CLASSIFIER, 'the OpenSSL error for plain text where TLS was expected')).toMatch(/wrong.version.number|packet length too long/);
    expect(classifyError(err)).toMatchObject({ category: 'tls', message: expect.stringContaining('try ws:// instead of wss://') });
  });

  it("a self-signed certificate (the mock server's): DEPTH_ZERO_SELF_SIGNED_CERT", async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'wslab-contract-'));
    onCleanup(() => rmSync(certDir, { recursive: true, force: true }));
    const server = await startMockServer({ scenario: 'echo', tls: true, certDir });
    onCleanup(() => server.close());
    const err = await wsClient(server.url).firstError();
    expect(err.code, broken(CLASSIFIER, 'the code of an untrusted self-signed certificate (CERT_MESSAGES)')).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(classifyError(err)).toMatchObject({ category: 'tls', message: expect.stringContaining('self-signed') });
  });

  it('listening on a port in use: EADDRINUSE; on an address not of this machine: EADDRNOTAVAIL', async () => {
    const taken = createNetServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    onCleanup(() => new Promise<void>((r) => taken.close(() => r())));
    const listenError = async (port: number, host: string) => {
      const s = createNetServer();
      s.listen(port, host);
      const [err] = (await withTimeout(once(s, 'error'), 5000, `an error listening on ${host}:${port}`)) as [NodeJS.ErrnoException];
      return err.code;
    };
    expect(await listenError((taken.address() as { port: number }).port, '127.0.0.1'), broken(MOCK_SERVER, 'the code for a port in use')).toBe('EADDRINUSE');
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    expect(await listenError(0, '192.0.2.1'), broken(MOCK_SERVER, 'the code for an address that is not local')).toBe('EADDRNOTAVAIL');
  });
});
