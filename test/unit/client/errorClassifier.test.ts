import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../src/client/errorClassifier';
import { TransportErrorCode, transportError } from '../../../src/client/transport';

const nodeError = (code: string, message: string, extra: object = {}) => Object.assign(new Error(message), { code }, extra);

describe('error classification', () => {
  it.each([
    ['ENOTFOUND', { hostname: 'nope.example' }, 'dns', /Host "nope.example" could not be resolved \(ENOTFOUND\): check the host name/],
    ['EAI_AGAIN', { hostname: 'api.example' }, 'dns', /failed temporarily/],
    ['ECONNREFUSED', { address: '127.0.0.1', port: 9 }, 'refused', /Connection refused by 127.0.0.1:9: nothing is listening/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', {}, 'tls', /self-signed.*CA certificate/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', {}, 'tls', /issuer is unknown/],
    ['CERT_HAS_EXPIRED', {}, 'tls', /expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', {}, 'tls', /different host name/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', {}, 'tls', /try ws:\/\/ instead of wss:\/\//],
    ['ECONNRESET', {}, 'network', /reset by the peer/],
    ['ETIMEDOUT', {}, 'network', /ETIMEDOUT/],
  ] as const)('%s is %s with a plain explanation', (code, extra, category, message) => {
    const c = classifyError(nodeError(code, `some ${code} text`, extra));
    expect(c.category).toBe(category);
    expect(c.message).toMatch(message);
  });

  it('protocol errors from ws name the rule and the close code sent', () => {
    const c = classifyError(nodeError('WS_ERR_INVALID_UTF8', 'Invalid WebSocket frame: invalid UTF-8 sequence'));
    expect(c).toMatchObject({ category: 'protocol', closeCode: 1007 });
    expect(c.message).toMatch(/not valid UTF-8.*RFC 6455.*Closing with 1007 \(Invalid Frame Payload Data\)/);
    expect(classifyError(nodeError('WS_ERR_UNEXPECTED_MASK', 'x'))).toMatchObject({ closeCode: 1002, message: expect.stringContaining('must not be masked') });
  });

  it('a refused handshake keeps status and body; a timeout says what did not happen', () => {
    const r = classifyError(transportError(TransportErrorCode.handshakeRejected, 'x', { status: 404, statusText: 'Not Found', body: 'no' }));
    expect(r).toEqual({ category: 'handshake-rejected', status: 404, body: 'no', message: expect.stringMatching(/HTTP 404 Not Found: there is no WebSocket endpoint at this path/) });
    const t = classifyError(transportError(TransportErrorCode.handshakeTimeout, 'x', { timeoutMs: 250 }));
    expect(t).toMatchObject({ category: 'handshake-timeout', message: expect.stringContaining('250 ms') });
  });

  it('falls back to the host in the URL, and to "other" with the original message', () => {
    expect(classifyError(nodeError('ENOTFOUND', 'x'), { url: 'ws://a.test:81/x' }).message).toContain('"a.test:81"');
    expect(classifyError(new Error('something odd'))).toEqual({ category: 'other', message: 'something odd' });
    expect(classifyError('not even an error')).toEqual({ category: 'other', message: 'not even an error' });
  });
});
