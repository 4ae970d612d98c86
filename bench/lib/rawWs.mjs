// A deliberately minimal WebSocket client over a raw TCP socket, for load generation.
// The load process must cost as little CPU as possible so that, on a small machine, the server
// under test is what limits the figures: frames are pre-built (masked with a zero key, which
// RFC 6455 allows and leaves the payload as is) and incoming frames are only counted, plus the
// first bytes of the payload read when a benchmark needs an id out of them.
import { connect } from 'node:net';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** A masked client frame (FIN set). opcode 1 = text, 2 = binary. */
export function clientFrame(payload, opcode = 1) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const len = body.length;
  let header;
  if (len < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | len, 0, 0, 0, 0]);
  } else if (len < 65536) {
    header = Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 255, 0, 0, 0, 0]);
  } else {
    header = Buffer.alloc(14);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, body]);
}

/**
 * Opens a WebSocket on 127.0.0.1:port. Resolves with the socket once the 101 response arrived.
 * `onFrame(payloadStart, payloadEnd, buf, opcode)` is called for every complete server frame,
 * `afterChunk()` after each chunk of frames (to answer in one write).
 */
export function openRaw(port, { path = '/', onFrame, afterChunk, onClose, timeoutMs = 10_000, extraHeaders = '' } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    let handshook = false;
    let head = Buffer.alloc(0);
    let rest = null; // bytes of an incomplete frame carried to the next chunk
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`handshake with 127.0.0.1:${port} timed out`));
    }, timeoutMs);

    const parse = (chunk) => {
      let buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      rest = null;
      let off = 0;
      const n = buf.length;
      while (off + 2 <= n) {
        const b0 = buf[off];
        let len = buf[off + 1] & 0x7f;
        let hdr = 2;
        if (len === 126) {
          if (off + 4 > n) break;
          len = buf.readUInt16BE(off + 2);
          hdr = 4;
        } else if (len === 127) {
          if (off + 10 > n) break;
          len = Number(buf.readBigUInt64BE(off + 2));
          hdr = 10;
        }
        if (off + hdr + len > n) break;
        onFrame?.(off + hdr, off + hdr + len, buf, b0 & 0x0f);
        off += hdr + len;
      }
      if (off < n) rest = buf.subarray(off);
      afterChunk?.();
    };

    socket.on('data', (chunk) => {
      if (handshook) {
        parse(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!/^HTTP\/1\.1 101/.test(status)) {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`handshake refused: ${status}`));
        return;
      }
      handshook = true;
      clearTimeout(timer);
      const leftover = head.subarray(end + 4);
      head = null;
      resolve(socket);
      if (leftover.length) parse(leftover);
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      if (!handshook) reject(err);
    });
    socket.on('close', () => onClose?.());
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n${extraHeaders}\r\n`,
    );
  });
}

/** Reads the decimal number at the start of a payload (ids are written as fixed-width digits). */
export function readDigits(buf, start, end, width = 12) {
  let v = 0;
  const stop = Math.min(end, start + width);
  for (let i = start; i < stop; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** A text payload of exactly `size` bytes that starts with `id` as fixed-width digits. */
export function idPayload(id, size, width = 12) {
  const digits = String(id).padStart(width, '0');
  return digits + 'x'.repeat(Math.max(0, size - digits.length));
}

/** Opens `count` connections, at most `parallel` handshakes at a time. */
export async function openMany(count, parallel, open) {
  const sockets = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      sockets[i] = await open(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return sockets;
}
