import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TimelineEvent } from '../../../src/shared/events';
import { MIN_EDGE, redactBytes, redactEvent, redactHeaders, redactSecrets } from '../../../src/recording/redact';
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

// A server reflecting a token rarely sends it back as it was sent: each spelling below used to
// pass through untouched.
describe('redacting a secret in the spellings a server reflects it in', () => {
  const TOKEN = 'sk-live+4f/9Q=a&b?c d"e\\f-0123456789';
  const hidden = (text: string) => redactSecrets(text, [TOKEN]);

  it.each([
    ['JSON with \\/ escapes', `{"t":${JSON.stringify(TOKEN).replace(/\//g, '\\/')}}`, '{"t":"«secret»"}'],
    ['JSON \\uXXXX escapes, upper and lower case', `{"t":"${[...TOKEN].map((c, i) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')[i % 2 ? 'toUpperCase' : 'toLowerCase']()}`).join('')}"}`, '{"t":"«secret»"}'],
    ['JSON inside a JSON string (escaped twice)', JSON.stringify(JSON.stringify({ t: TOKEN })), '"{\\"t\\":\\"«secret»\\"}"'],
    ['lower-case percent-encoding', `q=${encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}&x=1`, 'q=«secret»&x=1'],
    ['form encoding (+ for a space)', `q=${encodeURIComponent(TOKEN).replace(/%20/g, '+')}`, 'q=«secret»'],
    ['upper-case hex', `hex ${Buffer.from(TOKEN).toString('hex').toUpperCase()} end`, 'hex «secret» end'],
  ])('%s', (_name, text, expected) => {
    expect(hidden(text)).toBe(expected);
  });

  it.each([0, 1, 2, 3, 4, 5])('base64 and base64url with %i bytes before the secret', (before) => {
    const bytes = Buffer.from(`${'p'.repeat(before)}${TOKEN}!`);
    for (const text of [bytes.toString('base64'), bytes.toString('base64url')]) {
      const out = hidden(`data:${text};`);
      expect(out).toContain('«secret»');
      // What is left around «secret» decodes to the bytes around the secret, and no part of it.
      for (const part of out.slice(5, -1).split('«secret»')) expect(Buffer.from(part, 'base64').toString('latin1')).not.toMatch(/sk-live|0123456/);
    }
  });

  it('base64 of a JSON document that wraps the secret (JSON-escaped inside it)', () => {
    const text = Buffer.from(JSON.stringify({ user: 'alice', token: TOKEN, n: 1 })).toString('base64');
    expect(hidden(text)).toContain('«secret»');
    expect(hidden(text)).not.toContain(text.slice(40, 60));
  });

  it('a message ending with the first characters of a secret, or starting with its last ones', () => {
    expect(hidden(`reason: ${TOKEN.slice(0, 20)}`)).toBe('reason: «secret»');
    expect(hidden(`${TOKEN.slice(-12)} and more`)).toBe('«secret» and more');
    // Fewer than MIN_EDGE characters cannot be told from chance.
    expect(hidden(`reason: ${TOKEN.slice(0, MIN_EDGE - 1)}`)).toBe(`reason: ${TOKEN.slice(0, MIN_EDGE - 1)}`);
  });

  it('text inside binary data: raw, JSON-escaped, percent-encoded and base64, keeping the bytes around it', () => {
    for (const inner of [JSON.stringify({ t: TOKEN }), `t=${encodeURIComponent(TOKEN)}`, Buffer.from(`xy${TOKEN}`).toString('base64')]) {
      const bytes = new Uint8Array([0, 255, ...Buffer.from(inner), 7]);
      const out = Buffer.from(redactBytes(bytes, [TOKEN]));
      expect(out.toString('utf8')).toContain('«secret»');
      expect([out[0], out[1], out[out.length - 1]]).toEqual([0, 255, 7]);
      expect(out.toString('latin1')).not.toMatch(/sk-live|0123456|c2stbGl2/);
    }
  });

  it('text without escapes is left as it is, the same string', () => {
    const text = 'a perfectly ordinary message with %41 and \\n in it';
    expect(hidden(text)).toBe(text);
  });
});
