// The ws-backed transport: handshake capture, refused and broken handshakes, TLS, limits.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { generate } from 'selfsigned';
import { WebSocketServer, type WebSocket } from 'ws';
import { computeAcceptKey } from '../../../src/wire/handshake';
import { closeAll, liveSession, rawUpgradeServer, wsServer } from './netHelpers';

const noReconnect = { enabled: false, baseDelayMs: 10, maxDelayMs: 10, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 };

afterEach(closeAll);

describe('ws transport: what goes over the wire', () => {
  it('the recorded request headers are exactly the ones the server received, in order', async () => {
    const srv = await wsServer();
    const conn = once(srv.wss, 'connection') as Promise<[WebSocket, IncomingMessage]>;
    const s = liveSession({ url: srv.url, headers: [['X-One', '1'], ['X-Multi', 'a'], ['x-multi', 'b']], subprotocols: ['p1'] });
    s.session.connect();
    await s.waitFor('open');
    const [, req] = await conn;
    const received: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) received.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    expect(s.ofKind('handshake-request')[0].headers).toEqual(received);
    // A header given twice is sent twice, not merged or overwritten.
    expect(received.filter(([n]) => n.toLowerCase() === 'x-multi').map(([, v]) => v)).toEqual(['a', 'b']);
  });

  it('a password in the URL never shows on the timeline, not even as the Basic header ws builds from it', async () => {
    const srv = await wsServer();
    const conn = once(srv.wss, 'connection') as Promise<[WebSocket, IncomingMessage]>;
    const s = liveSession({ url: srv.url.replace('ws://', 'ws://alice:pa55word@') });
    s.session.connect();
    await s.waitFor('open');
    const [, req] = await conn;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('alice:pa55word').toString('base64')}`);
    const text = JSON.stringify(s.store.all());
    expect(text).not.toContain('pa55word');
    expect(text).not.toContain(Buffer.from('alice:pa55word').toString('base64'));
  });

  it('a long refusal body is kept up to 4 KiB and marked as truncated', async () => {
    const body = 'x'.repeat(10_000);
    const srv = await rawUpgradeServer(`HTTP/1.1 403 Forbidden\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    const s = liveSession({ url: srv.url, reconnect: noReconnect });
    s.session.connect();
    const error = await s.waitFor('error');
    expect(error).toMatchObject({ category: 'handshake-rejected', status: 403 });
    expect(error.body!.startsWith('x'.repeat(4096))).toBe(true);
    expect(error.body).toContain('truncated at 4096 bytes');
    await s.waitFor('close');
  });

  it('a 101 with a wrong Sec-WebSocket-Accept is shown as acceptValid false and a protocol error', async () => {
    const srv = await rawUpgradeServer('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm9wZQ==\r\n\r\n');
    const s = liveSession({ url: srv.url, reconnect: noReconnect });
    s.session.connect();
    const error = await s.waitFor('error');
    expect(error).toMatchObject({ category: 'protocol', message: expect.stringContaining('Sec-WebSocket-Accept') });
    expect(s.ofKind('handshake-response')[0]).toMatchObject({ status: 101, acceptValid: false });
    await s.waitFor('close');
    expect(s.ofKind('open')).toHaveLength(0);
  });

  it('a server that picks a subprotocol we did not offer is a protocol error', async () => {
    const srv = await wsServer({ handleProtocols: () => 'other' });
    const s = liveSession({ url: srv.url, subprotocols: ['mine'], reconnect: noReconnect });
    s.session.connect();
    expect(await s.waitFor('error')).toMatchObject({ category: 'protocol', message: expect.stringContaining('invalid subprotocol') });
  });

  it('a message over maxMessageSize closes with 1009 Message Too Big', async () => {
    const srv = await wsServer();
    srv.wss.on('connection', (ws) => ws.send('y'.repeat(2000)));
    const s = liveSession({ url: srv.url, maxMessageSize: 1000, reconnect: noReconnect });
    s.session.connect();
    expect(await s.waitFor('error')).toMatchObject({ category: 'protocol', message: expect.stringContaining('maximum message size (1000 bytes)') });
    expect(await s.waitFor('close')).toMatchObject({ code: 1009, codeName: 'Message Too Big' });
  });

  it('the accept key is base64(sha1(key + GUID)) (RFC 6455 §1.3 example)', () => {
    expect(computeAcceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});

describe('ws transport: TLS', () => {
  async function tlsServer() {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
    });
    const server = createHttpsServer({ cert: pems.cert, key: pems.private });
    const wss = new WebSocketServer({ server });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    return {
      pems,
      url: `wss://127.0.0.1:${port}`,
      close: () => new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
    };
  }

  it('a self-signed certificate is a tls error that says what to do; its CA or verification off lets us in', async () => {
    const srv = await tlsServer();
    try {
      const refused = liveSession({ url: srv.url, reconnect: noReconnect });
      refused.session.connect();
      expect(await refused.waitFor('error')).toMatchObject({ category: 'tls', message: expect.stringMatching(/self-signed.*DEPTH_ZERO_SELF_SIGNED_CERT.*CA certificate/) });
      await refused.waitFor('close');

      const trusted = liveSession({ url: srv.url, tls: { rejectUnauthorized: true, ca: srv.pems.cert }, reconnect: noReconnect });
      trusted.session.connect();
      await trusted.waitFor('open');

      const unchecked = liveSession({ url: srv.url, tls: { rejectUnauthorized: false }, reconnect: noReconnect });
      unchecked.session.connect();
      await unchecked.waitFor('open');
      trusted.session.dispose();
      unchecked.session.dispose();
    } finally {
      await srv.close();
    }
  });
});
