// The session against real `ws` servers on 127.0.0.1: what a user would see on the timeline.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { computeAcceptKey } from '../../../src/wire/handshake';
import { closeAll, closedPort, liveSession, rawUpgradeServer, silentServer, wsServer } from './netHelpers';

const noReconnect = { enabled: false, baseDelayMs: 10, maxDelayMs: 10, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 };

afterEach(closeAll);

describe('session over a real socket', () => {
  it('records the handshake request and response with every header, and a valid accept key', async () => {
    const srv = await wsServer({ perMessageDeflate: true, handleProtocols: (p) => (p.has('chat.v2') ? 'chat.v2' : false) });
    const upgrade = once(srv.wss, 'connection') as Promise<[WebSocket, IncomingMessage]>;
    const s = liveSession({ url: `${srv.url}/feed?room=1`, subprotocols: ['chat.v1', 'chat.v2'], headers: [['X-Lab', 'hello']] });
    s.session.connect();
    const open = await s.waitFor('open');
    const [, req] = await upgrade;

    const request = s.ofKind('handshake-request')[0];
    expect(request).toMatchObject({ method: 'GET', url: `${srv.url}/feed?room=1` });
    const names = request.headers.map(([n]) => n.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['host', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions', 'connection', 'upgrade', 'x-lab']));
    const sent = Object.fromEntries(request.headers.map(([n, v]) => [n.toLowerCase(), v]));
    // What we recorded is what the server received.
    expect(sent['sec-websocket-key']).toBe(req.headers['sec-websocket-key']);
    expect(sent['sec-websocket-version']).toBe('13');
    expect(sent['sec-websocket-protocol']).toBe('chat.v1,chat.v2');
    expect(req.headers['x-lab']).toBe('hello');
    expect(req.url).toBe('/feed?room=1');

    const response = s.ofKind('handshake-response')[0];
    expect(response).toMatchObject({ status: 101, statusText: 'Switching Protocols', acceptValid: true, protocol: 'chat.v2' });
    const got = Object.fromEntries(response.headers.map(([n, v]) => [n.toLowerCase(), v]));
    expect(got['sec-websocket-accept']).toBe(computeAcceptKey(sent['sec-websocket-key']));
    expect(response.extensions).toContain('permessage-deflate');
    expect(open).toMatchObject({ protocol: 'chat.v2' });
    expect(s.session.stats).toMatchObject({ state: 'OPEN', protocol: 'chat.v2' });
  });

  it('text and binary messages round-trip with their sizes', async () => {
    const srv = await wsServer();
    srv.wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
    const s = liveSession({ url: srv.url });
    s.session.connect();
    await s.waitFor('open');
    expect(s.session.send({ data: 'héllo', opcode: 'text' })).toEqual({ ok: true });
    s.session.send({ data: new Uint8Array(70_000).fill(7), opcode: 'binary' });
    const text = await s.waitFor('message', (e) => e.dir === 'in' && e.opcode === 'text');
    const bin = await s.waitFor('message', (e) => e.dir === 'in' && e.opcode === 'binary');
    expect(text).toMatchObject({ size: 6, encoding: 'utf8', data: 'héllo' });
    expect(bin).toMatchObject({ size: 70_000, encoding: 'base64' });
    expect(Buffer.from(bin.data, 'base64').every((b) => b === 7)).toBe(true);
    expect(s.session.stats).toMatchObject({ messagesIn: 2, messagesOut: 2, bytesIn: 70_006, bytesOut: 70_006 });
  });

  it('a ping is answered by a pong with a round-trip time', async () => {
    const srv = await wsServer();
    const s = liveSession({ url: srv.url });
    s.session.connect();
    await s.waitFor('open');
    s.session.ping('are you there');
    const pong = await s.waitFor('pong', (e) => e.dir === 'in');
    expect(pong.payloadHex).toBe(Buffer.from('are you there').toString('hex'));
    expect(pong.rttMs).toBeGreaterThanOrEqual(0);
    expect(s.session.stats.lastRttMs).toBe(pong.rttMs);
  });

  it('heartbeat pings get pongs with RTT; a server that stops answering is dropped and reconnected', async () => {
    const srv = await wsServer({ autoPong: false });
    const s = liveSession({ url: srv.url, heartbeat: { pingIntervalMs: 50, pongTimeoutMs: 150 }, reconnect: { enabled: true, baseDelayMs: 5000, maxDelayMs: 5000, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 } });
    s.session.connect();
    await s.waitFor('open');
    expect(await s.waitFor('error')).toMatchObject({ category: 'pong-timeout', message: expect.stringContaining('150 ms') });
    expect(await s.waitFor('close')).toMatchObject({ code: 1006, initiator: 'network', wasClean: false });
    expect(await s.waitFor('reconnect-scheduled')).toMatchObject({ attempt: 1, delayMs: 5000 });
    expect(s.ofKind('ping').filter((p) => p.dir === 'out').length).toBeGreaterThanOrEqual(1);

    const healthy = await wsServer();
    const h = liveSession({ url: healthy.url, heartbeat: { pingIntervalMs: 30, pongTimeoutMs: 1000 } });
    h.session.connect();
    const pong = await h.waitFor('pong', (e) => e.dir === 'in');
    expect(pong.rttMs).toBeGreaterThanOrEqual(0);
    expect(h.session.stats.state).toBe('OPEN');
  });

  it('close(4000, "bye") is seen with its code name, clean, initiated by the client', async () => {
    const srv = await wsServer();
    const serverSaw = new Promise<[number, string]>((resolve) => srv.wss.on('connection', (ws) => ws.on('close', (c, r) => resolve([c, r.toString()]))));
    const s = liveSession({ url: srv.url });
    s.session.connect();
    await s.waitFor('open');
    expect(s.session.close(4000, 'bye')).toEqual({ ok: true });
    const close = await s.waitFor('close');
    expect(close).toMatchObject({ code: 4000, codeName: 'Private use', reason: 'bye', wasClean: true, initiator: 'client' });
    expect(await serverSaw).toEqual([4000, 'bye']);
    expect(s.ofKind('reconnect-scheduled')).toHaveLength(0);
  });

  it('a close from the server is recorded with initiator server', async () => {
    const srv = await wsServer();
    srv.wss.on('connection', (ws) => ws.close(1001, 'maintenance'));
    const s = liveSession({ url: srv.url, reconnect: noReconnect });
    s.session.connect();
    const close = await s.waitFor('close');
    expect(close).toMatchObject({ code: 1001, codeName: 'Going Away', reason: 'maintenance', wasClean: true, initiator: 'server' });
  });

  it('a closed port is reported as refused', async () => {
    const port = await closedPort();
    const s = liveSession({ url: `ws://127.0.0.1:${port}`, reconnect: noReconnect });
    s.session.connect();
    const error = await s.waitFor('error');
    expect(error).toMatchObject({ category: 'refused', message: expect.stringContaining('nothing is listening') });
    await s.waitFor('close');
    expect(s.session.stats.state).toBe('CLOSED');
  });

  it('a 401 answer is a rejected handshake with the status and the body', async () => {
    const body = '{"error":"token expired"}';
    const srv = await rawUpgradeServer(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    const s = liveSession({ url: srv.url, reconnect: noReconnect });
    s.session.connect();
    const error = await s.waitFor('error');
    expect(error).toMatchObject({ category: 'handshake-rejected', status: 401, body, message: expect.stringContaining('HTTP 401 Unauthorized') });
    expect(s.ofKind('handshake-response')[0]).toMatchObject({ status: 401, body, acceptValid: null });
    await s.waitFor('close');
    expect(s.ofKind('error')).toHaveLength(1);
  });

  it('a server that accepts TCP but never answers hits the handshake timeout', async () => {
    const srv = await silentServer();
    const s = liveSession({ url: srv.url, handshakeTimeoutMs: 300, reconnect: noReconnect });
    s.session.connect();
    const error = await s.waitFor('error');
    expect(error).toMatchObject({ category: 'handshake-timeout', message: expect.stringContaining('300 ms') });
    expect(await s.waitFor('close')).toMatchObject({ code: 1006, wasClean: false });
    expect(s.ofKind('error')).toHaveLength(1);
  });

  it('after a server restart it reconnects with backoff and delivers queued messages in order, exactly once', async () => {
    const first = await wsServer();
    const s = liveSession({ url: first.url, reconnect: { enabled: true, baseDelayMs: 20, maxDelayMs: 100, jitter: false, maxAttempts: 0, circuitBreakerThreshold: 0 } });
    s.session.connect();
    await s.waitFor('open');
    await first.close();
    await s.waitFor('reconnect-scheduled');
    for (const m of ['m1', 'm2', 'm3']) expect(s.session.send({ data: m, opcode: 'text' })).toEqual({ ok: true, queued: true });
    await s.waitFor('reconnect-scheduled', (e) => e.attempt >= 2);

    const second = await wsServer({}, first.port);
    const received: string[] = [];
    const gotAfter = new Promise<void>((resolve) => second.wss.on('connection', (ws) => ws.on('message', (d) => {
      received.push(d.toString());
      if (d.toString() === 'after') resolve();
    })));
    await s.waitFor('open', (e) => e.seq > s.ofKind('open')[0].seq);
    expect(s.session.send({ data: 'after', opcode: 'text' })).toEqual({ ok: true });
    await gotAfter;
    expect(received).toEqual(['m1', 'm2', 'm3', 'after']);
    const scheduled = s.ofKind('reconnect-scheduled').map((e) => [e.attempt, e.delayMs]);
    expect(scheduled.slice(0, 2)).toEqual([[1, 20], [2, 40]]);
    expect(s.ofKind('queued').map((e) => e.queueLength)).toEqual([1, 2, 3]);
    expect(s.session.stats.queueLength).toBe(0);
  });

  it('invalid UTF-8 from the server is a protocol error, closes with 1007, and earlier events are kept', async () => {
    const srv = await wsServer();
    srv.wss.on('connection', (ws) => {
      ws.send('hello');
      // A raw text frame whose payload (C3 28) is not UTF-8: ws would refuse to send it.
      (ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0x81, 0x02, 0xc3, 0x28]));
    });
    const s = liveSession({ url: srv.url, reconnect: noReconnect });
    s.session.connect();
    const error = await s.waitFor('error');
    expect(error).toMatchObject({ category: 'protocol', message: expect.stringMatching(/not valid UTF-8.*1007/) });
    const close = await s.waitFor('close');
    expect(close).toMatchObject({ code: 1007, codeName: 'Invalid Frame Payload Data', initiator: 'client' });
    expect(s.ofKind('close-sent')[0]).toMatchObject({ code: 1007 });
    expect(s.ofKind('message')).toEqual([expect.objectContaining({ dir: 'in', data: 'hello' })]);
    expect(s.store.all().map((e) => e.kind)).toEqual(expect.arrayContaining(['connecting', 'handshake-request', 'handshake-response', 'open']));
  });
});
