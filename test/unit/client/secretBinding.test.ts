// The rule that keeps a stored secret on the server it was entered for (src/client/secretBinding.ts):
// a committed file that changes a connection's URL must not take the user's token along.
import { describe, expect, it } from 'vitest';
import {
  checkSecretUse, consentText, originOf, refusedMessage, secretSlotsOf, slotOf, subprotocolSecrets, type SecretConsent,
} from '../../../src/client/secretBinding';
import { newConnectionConfig } from '../../../src/shared/connection';

describe('the origin of a WebSocket URL', () => {
  it.each([
    ['wss://api.example.com/feed?x=1', 'wss://api.example.com:443'],
    ['wss://API.Example.com:443/', 'wss://api.example.com:443'],
    ['ws://api.example.com/', 'ws://api.example.com:80'],
    ['ws://alice:pw@127.0.0.1:8080/x', 'ws://127.0.0.1:8080'],
    ['ws://[::1]:9000/', 'ws://[::1]:9000'],
  ])('%s is %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  it('is undefined for anything but ws:// and wss://', () => {
    expect(originOf('https://api.example.com/')).toBeUndefined();
    expect(originOf('not a url')).toBeUndefined();
  });
});

describe('a stored secret may go only where it was saved for', () => {
  const saved = ['wss://api.example.com:443'];

  it('the same origin: sent without asking, whatever the path and query', () => {
    expect(checkSecretUse(saved, 'wss://api.example.com/other/path?y=2')).toEqual({ allowed: true });
    expect(checkSecretUse(saved, 'wss://api.example.com:443/')).toEqual({ allowed: true });
  });

  it('another host, another port or another scheme: asked first', () => {
    expect(checkSecretUse(saved, 'wss://evil.example.net/')).toEqual({ allowed: false, reason: 'other-origin' });
    expect(checkSecretUse(saved, 'wss://api.example.com:8443/')).toEqual({ allowed: false, reason: 'other-origin' });
    expect(checkSecretUse(saved, 'wss://api.example.com.evil.net/')).toEqual({ allowed: false, reason: 'other-origin' });
    expect(checkSecretUse(['ws://127.0.0.1:8080'], 'ws://127.0.0.1:8081/')).toEqual({ allowed: false, reason: 'other-origin' });
  });

  it('wss:// changed to ws:// on the same host is a downgrade: asked first, saying it is unencrypted', () => {
    expect(checkSecretUse(saved, 'ws://api.example.com/')).toEqual({ allowed: false, reason: 'downgrade' });
    expect(checkSecretUse(saved, 'ws://api.example.com:443/')).toEqual({ allowed: false, reason: 'downgrade' });
  });

  it('a secret of an earlier version (no origin recorded) is asked about on first use', () => {
    expect(checkSecretUse([], 'wss://api.example.com/')).toEqual({ allowed: false, reason: 'unbound' });
  });

  it('an origin the user allowed later is as good as the one it was saved for', () => {
    expect(checkSecretUse([...saved, 'wss://staging.example.com:443'], 'wss://staging.example.com/')).toEqual({ allowed: true });
  });

  it('a URL that is not ws:// or wss:// never gets it', () => {
    expect(checkSecretUse(saved, 'https://api.example.com/')).toEqual({ allowed: false, reason: 'invalid-url' });
  });
});

describe('the question the user is asked', () => {
  const question: SecretConsent = {
    connection: 'Prod',
    origin: 'ws://evil.example.net:80',
    secrets: [
      { slot: 'header:authorization', label: 'header Authorization', reason: 'downgrade', origins: ['wss://evil.example.net:443'] },
      { slot: 'query:token', label: 'query parameter token', reason: 'other-origin', origins: ['wss://api.example.com:443'] },
    ],
  };

  it('names the secrets, where they were saved for, where they would go, and that ws:// is not encrypted', () => {
    const text = consentText(question);
    expect(text.message).toBe('Send the secret header Authorization and query parameter token of "Prod" to ws://evil.example.net:80?');
    expect(text.detail).toContain('saved for wss://evil.example.net:443, which is encrypted (wss://); ws://evil.example.net:80 is not');
    expect(text.detail).toContain('saved for wss://api.example.com:443, not for ws://evil.example.net:80');
    expect(text.detail).toContain('anyone on the network path can read');
    expect(text.detail).toContain('.vscode/websocket-lab.json');
    expect(text.buttons).toEqual(['Send Once', 'Always Send to ws://evil.example.net:80']);
  });

  it('does not warn about encryption for a loopback ws:// server; says so for an earlier version\'s secret', () => {
    const text = consentText({ connection: 'Local', origin: 'ws://127.0.0.1:8080', secrets: [{ slot: 'header:x', label: 'header X', reason: 'unbound', origins: [] }] });
    expect(text.detail).not.toContain('not encrypted');
    expect(text.detail).toContain('saved by an earlier version');
  });

  it('a refusal says what was not sent and where', () => {
    expect(refusedMessage(question)).toMatch(/^Not connected: the secret header Authorization, query parameter token was not sent to ws:\/\/evil\.example\.net:80/);
  });
});

describe('secret slots', () => {
  it('each enabled secret header, query parameter and subprotocol has one', () => {
    const c = newConnectionConfig('a', 'A', 'ws://x/');
    c.headers = [{ name: 'Authorization', value: '', secret: true }, { name: 'X-Plain', value: 'v' }, { name: 'X-Off', value: '', secret: true, enabled: false }];
    c.query = [{ name: 'token', value: '', secret: true }, { name: 'room', value: 'a' }];
    c.subprotocols = ['chat', { name: 'auth', secret: true }];
    expect(secretSlotsOf(c)).toEqual([
      { slot: 'header:authorization', label: 'header Authorization' },
      { slot: 'query:token', label: 'query parameter token' },
      { slot: 'subprotocol:auth', label: 'subprotocol auth' },
    ]);
    expect(secretSlotsOf(c, { disabled: true }).map((s) => s.slot)).toContain('header:x-off');
  });

  it('a header name given where a slot is expected means that header (as before slots existed)', () => {
    expect(slotOf('Authorization')).toBe('header:authorization');
    expect(slotOf('query:token')).toBe('query:token');
  });

  it('an auth.<token> subprotocol hides the token alone too', () => {
    expect(subprotocolSecrets('auth.lab-token')).toEqual(['auth.lab-token', 'lab-token']);
    expect(subprotocolSecrets('chat.v1')).toEqual(['chat.v1']);
  });
});
