import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TimelineEvent } from '../../../src/shared/events';
import { redactBytes, redactEvent, redactHeaders, redactSecrets } from '../../../src/recording/redact';
import { base64ToBytes } from '../../../src/codecs/payload';

const SECRET = 's3cr3t token/+=';

describe('redacting secrets', () => {
  it('replaces the secret as is, URL-encoded, base64 and JSON-escaped', () => {
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      Buffer.from(SECRET).toString('base64'),
      Buffer.from(SECRET).toString('base64url'),
    ];
    const text = `a=${forms[0]} b=${forms[1]} c=${forms[2]} d=${forms[3]}`;
    expect(redactSecrets(text, [SECRET])).toBe('a=«secret» b=«secret» c=«secret» d=«secret»');
    expect(redactSecrets(JSON.stringify({ v: 'say "hi"' }), ['say "hi"'])).toBe('{"v":"«secret»"}');
  });

  it('Basic auth credentials are caught in their base64 form', () => {
    const header = 'Basic ' + Buffer.from('alice:pa55').toString('base64');
    expect(redactSecrets(header, ['alice:pa55'])).toBe('Basic «secret»');
  });

  it('empty secrets change nothing', () => {
    expect(redactSecrets('hello', ['', ''])).toBe('hello');
  });

  it('a secret never survives redaction, wherever it is placed', () => {
    fc.assert(fc.property(fc.string({ minLength: 4 }), fc.string(), fc.string(), (secret, before, after) => {
      fc.pre(!'«secret»'.includes(secret));
      return !redactSecrets(before + secret + after, [secret]).includes(secret);
    }));
  });

  it('credential headers lose their value by name; others only the secret', () => {
    expect(redactHeaders([['Authorization', 'Bearer x'], ['X-Trace', 'id-abc'], ['X-Custom', 'k=abc']], ['abc'], ['X-Custom'])).toEqual([
      ['Authorization', '«secret»'],
      ['X-Trace', 'id-«secret»'],
      ['X-Custom', '«secret»'],
    ]);
  });

  it('binary payloads are redacted as bytes and stay valid base64 with the right size', () => {
    const bytes = new Uint8Array([1, ...new TextEncoder().encode('tok'), 2]);
    const event: TimelineEvent = { kind: 'message', seq: 1, time: 0, dir: 'in', opcode: 'binary', size: 5, encoding: 'base64', data: Buffer.from(bytes).toString('base64') };
    const out = redactEvent(event, ['tok']);
    expect(out.kind === 'message' && out.size).toBe(2 + new TextEncoder().encode('«secret»').length);
    const decoded = out.kind === 'message' ? base64ToBytes(out.data) : undefined;
    expect(decoded?.ok && new TextDecoder().decode(decoded.bytes)).toBe('\u0001«secret»\u0002');
  });

  it('redactBytes leaves data without the secret untouched', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(redactBytes(bytes, ['zz'])).toBe(bytes);
  });
});
