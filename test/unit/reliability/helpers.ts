// Shared pieces of the reliability suite: the short/full switch, a Session wired to a
// TimelineStore with waits on events, raw RFC 6455 frame building and parsing, and a raw TCP
// "hostile peer" that completes a real handshake and then writes whatever a test tells it to.
import { once } from 'node:events';
import { connect as tcpConnect, createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Session, type ResolvedConnection } from '../../../src/client/session';
import { createWsTransport } from '../../../src/client/wsTransport';
import { computeAcceptKey } from '../../../src/wire/handshake';
import { onCleanup } from '../../support/cleanup';
import { recordSession } from '../../support/sessionRecorder';
import { withTimeout } from '../../support/withTimeout';

/** WSLAB_FULL=1 runs the long forms (soak 1,000 × 10 × 300 s, 100 restarts...). */
export const FULL = process.env.WSLAB_FULL === '1';

export { closeAll, onCleanup } from '../../support/cleanup';

export function resolvedConfig(overrides: Partial<ResolvedConnection> = {}): ResolvedConnection {
  return {
    url: 'ws://127.0.0.1:1/',
    headers: [],
    subprotocols: [],
    reconnect: { enabled: false, baseDelayMs: 100, maxDelayMs: 1000, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 },
    heartbeat: { pingIntervalMs: 0, pongTimeoutMs: 0 },
    handshakeTimeoutMs: 5000,
    maxMessageSize: 1024 * 1024,
    perMessageDeflate: false,
    tls: { rejectUnauthorized: true },
    queueLimit: 100,
    closeTimeoutMs: 1000,
    ...overrides,
  };
}

export type { Kind, EventOf } from '../../support/sessionRecorder';

/** A real Session whose events go into a TimelineStore; waitFor() awaits an event instead of sleeping. */
export function recordedSession(config: Partial<ResolvedConnection>, retention = 1_000_000) {
  const session = new Session(resolvedConfig(config), { createTransport: createWsTransport });
  onCleanup(() => session.dispose());
  return { session, ...recordSession(session, retention) };
}

// ------------------------------------------------------------------ frames

export interface FrameOptions {
  fin?: boolean;
  /** RSV1..3 as bits 0x4, 0x2, 0x1. */
  rsv?: number;
  mask?: Buffer;
  /** Write this 64-bit length field instead of the real one (for lying headers). */
  length64?: bigint;
}

/** One RFC 6455 frame, as bytes. */
export function frame(opcode: number, payload: Buffer | string = Buffer.alloc(0), o: FrameOptions = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const b0 = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | (opcode & 0x0f);
  const maskBit = o.mask ? 0x80 : 0;
  let head: Buffer;
  if (o.length64 !== undefined) {
    head = Buffer.alloc(10);
    head[0] = b0;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(o.length64, 2);
  } else if (body.length < 126) {
    head = Buffer.from([b0, maskBit | body.length]);
  } else if (body.length < 65536) {
    head = Buffer.alloc(4);
    head[0] = b0;
    head[1] = maskBit | 126;
    head.writeUInt16BE(body.length, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = b0;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(BigInt(body.length), 2);
  }
  if (!o.mask) return Buffer.concat([head, body]);
  const masked = Buffer.from(body.map((b, i) => b ^ o.mask![i % 4]));
  return Buffer.concat([head, o.mask, masked]);
}

export const closePayload = (code: number, reason = ''): Buffer => {
  const b = Buffer.alloc(2 + Buffer.byteLength(reason));
  b.writeUInt16BE(code, 0);
  b.write(reason, 2);
  return b;
};

export interface ParsedFrame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Reads complete frames from `buf`; returns them and the bytes left over. */
export function parseFrames(buf: Buffer): { frames: ParsedFrame[]; rest: Buffer } {
  const frames: ParsedFrame[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const b0 = buf[at];
    const b1 = buf[at + 1];
    let len = b1 & 0x7f;
    let p = at + 2;
    if (len === 126) {
      if (buf.length - p < 2) break;
      len = buf.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      if (buf.length - p < 8) break;
      len = Number(buf.readBigUInt64BE(p));
      p += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const key = masked ? buf.subarray(p, p + 4) : undefined;
    if (masked) p += 4;
    if (buf.length - p < len) break;
    const raw = buf.subarray(p, p + len);
    const payload = key ? Buffer.from(raw.map((b, i) => b ^ key[i % 4])) : Buffer.from(raw);
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, masked, payload });
    at = p + len;
  }
  return { frames, rest: buf.subarray(at) };
}

// ------------------------------------------------------------------ hostile peer (server side)

export interface PeerConnection {
  socket: Socket;
  /** 0-based index of this TCP connection on the peer. */
  index: number;
  key: string;
  /** Frames the client sent after the handshake, in order. */
  frames: ParsedFrame[];
  /** Resolves with the next frame the client sends. */
  nextFrame(ms?: number): Promise<ParsedFrame>;
  /** Resolves when the client's TCP side is gone. */
  ended: Promise<void>;
}

/**
 * A raw TCP server that reads the HTTP upgrade request and hands the connection to `script`,
 * which writes the answer (a valid 101 via `accept101`, or anything else) and what follows.
 */
export async function hostilePeer(script: (c: PeerConnection) => void | Promise<void>): Promise<{ url: string; port: number; connections: PeerConnection[] }> {
  const sockets = new Set<Socket>();
  const connections: PeerConnection[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let head: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let rest: Buffer = Buffer.alloc(0);
    const takers: Array<(f: ParsedFrame) => void> = [];
    const pending: ParsedFrame[] = [];
    let endResolve!: () => void;
    const conn: PeerConnection = {
      socket,
      index: connections.length,
      key: '',
      frames: [],
      nextFrame(ms = 5000) {
        const f = pending.shift();
        if (f) return Promise.resolve(f);
        return new Promise((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('the client sent no frame in time')), ms);
          takers.push((x) => {
            clearTimeout(t);
            resolve(x);
          });
        });
      },
      ended: new Promise<void>((r) => (endResolve = r)),
    };
    connections.push(conn);
    socket.on('close', () => {
      sockets.delete(socket);
      endResolve();
    });
    socket.on('data', (chunk: Buffer) => {
      if (!upgraded) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = true;
        const request = head.subarray(0, end).toString('latin1');
        conn.key = /^sec-websocket-key:\s*(\S+)/im.exec(request)?.[1] ?? '';
        rest = head.subarray(end + 4);
        void Promise.resolve(script(conn)).catch(() => socket.destroy());
      } else {
        rest = Buffer.concat([rest, chunk]);
      }
      const parsed = parseFrames(rest);
      rest = parsed.rest;
      for (const f of parsed.frames) {
        conn.frames.push(f);
        const taker = takers.shift();
        if (taker) taker(f);
        else pending.push(f);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  const port = (server.address() as { port: number }).port;
  return { url: `ws://127.0.0.1:${port}/`, port, connections };
}

/** A correct 101 answer for this connection's key. */
export function accept101(key: string, extraHeaders = ''): string {
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAcceptKey(key)}\r\n${extraHeaders}\r\n`;
}

// ------------------------------------------------------------------ raw client (against a server)

export interface RawClient {
  socket: Socket;
  frames: ParsedFrame[];
  closed: Promise<void>;
}

/** A raw TCP client that completes a real opening handshake with the server on `port`, then records every frame it is sent. */
export async function rawClient(port: number): Promise<RawClient> {
  const socket = tcpConnect(port, '127.0.0.1');
  onCleanup(() => void socket.destroy());
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const key = randomBytes(16).toString('base64');
  socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  const frames: ParsedFrame[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let upgraded = false;
  const ready = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101') || !head.includes(computeAcceptKey(key))) reject(new Error(`bad handshake: ${head}`));
        upgraded = true;
        buf = buf.subarray(end + 4);
        resolve();
      }
      const parsed = parseFrames(buf);
      buf = parsed.rest;
      frames.push(...parsed.frames);
    });
  });
  await withTimeout(ready, 5000, 'the 101');
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  return { socket, frames, closed };
}

export { withTimeout };
