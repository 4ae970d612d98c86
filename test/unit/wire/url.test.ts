import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildUrl, checkUrlInput, displayUrl, nameFromUrl, restoreHiddenPassword, validateWebSocketUrl } from '../../../src/wire/url';

const error = (text: string) => {
  const r = validateWebSocketUrl(text);
  expect(r.ok).toBe(false);
  return r as { ok: false; error: string; position?: number };
};

describe('WebSocket URL validation', () => {
  it('a ws:// or wss:// URL is accepted and normalized', () => {
    expect(validateWebSocketUrl('ws://LocalHost:8080')).toEqual({ ok: true, url: 'ws://localhost:8080/' });
    expect(validateWebSocketUrl('wss://example.com:443/chat?room=1')).toEqual({ ok: true, url: 'wss://example.com/chat?room=1' });
    expect(validateWebSocketUrl('ws://[::1]:9000/x')).toEqual({ ok: true, url: 'ws://[::1]:9000/x' });
  });

  it('a pasted URL with a trailing newline is accepted', () => {
    expect(validateWebSocketUrl('  ws://localhost:8080/\n')).toEqual({ ok: true, url: 'ws://localhost:8080/' });
  });

  it('an empty URL is refused', () => {
    expect(error('   ').error).toMatch(/URL is empty/);
  });

  it('http:// suggests ws:// and https:// suggests wss://', () => {
    expect(error('http://localhost:8080').error).toMatch(/use ws:\/\//);
    expect(error('https://example.com').error).toMatch(/use wss:\/\//);
  });

  it('another scheme is refused by name', () => {
    expect(error('ftp://example.com').error).toMatch(/^ftp:\/\/ is not a WebSocket scheme/);
  });

  it('a URL without a scheme suggests adding one', () => {
    expect(error('localhost:8080').error).toMatch(/no scheme.*ws:\/\/localhost:8080/);
  });

  it('a missing host is refused', () => {
    expect(error('ws:///chat').error).toMatch(/no host/);
    expect(error('ws://:8080/').error).toMatch(/no host/);
  });

  it('a fragment is refused with its position (RFC 6455 §3)', () => {
    const r = error('ws://h/chat#top');
    expect(r.error).toMatch(/fragment '#top' at position 11.*RFC 6455/);
    expect(r.position).toBe(11);
  });

  it('a non-numeric or out-of-range port is refused', () => {
    expect(error('ws://localhost:80a/').error).toMatch(/port '80a' at position 15 is not a number/);
    expect(error('ws://localhost:70000/').error).toMatch(/port 70000 is out of range/);
    expect(error('ws://localhost:0/').error).toMatch(/out of range/);
  });

  it('a port left out after the colon is refused, not read as port 80 (New Connection… starts from ws://127.0.0.1:)', () => {
    expect(error('ws://127.0.0.1:').error).toMatch(/port missing after ':' at position 14/);
    expect(error('wss://example.com:/chat').error).toMatch(/port missing/);
    expect(error('ws://[::1]:/').error).toMatch(/port missing/);
    expect(checkUrlInput('ws://127.0.0.1:')).toMatch(/type the port/);
  });

  it('a space in the URL is refused with its position', () => {
    const r = error('ws://localhost/my room');
    expect(r.position).toBe(17);
    expect(r.error).toMatch(/%20/);
  });

  it('variables left after substitution are named', () => {
    const r = error('wss://{{host}}/x?t={{token}}&u={{token}}');
    expect(r.error).toMatch(/URL still contains \{\{host\}\}, \{\{token\}\}: define these variables/);
    expect(r.position).toBe(6);
  });

  it('an unclosed IPv6 bracket is refused', () => {
    expect(error('ws://[::1/').error).toBe("IPv6 address at position 5 is missing its closing ']'");
    expect(error('ws://[::1]x/').position).toBe(10);
  });

  it('a single slash after the scheme is pointed out', () => {
    expect(error('ws:/localhost').error).toMatch(/two slashes after ws:/);
  });

  it('an invalid host is refused', () => {
    expect(error('ws://1.2.3.999/').error).toMatch(/not a valid URL/);
  });

  it('random text never throws; positions are inside the text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl().map((u) => u.replace(/^http/, 'ws')), fc.string().map((s) => 'ws://' + s)), (text) => {
      const r = validateWebSocketUrl(text);
      return r.ok ? /^wss?:\/\//.test(r.url) : r.error !== '' && (r.position === undefined || (r.position >= 0 && r.position <= text.length));
    }));
  });

  it('any valid ws URL from a URL generator without fragment is accepted', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true }), (u) => {
      const ws = u.replace(/^http/, 'ws');
      return validateWebSocketUrl(ws).ok;
    }));
  });
});

describe('building the URL with query parameters', () => {
  it('enabled parameters are appended, encoded', () => {
    expect(buildUrl('ws://h/chat', [
      { name: 'room', value: 'a b&c' },
      { name: 'off', value: 'x', enabled: false },
      { name: 'é', value: '=' },
    ])).toBe('ws://h/chat?room=a%20b%26c&%C3%A9=%3D');
  });

  it('parameters join an existing query string', () => {
    expect(buildUrl('ws://h/?a=1', [{ name: 'b', value: '2' }])).toBe('ws://h/?a=1&b=2');
    expect(buildUrl('ws://h/?', [{ name: 'b', value: '2' }])).toBe('ws://h/?b=2');
  });

  it('no enabled parameters leaves the URL as is', () => {
    expect(buildUrl('ws://h/x', [{ name: 'a', value: '1', enabled: false }])).toBe('ws://h/x');
  });

  it('{{variables}} stay substitutable', () => {
    expect(buildUrl('ws://{{host}}/', [{ name: 'token', value: 'Bearer {{token}}' }])).toBe('ws://{{host}}/?token=Bearer%20{{token}}');
  });

  it('any name and value come back unchanged through URLSearchParams', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string(), (name, value) => {
      fc.pre(!/[{}]/.test(name + value));
      const url = new URL(buildUrl('ws://h/', [{ name, value }]));
      return url.searchParams.get(name) === value;
    }));
  });
});

describe('the URL input box (New Connection, Edit Connection)', () => {
  it('a valid URL, pasted with a newline, passes', () => {
    expect(checkUrlInput('ws://127.0.0.1:8080/socket')).toBeUndefined();
    expect(checkUrlInput('  wss://example.com/chat\n')).toBeUndefined();
  });

  it('says what is wrong with an invalid URL, as validateWebSocketUrl does', () => {
    expect(checkUrlInput('http://example.com')).toMatch(/use ws:\/\//);
    expect(checkUrlInput('localhost:8080')).toMatch(/no scheme/);
    expect(checkUrlInput('ws://localhost/my room')).toMatch(/%20/);
    expect(checkUrlInput('')).toMatch(/URL is empty/);
  });

  it('{{variables}} are accepted (they are resolved when connecting), but not in place of the scheme', () => {
    expect(checkUrlInput('wss://{{host}}/socket')).toBeUndefined();
    expect(checkUrlInput('ws://127.0.0.1:{{port}}/{{path}}')).toBeUndefined();
    expect(checkUrlInput('{{scheme}}://example.com/')).toBe('The URL must start with ws:// or wss://');
    expect(checkUrlInput('https://{{host}}/')).toBe('The URL must start with ws:// or wss://');
  });
});

describe('a new connection\'s default name', () => {
  it('is host[:port] plus the path, without a bare "/"', () => {
    expect(nameFromUrl('ws://127.0.0.1:8080/socket')).toBe('127.0.0.1:8080/socket');
    expect(nameFromUrl('wss://example.com/')).toBe('example.com');
    expect(nameFromUrl('wss://example.com:443/feed?x=1')).toBe('example.com/feed');
  });

  it('a URL with {{variables}} still gets a name from its literal parts', () => {
    expect(nameFromUrl(' ws://localhost:9000/rooms/{{room}} ')).toMatch(/^localhost:9000\/rooms\//);
  });

  it('text that is not a URL is used as it is, trimmed', () => {
    expect(nameFromUrl('  not a url ')).toBe('not a url');
  });
});

describe('a URL as shown to people: a password written into it is hidden', () => {
  it.each([
    ['ws://alice:s3cret@host:8080/x?y=1', 'ws://alice:•••@host:8080/x?y=1'],
    ['wss://alice:p%40ss@host/', 'wss://alice:•••@host/'],
    ['ws://alice:pa@ss@host/', 'ws://alice:•••@host/'],
    ['  ws://:s3cret@host/', '  ws://:•••@host/'],
    ['ws://{{user}}:{{password}}@{{host}}/', 'ws://{{user}}:•••@{{host}}/'],
  ])('%s is shown as %s', (url, shown) => {
    expect(displayUrl(url)).toBe(shown);
  });

  it.each([
    'ws://alice@host/',
    'ws://host:8080/a:b@c',
    'ws://host/?u=a:b@c',
    'not a url',
    'ws://alice:@host/',
  ])('%s has no password to hide and is shown as it is', (url) => {
    expect(displayUrl(url)).toBe(url);
  });

  it('never shows the password, whatever it is', () => {
    fc.assert(fc.property(fc.stringMatching(/^[^@/?#\\\s]{1,20}$/), fc.constantFrom('/', '/p?q=1', ''), (password, rest) => {
      fc.pre(!'•••'.includes(password) && !'ws://alice:'.includes(password) && !`@host${rest}`.includes(password));
      return !displayUrl(`ws://alice:${password}@host${rest}`).includes(password);
    }));
  });

  it('an edited URL that still shows ••• keeps the original password; a new password replaces it', () => {
    const original = 'ws://alice:s3cret@host/a';
    expect(restoreHiddenPassword('ws://alice:•••@host/b', original)).toBe('ws://alice:s3cret@host/b');
    expect(restoreHiddenPassword('ws://alice:n3w@host/b', original)).toBe('ws://alice:n3w@host/b');
    expect(restoreHiddenPassword('ws://host/b', original)).toBe('ws://host/b');
  });

  it('a URL the parser refuses is quoted in the error without its password', () => {
    expect(error('ws://alice:s3cret@a<b/').error).toBe("'ws://alice:•••@a<b/' is not a valid URL (check the host name)");
  });
});
