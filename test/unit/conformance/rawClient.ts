// A WebSocket client over a bare TCP socket, for the conformance suite: it sends whatever frames a
// case builds (masked by hand, reserved bits, bad opcodes, chopped into pieces) and records what the
// server answers, message by message, as Autobahn|Testsuite's fuzzing client does. It speaks
// permessage-deflate well enough to send compressed messages and read compressed answers.
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

export const OP = { cont: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** The three reserved bits, RSV1 highest (0-7). */
  rsv?: number;
}

export type Received =
  | { kind: 'message'; binary: boolean; data: Buffer }
  | { kind: 'pong'; data: Buffer };

/** From this size on, frames are sent with a zero masking key. */
const LARGE = 64 * 1024;

const bytes = (p: Buffer | string | undefined): Buffer => (p === undefined ? Buffer.alloc(0) : typeof p === 'string' ? Buffer.from(p) : p);

/** A masked client frame (RFC 6455 §5.2), exactly as specified: nothing is checked or fixed. */
export function frame({ opcode, payload, fin = true, rsv = 0 }: FrameSpec): Buffer {
  const body = bytes(payload);
  const len = body.length;
  const extra = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const out = Buffer.allocUnsafe(2 + extra + 4 + len);
  out[0] = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0xf);
  out[1] = 0x80 | (len < 126 ? len : len < 65536 ? 126 : 127);
  if (extra === 2) out.writeUInt16BE(len, 2);
  if (extra === 8) out.writeBigUInt64BE(BigInt(len), 2);
  const keyAt = 2 + extra;
  const at = keyAt + 4;
  if (len >= LARGE) {
    // A zero key (RFC 6455 allows any key) leaves the payload as it is: masking 16 MiB byte by byte
    // costs seconds on a loaded machine. Every smaller frame has a random key.
    out.fill(0, keyAt, at);
    body.copy(out, at);
    return out;
  }
  // Random enough for a test (the key need only be unpredictable to proxies); randomBytes per frame is slow at 16,384 frames.
  out.writeUInt32BE(Math.floor(Math.random() * 0x100000000), keyAt);
  for (let i = 0; i < len; i++) out[at + i] = body[i] ^ out[keyAt + (i & 3)];
  return out;
}

export function closePayload(code?: number, reason: Buffer | string = ''): Buffer {
  if (code === undefined) return Buffer.alloc(0);
  const head = Buffer.alloc(2);
  head.writeUInt16BE(code);
  return Buffer.concat([head, bytes(reason)]);
}

/** A message compressed as permessage-deflate sends it: sync flush, the last 4 bytes taken off (RFC 7692 §7.2.1). */
export function deflateMessage(data: Buffer): Buffer {
  const out = deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
}

const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const WINDOW = 32 * 1024;

export interface OpenResult {
  status: number;
  headers: Record<string, string>;
  conn?: RawConn;
}

export class RawConn {
  readonly received: Received[] = [];
  /** The server's close frame: its code (undefined for an empty one) and reason. */
  closeFrame: { code?: number; reason: Buffer } | undefined;
  /** We sent a close frame before the server did. */
  closedByMe = false;
  closeSent = false;
  tcpClosed = false;
  /** When the server's close frame arrived (ms since the connection opened). */
  closeAt: number | undefined;
  /** What the server did that RFC 6455 forbids (masked frames, bad compressed data...). */
  readonly violations: string[] = [];
  private readonly opened = Date.now();
  private chunks: Buffer[] = [];
  private avail = 0;
  private need = 2;
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private fragmentCompressed = false;
  /** What the server sent last (its compression window), when it keeps its context. */
  private history = Buffer.alloc(0);
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly socket: Socket,
    /** The accepted permessage-deflate parameters, when the server accepted an offer. */
    readonly deflate: string | undefined,
  ) {
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('close', () => {
      this.tcpClosed = true;
      this.changed();
    });
    socket.on('error', () => undefined);
  }

  get elapsed(): number {
    return Date.now() - this.opened;
  }

  /** Writes bytes, whole or in pieces of `chop` bytes each with its own write. */
  async send(data: Buffer | Buffer[], chop?: number): Promise<void> {
    const all = Array.isArray(data) ? Buffer.concat(data) : data;
    if (this.tcpClosed) return;
    if (!chop) {
      await new Promise<void>((resolve) => this.socket.write(all, () => resolve()));
      return;
    }
    for (let i = 0; i < all.length && !this.tcpClosed; i += chop) {
      this.socket.write(all.subarray(i, i + chop));
      await new Promise((r) => setImmediate(r));
    }
  }

  sendFrames(...specs: FrameSpec[]): Promise<void> {
    return this.send(specs.map(frame));
  }

  /** A message compressed with permessage-deflate (RSV1 set on its first frame). */
  sendCompressed(data: Buffer, binary: boolean): Promise<void> {
    return this.send(frame({ opcode: binary ? OP.binary : OP.text, payload: deflateMessage(data), rsv: 4 }));
  }

  sendClose(code?: number, reason?: Buffer | string): Promise<void> {
    if (!this.closeFrame) this.closedByMe = true;
    this.closeSent = true;
    return this.send(frame({ opcode: OP.close, payload: closePayload(code, reason) }));
  }

  /** Resolves true once `pred` holds, false after `ms`. */
  waitFor(pred: () => boolean, ms: number): Promise<boolean> {
    if (pred()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = (): void => {
        if (!pred()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, ms);
      this.waiters.add(check);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private changed(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Frames are parsed once all of one has arrived, so a 16 MiB message is copied once, not per chunk. */
  private onData(d: Buffer): void {
    this.chunks.push(d);
    this.avail += d.length;
    if (this.avail < this.need) return;
    let buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    let off = 0;
    for (;;) {
      const left = buf.length - off;
      if (left < 2) {
        this.need = 2;
        break;
      }
      const b1 = buf[off + 1];
      const len7 = b1 & 0x7f;
      const head = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (b1 & 0x80 ? 4 : 0);
      if (left < head) {
        this.need = head;
        break;
      }
      const len = len7 === 126 ? buf.readUInt16BE(off + 2) : len7 === 127 ? Number(buf.readBigUInt64BE(off + 2)) : len7;
      if (left < head + len) {
        this.need = head + len;
        break;
      }
      const b0 = buf[off];
      let payload = buf.subarray(off + head, off + head + len);
      if (b1 & 0x80) {
        this.violations.push('the server sent a masked frame (RFC 6455 §5.1)');
        const key = buf.subarray(off + head - 4, off + head);
        payload = Buffer.from(payload.map((x, i) => x ^ key[i & 3]));
      }
      off += head + len;
      this.onFrame(Boolean(b0 & 0x80), (b0 >> 4) & 7, b0 & 0xf, payload);
    }
    const rest = buf.subarray(off);
    buf = rest.length ? Buffer.from(rest) : Buffer.alloc(0);
    this.chunks = buf.length ? [buf] : [];
    this.avail = buf.length;
    if (this.need <= this.avail) this.need = 2;
    this.changed();
  }

  private onFrame(fin: boolean, rsv: number, opcode: number, payload: Buffer): void {
    if (this.closeFrame) {
      this.violations.push('the server sent a frame after its close frame');
      return;
    }
    if (opcode === OP.pong) this.received.push({ kind: 'pong', data: payload });
    else if (opcode === OP.ping) this.send(frame({ opcode: OP.pong, payload })).catch(() => undefined);
    else if (opcode === OP.close) this.onClose(payload);
    else if (opcode === OP.text || opcode === OP.binary || opcode === OP.cont) {
      if (opcode !== OP.cont) {
        this.fragmentOpcode = opcode;
        this.fragmentCompressed = (rsv & 4) !== 0;
        this.fragments = [];
      }
      this.fragments.push(payload);
      if (fin) this.onMessage(this.fragmentOpcode === OP.binary, Buffer.concat(this.fragments), this.fragmentCompressed);
    } else this.violations.push(`the server sent opcode ${opcode}`);
    if (rsv & 3 || (rsv & 4 && !this.deflate)) this.violations.push(`the server set reserved bits ${rsv}`);
  }

  private onMessage(binary: boolean, raw: Buffer, compressed: boolean): void {
    let data = raw;
    if (compressed) {
      try {
        // The last 32 KiB the server sent serve as the window of a server that keeps its context.
        data = inflateRawSync(Buffer.concat([raw, TAIL]), { finishFlush: constants.Z_SYNC_FLUSH, dictionary: this.history.length ? this.history : undefined });
      } catch (e) {
        this.violations.push(`compressed message that does not inflate: ${(e as Error).message}`);
      }
      this.history = Buffer.concat([this.history, data]).subarray(-WINDOW);
    }
    this.received.push({ kind: 'message', binary, data });
  }

  private onClose(payload: Buffer): void {
    this.closeAt = this.elapsed;
    this.closeFrame = { code: payload.length >= 2 ? payload.readUInt16BE(0) : undefined, reason: payload.subarray(2) };
    // Answer with the same code, as a client does (RFC 6455 §5.5.1); the server then ends TCP.
    if (!this.closeSent) {
      this.closeSent = true;
      this.send(frame({ opcode: OP.close, payload: payload.length >= 2 ? payload.subarray(0, 2) : Buffer.alloc(0) })).catch(() => undefined);
    }
  }
}

/** Opens a connection: a 101 gives a RawConn, anything else the status and headers. */
export function openConn(port: number, extensions?: string, timeoutMs = 5000): Promise<OpenResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    const key = randomBytes(16).toString('base64');
    let head = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no handshake answer from 127.0.0.1:${port}`));
    }, timeoutMs);
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('connect', () => {
      socket.write([
        'GET / HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13',
        ...(extensions ? [`Sec-WebSocket-Extensions: ${extensions}`] : []), '', '',
      ].join('\r\n'));
    });
    const onHead = (d: Buffer): void => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.off('data', onHead);
      const [statusLine, ...lines] = head.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      if (status !== 101 || headers['sec-websocket-accept'] !== accept) {
        socket.destroy();
        resolve({ status, headers });
        return;
      }
      const ext = headers['sec-websocket-extensions'];
      const conn = new RawConn(socket, ext && /permessage-deflate/i.test(ext) ? ext : undefined);
      const rest = head.subarray(end + 4);
      if (rest.length) socket.emit('data', rest);
      resolve({ status, headers, conn });
    };
    socket.on('data', onHead);
  });
}
