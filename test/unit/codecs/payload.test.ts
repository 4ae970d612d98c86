import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unpack } from 'msgpackr';
import {
  base64ToBytes,
  bytesToBase64,
  decodeMessagePack,
  encodeComposerPayload,
  findJsonError,
  formatJson,
  hexToBytes,
  parseJson,
  utf8ByteLength,
} from '../../../src/codecs/payload';

const fail = (r: { ok: boolean }) => {
  expect(r.ok).toBe(false);
  return r as { ok: false; error: string; position?: number; line?: number; column?: number };
};

describe('text payloads', () => {
  it('a text message is sent as typed, sized in UTF-8 bytes', () => {
    expect(encodeComposerPayload('text', 'héllo 👋')).toEqual({ ok: true, data: 'héllo 👋', opcode: 'text', size: 11 });
  });

  it('utf8ByteLength agrees with TextEncoder for any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8ByteLength(s) === new TextEncoder().encode(s).length));
    expect(utf8ByteLength('\ud800')).toBe(3);
  });
});

describe('JSON payloads', () => {
  it('valid JSON is sent exactly as typed', () => {
    const body = '{ "b": 1,\n  "a": [1, 2] }';
    expect(encodeComposerPayload('json', body)).toEqual({ ok: true, data: body, opcode: 'text', size: body.length });
  });

  it('a JSON error gives line, column and offset of the bad character', () => {
    const r = fail(encodeComposerPayload('json', '{\n  "a": 1,\n  "b" 2\n}'));
    expect(r.position).toBe(18);
    expect(r.line).toBe(3);
    expect(r.column).toBe(7);
    expect(r.error).toBe("JSON error at line 3, column 7 (offset 18): expected ':' after the property name, found '2'");
  });

  it('a trailing comma is named as such', () => {
    const r = fail(encodeComposerPayload('json', '[1, 2,]'));
    expect(r.error).toMatch(/trailing comma/);
    expect(r.position).toBe(6);
  });

  it('an unterminated string points at the end and says where it opened', () => {
    const r = fail(parseJson('{"a": "abc'));
    expect(r.position).toBe(10);
    expect(r.error).toMatch(/unterminated string \(opened at line 1, column 7\)/);
  });

  it('an empty JSON body is refused', () => {
    expect(fail(encodeComposerPayload('json', '  ')).error).toBe('JSON body is empty');
  });

  it('CRLF line endings count as one line break', () => {
    const r = fail(parseJson('[1,\r\n2,\r\nx]'));
    expect([r.line, r.column]).toEqual([3, 1]);
  });

  it('a byte order mark is named', () => {
    expect(fail(parseJson('\ufeff{}')).error).toMatch(/byte order mark/);
  });

  // V8 reports "at position N" for most errors; where it does, our offset must be the same.
  const agreesWithV8 = (text: string) => {
    let v8Ok = true;
    let v8Pos: number | undefined;
    try {
      JSON.parse(text);
    } catch (e) {
      v8Ok = false;
      const m = /at position (\d+)/.exec((e as Error).message);
      if (m) v8Pos = Number(m[1]);
    }
    const ours = findJsonError(text);
    if (v8Ok) return ours === undefined;
    if (ours === undefined) return false;
    return (v8Pos === undefined || ours.offset === v8Pos) && ours.offset >= 0 && ours.offset <= text.length;
  };

  it('the scanner accepts exactly what JSON.parse accepts, at the position V8 reports (random text)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'{}[],:"\\ \n\t0123456789-+.eEtrufalsn'.split('')) }), agreesWithV8), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), agreesWithV8), { numRuns: 1000 });
  });

  it('the scanner agrees with V8 on valid JSON with one character changed', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 2 }), (json, at, insert) => {
        const i = json.length ? at % json.length : 0;
        return agreesWithV8(json) && agreesWithV8(json.slice(0, i) + insert + json.slice(i + 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('random input never throws out of the encoder', () => {
    fc.assert(
      fc.property(fc.constantFrom('text', 'json', 'hex', 'base64', 'msgpack' as const), fc.string({ unit: 'binary' }), (format, body) => {
        const r = encodeComposerPayload(format, body);
        return r.ok || (typeof r.error === 'string' && r.error !== '');
      }),
    );
  });

  it('deep nesting is handled without a stack overflow', () => {
    const deep = '['.repeat(100_000);
    const r = fail(parseJson(deep));
    expect(r.position).toBe(100_000);
  });
});

describe('formatting JSON', () => {
  it('pretty-prints with two spaces and keeps big numbers and duplicate keys as typed', () => {
    const r = formatJson('{"a":12345678901234567890,"a":[1,{}],"s":"x, {y}: \\"z\\""}', 'pretty');
    expect(r).toEqual({ ok: true, text: '{\n  "a": 12345678901234567890,\n  "a": [\n    1,\n    {}\n  ],\n  "s": "x, {y}: \\"z\\""\n}' });
  });

  it('minifies, keeping spaces inside strings', () => {
    expect(formatJson('{ "a b" : [ 1 , 2 ] }', 'minify')).toEqual({ ok: true, text: '{"a b":[1,2]}' });
  });

  it('formatting any JSON value keeps its meaning', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('pretty', 'minify' as const), (value, mode) => {
        const text = JSON.stringify(value, null, 1);
        const r = formatJson(text, mode);
        return r.ok && JSON.stringify(JSON.parse(r.text)) === JSON.stringify(value) && (mode === 'pretty' || r.text === JSON.stringify(value));
      }),
    );
  });

  it('invalid JSON is not formatted; the error says where', () => {
    expect(fail(formatJson('{"a":}', 'pretty')).position).toBe(5);
  });
});

describe('hex payloads', () => {
  it('accepts spaces, 0x prefixes and : or - separators', () => {
    const expected = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);
    for (const body of ['deadbeef', 'de ad be ef', '0xDE 0xAD 0xBE 0xEF', 'de:ad:be:ef', 'DE-AD-BE-EF', '0xdeadbeef', ' de\nad\tbe ef ']) {
      expect(encodeComposerPayload('hex', body)).toEqual({ ok: true, data: expected, opcode: 'binary', size: 4 });
    }
  });

  it('odd-length hex names the digit count', () => {
    const r = fail(hexToBytes('de ad b'));
    expect(r.error).toMatch(/5 digits, an odd number/);
    expect(r.position).toBe(6);
  });

  it('an invalid character is named with its position', () => {
    const r = fail(hexToBytes('de ag'));
    expect(r.error).toBe("'g' at position 4 is not a hex digit (0-9, a-f)");
    expect(r.position).toBe(4);
  });

  it('a bare 0x is an error', () => {
    expect(fail(hexToBytes('00 0x')).error).toMatch(/'0x' at position 3 must be followed by hex digits/);
  });

  it('empty hex is an empty binary message', () => {
    expect(encodeComposerPayload('hex', '')).toEqual({ ok: true, data: new Uint8Array(0), opcode: 'binary', size: 0 });
  });

  it('any bytes written as hex in any accepted style come back unchanged', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.constantFrom('', ' ', ':', '-', ' 0x'), fc.boolean(), (bytes, sep, upper) => {
        let text = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(sep);
        if (sep === ' 0x' && bytes.length) text = '0x' + text;
        if (upper) text = text.toUpperCase();
        const r = hexToBytes(text);
        return r.ok && Buffer.from(r.bytes).equals(Buffer.from(bytes));
      }),
    );
  });

  it('random text never throws and errors point inside the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const r = hexToBytes(s);
      return r.ok || (r.position !== undefined && r.position >= 0 && r.position < s.length);
    }));
  });
});

describe('base64 payloads', () => {
  it('decodes standard base64', () => {
    expect(encodeComposerPayload('base64', 'aGVsbG8=')).toEqual({ ok: true, data: new TextEncoder().encode('hello'), opcode: 'binary', size: 5 });
  });

  it('decodes url-safe base64 without padding', () => {
    const r = base64ToBytes('-_8');
    expect(r.ok && Array.from(r.bytes)).toEqual([0xfb, 0xff]);
  });

  it('ignores line wrapping', () => {
    const r = base64ToBytes('aGVs\nbG8=');
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe('hello');
  });

  it('an invalid character is named with its position', () => {
    const r = fail(base64ToBytes('aGV*bG8='));
    expect(r.error).toMatch(/'\*' at position 3 is not a base64 character/);
    expect(r.position).toBe(3);
  });

  it('wrong padding is an error that says how much padding is needed', () => {
    const r = fail(base64ToBytes('aGVsbG8=='));
    expect(r.error).toMatch(/padding at position 7: 7 characters need 1 '=', found 2/);
  });

  it('data after padding is an error', () => {
    expect(fail(base64ToBytes('aG==aG==')).position).toBe(4);
  });

  it('a single dangling character is an error', () => {
    expect(fail(base64ToBytes('aGVsb')).error).toMatch(/5 characters.*single character/);
  });

  it('agrees with Node for any bytes, standard and url-safe', () => {
    fc.assert(fc.property(fc.uint8Array(), (bytes) => {
      const std = bytesToBase64(bytes);
      const url = bytesToBase64(bytes, { urlSafe: true });
      const back1 = base64ToBytes(std);
      const back2 = base64ToBytes(url);
      return std === Buffer.from(bytes).toString('base64') && url === Buffer.from(bytes).toString('base64url') &&
        back1.ok && back2.ok && Buffer.from(back1.bytes).equals(Buffer.from(bytes)) && Buffer.from(back2.bytes).equals(Buffer.from(bytes));
    }));
  });

  it('random text never throws and errors point inside the text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'ab+/-_=*\n '.split('')) }), (s) => {
      const r = base64ToBytes(s);
      return r.ok || (r.position !== undefined && r.position >= 0 && r.position < s.length);
    }));
  });
});

describe('MessagePack payloads', () => {
  it('JSON is encoded as MessagePack that decodes to the same value', () => {
    const r = encodeComposerPayload('msgpack', '{"type":"hello","n":[1,-2,3.5,null,true]}');
    expect(r.ok && r.opcode).toBe('binary');
    if (r.ok) {
      expect(r.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(r.data)).toBe(false);
      expect(unpack(r.data as Uint8Array)).toEqual({ type: 'hello', n: [1, -2, 3.5, null, true] });
      expect(r.size).toBe((r.data as Uint8Array).length);
    }
  });

  it('a JSON error in a MessagePack body gives its line and column', () => {
    const r = fail(encodeComposerPayload('msgpack', '{"a":\n tru}'));
    expect([r.line, r.column]).toEqual([2, 5]);
  });

  it('any JSON value survives encode then decode', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const r = encodeComposerPayload('msgpack', JSON.stringify(value));
      if (!r.ok) return false;
      const d = decodeMessagePack(r.data as Uint8Array);
      return d.ok && JSON.stringify(JSON.parse(d.json)) === JSON.stringify(JSON.parse(JSON.stringify(value)));
    }));
  });

  it('decodes to indented JSON, binary and extensions shown as data', () => {
    const bytes = new Uint8Array([0x83, 0xa1, 0x61, 0x01, 0xa1, 0x62, 0xc4, 0x02, 0x01, 0x02, 0x01, 0xd4, 0x05, 0xff]);
    const r = decodeMessagePack(bytes);
    expect(r).toEqual({ ok: true, json: '{\n  "a": 1,\n  "b": {\n    "$binary": "AQI="\n  },\n  "1": {\n    "$ext": 5,\n    "data": "/w=="\n  }\n}' });
  });

  it('64-bit integers keep every digit', () => {
    const r = decodeMessagePack(new Uint8Array([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(r).toEqual({ ok: true, json: '18446744073709551615' });
  });

  it('truncated data names the byte offset and what was cut', () => {
    const r = fail(decodeMessagePack(new Uint8Array([0x92, 0x01, 0xa5, 0x61])));
    expect(r.error).toMatch(/ends at byte 4 inside a str of 5 bytes that starts at byte 2/);
    expect(r.position).toBe(4);
  });

  it('left-over bytes are reported with their offset', () => {
    const r = fail(decodeMessagePack(new Uint8Array([0x01, 0x02, 0x03])));
    expect(r.error).toBe('the MessagePack value ends at byte 1 but the message has 3 bytes (2 left over)');
  });

  it('the never-used byte 0xc1 is reported where it is', () => {
    expect(fail(decodeMessagePack(new Uint8Array([0x91, 0xc1]))).position).toBe(1);
  });

  it('random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const r = decodeMessagePack(bytes);
      return r.ok ? JSON.parse(r.json) !== Symbol() : typeof r.error === 'string';
    }));
  });
});
