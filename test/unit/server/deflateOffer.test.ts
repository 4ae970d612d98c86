// permessage-deflate offers the scenario's options do not fit are accepted with the client's smaller
// windows or declined, never refused (RFC 7692 §5, §7.1.2). `ws` given the same options answers 400.
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { deflateOptionsFor, firstDeflateOffer } from '../../../src/server/net/deflateOffer';
import { openConn, OP, frame } from '../conformance/rawClient';
import { cleanup, start, tweak, withTimeout } from './helpers';

afterEach(cleanup);

/** A real ws client with the given offer; resolves with what was negotiated and the first echo. */
async function negotiate(url: string, perMessageDeflate: WebSocket.ClientOptions['perMessageDeflate']): Promise<{ extensions: string; echo: string }> {
  const ws = new WebSocket(url, { perMessageDeflate });
  ws.on('error', () => undefined);
  const opened = once(ws, 'open');
  // The compression scenario greets each client with a log batch first (it may come with the 101).
  const greeting = once(ws, 'message');
  const [response] = (await withTimeout(Promise.race([once(ws, 'upgrade'), once(ws, 'unexpected-response').then(([, res]) => Promise.reject(new Error(`HTTP ${(res as { statusCode: number }).statusCode}`)))]), 5000, 'the handshake')) as [{ headers: Record<string, string> }];
  await withTimeout(opened, 5000, 'open');
  await withTimeout(greeting, 5000, 'the greeting');
  ws.send('x'.repeat(300));
  const [data] = (await withTimeout(once(ws, 'message'), 5000, 'the echo')) as [Buffer];
  ws.close();
  return { extensions: response.headers['sec-websocket-extensions'] ?? '', echo: data.toString() };
}

describe('permessage-deflate offers', () => {
  it('reads the first offer leniently', () => {
    expect(firstDeflateOffer('foo, permessage-deflate; server_max_window_bits="9"; client_max_window_bits, permessage-deflate')).toEqual({ serverMaxWindowBits: 9, clientMaxWindowBits: true });
    expect(firstDeflateOffer('permessage-deflate; server_no_context_takeover; client_max_window_bits=10')).toEqual({ serverNoContextTakeover: true, clientMaxWindowBits: 10 });
    expect(firstDeflateOffer('x-webkit-deflate-frame')).toBeUndefined();
    expect(firstDeflateOffer(undefined)).toBeUndefined();
  });

  it('lowers the scenario\'s window bits to the client\'s, and does not limit a client that cannot be limited', () => {
    const configured = { serverMaxWindowBits: 15, clientMaxWindowBits: 12 };
    expect(deflateOptionsFor(configured, { serverMaxWindowBits: 9, clientMaxWindowBits: 10 })).toMatchObject({ serverMaxWindowBits: 9, clientMaxWindowBits: 10 });
    expect(deflateOptionsFor(configured, { clientMaxWindowBits: true })).toMatchObject({ serverMaxWindowBits: 15, clientMaxWindowBits: 12 });
    expect(deflateOptionsFor(configured, {})).toMatchObject({ serverMaxWindowBits: 15, clientMaxWindowBits: undefined });
    expect(deflateOptionsFor({ serverNoContextTakeover: false }, { serverNoContextTakeover: true }).serverNoContextTakeover).toBeUndefined();
  });

  it('the compression scenario (serverMaxWindowBits 15) accepts a ws client that asks for a 9-bit server window, answering 9, and compresses', async () => {
    const server = await start('compression');
    const { extensions, echo } = await negotiate(server.url, { serverMaxWindowBits: 9 });
    expect(extensions).toMatch(/^permessage-deflate; server_max_window_bits=9/);
    expect(echo).toBe('x'.repeat(300));
  });

  it('a scenario with clientMaxWindowBits 12 accepts a client that allows only 10 (answering 10) and one that names no client window', async () => {
    const server = await start(tweak('compression', (s) => (s.handshake!.compression = { clientMaxWindowBits: 12 })));
    const limited = await negotiate(server.url, { clientMaxWindowBits: 10 });
    expect(limited.extensions).toContain('client_max_window_bits=10');
    // A browser-like offer without client_max_window_bits: accepted, without limiting the client.
    const unlimited = await openConn(server.port, 'permessage-deflate');
    unlimited.conn?.destroy();
    expect(unlimited.status).toBe(101);
    expect(unlimited.headers['sec-websocket-extensions']).toMatch(/^permessage-deflate/);
    expect(unlimited.headers['sec-websocket-extensions']).not.toContain('client_max_window_bits');
  });

  it('an offer that cannot be accepted (an unknown parameter, a window of 7 bits) is declined: 101 without the extension, echoes uncompressed, and the timeline says why', async () => {
    const server = await start('compression');
    for (const offer of ['permessage-deflate; x_unknown=1', 'permessage-deflate; server_max_window_bits=7']) {
      const open = await openConn(server.port, offer);
      expect(open.status, offer).toBe(101);
      expect(open.headers['sec-websocket-extensions'], offer).toBeUndefined();
      const c = open.conn!;
      await c.waitFor(() => c.received.length >= 1, 5000); // the scenario's log batch, sent on connect
      await c.send(frame({ opcode: OP.text, payload: 'plain' }));
      await c.waitFor(() => c.received.length >= 2, 5000);
      expect(c.received[1]).toMatchObject({ kind: 'message', binary: false });
      expect(c.received[1].data.toString()).toBe('plain');
      c.destroy();
    }
    const info = await server.waitForEvent((e) => e.kind === 'info' && e.message.includes('x_unknown'));
    expect(info.kind === 'info' && info.message).toMatch(/declined the permessage-deflate offer "permessage-deflate; x_unknown=1" \(.*Sec-WebSocket-Extensions.*\): the connection goes on without compression/);
  });

  it('other bad handshakes on a compressing server keep ws\'s own answer (400 for a bad Sec-WebSocket-Key)', async () => {
    const server = await start('compression');
    const socket = connect({ host: '127.0.0.1', port: server.port });
    socket.write(['GET / HTTP/1.1', `Host: 127.0.0.1:${server.port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: bad',
      'Sec-WebSocket-Extensions: permessage-deflate; x_unknown=1', '', ''].join('\r\n'));
    const [answer] = (await withTimeout(once(socket, 'data'), 5000, 'the answer')) as [Buffer];
    socket.destroy();
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Missing or invalid Sec-WebSocket-Key header$/);
  });
});
