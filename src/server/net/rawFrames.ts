// Frames that break RFC 6455 on purpose, written straight to the socket (ws would never build
// them). A conforming client must fail the connection when it reads one.

import type { InvalidFrameKind } from '../scenario/scenarioTypes';

export function invalidFrame(kind: InvalidFrameKind): Buffer {
  switch (kind) {
    case 'invalid-utf8':
      // FIN + text opcode, 4 bytes: "ok" then 0xC3 0x28 (a 2-byte sequence with a bad continuation byte).
      return Buffer.from([0x81, 0x04, 0x6f, 0x6b, 0xc3, 0x28]);
    case 'reserved-opcode':
      // FIN + opcode 0x3 (reserved for future non-control frames), empty payload.
      return Buffer.from([0x83, 0x00]);
    case 'masked': {
      // FIN + text, MASK bit set: servers must never mask (RFC 6455 §5.1).
      const key = [0x12, 0x34, 0x56, 0x78];
      const payload = Buffer.from('masked!');
      const masked = payload.map((b, i) => b ^ key[i % 4]);
      return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, ...key]), masked]);
    }
  }
}

export function describeInvalidFrame(kind: InvalidFrameKind): string {
  switch (kind) {
    case 'invalid-utf8':
      return 'a text frame with invalid UTF-8';
    case 'reserved-opcode':
      return 'a frame with the reserved opcode 0x3';
    case 'masked':
      return 'a masked frame (servers must not mask)';
  }
}
