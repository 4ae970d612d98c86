import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hexdump } from '../../../src/codecs/hexdump';

describe('hexdump', () => {
  it('shows offset, hex in two groups of 8 and printable ASCII, like hexdump -C', () => {
    const bytes = new TextEncoder().encode('Hello, WebSocket world!\n');
    expect(hexdump(bytes)).toBe(
      '00000000  48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74  |Hello, WebSocket|\n' +
      '00000010  20 77 6f 72 6c 64 21 0a                           | world!.|',
    );
  });

  it('non-printable bytes are dots in the ASCII column', () => {
    expect(hexdump(new Uint8Array([0x00, 0x7f, 0x80, 0xff, 0x41]))).toBe(
      '00000000  00 7f 80 ff 41                                    |....A|',
    );
  });

  it('past maxBytes the rest is summarized', () => {
    const out = hexdump(new Uint8Array(100), { maxBytes: 32 }).split('\n');
    expect(out).toHaveLength(3);
    expect(out[2]).toBe('... 68 more bytes (showing the first 32 of 100)');
  });

  it('an empty message says so', () => {
    expect(hexdump(new Uint8Array(0))).toBe('(0 bytes)');
  });

  it('every line has the same layout and the hex reads back as the bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      fc.pre(bytes.length > 0);
      const lines = hexdump(bytes).split('\n');
      const hex = lines.map((l) => l.slice(10, 59).replace(/\s+/g, '')).join('');
      return lines.every((l) => /^[0-9a-f]{8} {2}.{49} \|.{1,16}\|$/.test(l)) && hex === Buffer.from(bytes).toString('hex');
    }));
  });
});
