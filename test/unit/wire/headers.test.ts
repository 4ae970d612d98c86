import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateHeaderName, validateHeaderValue, validateHeaders, validateSubprotocols } from '../../../src/wire/headers';

const error = (r: { ok: boolean }) => {
  expect(r.ok).toBe(false);
  return r as { ok: false; error: string; position?: number; index?: number };
};

describe('header names', () => {
  it('an ordinary header name is accepted', () => {
    expect(validateHeaderName('X-Api-Key')).toEqual({ ok: true });
    expect(validateHeaderName('Authorization')).toEqual({ ok: true });
  });

  it('Host may be set (Node lets a client reach a virtual host through an IP)', () => {
    expect(validateHeaderName('Host')).toEqual({ ok: true });
  });

  it('a name with a space or colon is refused at that position', () => {
    const r = error(validateHeaderName('X Foo'));
    expect(r.error).toMatch(/U\+0020 at position 1/);
    expect(error(validateHeaderName('X:Foo')).position).toBe(1);
  });

  it('an empty name is refused', () => {
    expect(error(validateHeaderName('')).error).toBe('header name is empty');
  });

  it.each([
    ['Sec-WebSocket-Key', /fresh random key/],
    ['sec-websocket-version', /version 13/],
    ['Sec-WebSocket-Accept', /response header/],
    ['Sec-WebSocket-Extensions', /per-message deflate/],
    ['Sec-WebSocket-Protocol', /subprotocols list/],
    ['Connection', /Connection: Upgrade/],
    ['UPGRADE', /Upgrade: websocket/],
  ])('%s is managed by the client and refused with the reason', (name, reason) => {
    expect(error(validateHeaderName(name)).error).toMatch(reason);
  });

  it('random names never throw', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => typeof validateHeaderName(s).ok === 'boolean'));
  });
});

describe('header values', () => {
  it('CR, LF and NUL are refused with their position (no header injection)', () => {
    expect(error(validateHeaderValue('abc\r\nEvil: 1')).error).toMatch(/carriage return \(CR\) at position 3/);
    expect(error(validateHeaderValue('a\nb')).position).toBe(1);
    expect(error(validateHeaderValue('a\0')).error).toMatch(/NUL at position 1/);
  });

  it('tabs and Latin-1 are fine; characters past U+00FF are refused', () => {
    expect(validateHeaderValue('a\tb é')).toEqual({ ok: true });
    expect(error(validateHeaderValue('price €')).error).toMatch(/U\+20AC.*position 6.*Latin-1/);
  });

  it('a header list error names the index and which field', () => {
    const r = validateHeaders([
      { name: 'X-A', value: 'ok' },
      { name: 'X-Off', value: 'bad\n', enabled: false },
      { name: 'X-B', value: 'bad\n' },
    ]);
    expect(r).toMatchObject({ ok: false, index: 2, field: 'value' });
    expect(!r.ok && r.error).toMatch(/^header at index 2 \(X-B\): header value has a line feed/);
  });

  it('a secret header with its value kept elsewhere passes', () => {
    expect(validateHeaders([{ name: 'Authorization', value: '', secret: true }])).toEqual({ ok: true });
  });
});

describe('subprotocols', () => {
  it('a list of distinct tokens is accepted; an empty list too', () => {
    expect(validateSubprotocols(['graphql-transport-ws', 'v2.chat'])).toEqual({ ok: true });
    expect(validateSubprotocols([])).toEqual({ ok: true });
  });

  it('a duplicate names which one and both indexes', () => {
    const r = error(validateSubprotocols(['chat', 'v2', 'chat']));
    expect(r.error).toBe("subprotocol 'chat' is listed twice (index 0 and index 2)");
    expect(r.index).toBe(2);
  });

  it('an empty or non-token subprotocol is refused with its index', () => {
    expect(error(validateSubprotocols(['a', ''])).error).toBe('subprotocol at index 1 is empty');
    const r = error(validateSubprotocols(['chat, v2']));
    expect(r.error).toMatch(/',' at position 4/);
  });

  it('random lists never throw', () => {
    fc.assert(fc.property(fc.array(fc.string()), (l) => typeof validateSubprotocols(l).ok === 'boolean'));
  });
});
