// What a client sees during the opening handshake: accepted with a protocol/extension, or refused
// with an HTTP status and body.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, open, refusal, start, tweak } from './helpers';

afterEach(cleanup);

describe('auth', () => {
  it('accepts the token as a bearer header, a query parameter or an auth.<token> subprotocol, then echoes', async () => {
    const server = await start('auth');
    const byHeader = await open(server.url, undefined, { headers: { Authorization: 'Bearer lab-token' } });
    byHeader.send('a');
    expect((await byHeader.next()).text).toBe('a');
    const byQuery = await open(`${server.url}/?token=lab-token`);
    byQuery.send('b');
    expect((await byQuery.next()).text).toBe('b');
    const byProtocol = await open(server.url, ['auth.lab-token']);
    expect(byProtocol.ws.protocol).toBe('auth.lab-token');
  });

  it('no token → 401 {"error":"missing token"}; a wrong token → 403 {"error":"invalid token"}', async () => {
    const server = await start('auth');
    const missing = await refusal(server.url);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ error: 'missing token' });
    expect(missing.headers['content-type']).toContain('application/json');
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    for (const attempt of [
      refusal(server.url, undefined, { headers: { Authorization: 'Bearer nope' } }),
      refusal(`${server.url}/?token=nope`),
      refusal(server.url, ['auth.nope']),
    ]) {
      const wrong = await attempt;
      expect(wrong.status).toBe(403);
      expect(JSON.parse(wrong.body)).toEqual({ error: 'invalid token' });
    }
    expect(server.events.filter((e) => e.kind === 'client' && e.action === 'refused').map((e) => 'detail' in e && e.detail))
      .toEqual(['401 missing token', '403 invalid token', '403 invalid token', '403 invalid token']);
  });
});

describe('subprotocols', () => {
  it('picks the server-preferred protocol among those offered', async () => {
    const server = await start('subprotocols');
    expect((await open(server.url, ['chat.v1', 'chat.v2'])).ws.protocol).toBe('chat.v2');
    expect((await open(server.url, ['x', 'chat.v1'])).ws.protocol).toBe('chat.v1');
  });

  it('refuses with 400 naming the supported protocols when none offered matches', async () => {
    const server = await start('subprotocols');
    for (const offered of [undefined, ['mqtt']]) {
      const r = await refusal(server.url, offered);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ supported: ['chat.v2', 'chat.v1'] });
    }
  });
});

describe('origin', () => {
  it('allows the listed origin and a request without Origin, refuses others with 403', async () => {
    const server = await start('origin');
    await open(server.url, undefined, { origin: 'http://localhost:3000' });
    await open(server.url);
    const r = await refusal(server.url, undefined, { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'origin not allowed', allowed: ['http://localhost:3000'] });
  });
});

describe('refusals and limits', () => {
  it('refuse answers 503 with Retry-After: 5', async () => {
    const server = await start('refuse');
    const r = await refusal(server.url);
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('5');
    expect(JSON.parse(r.body).error).toContain('unavailable');
  });

  it('flaky refuses every 3rd handshake with 503 and drops accepted connections without a close frame', async () => {
    const server = await start(tweak('flaky', (s) => (s.faults!.drop!.afterMs = 200)));
    const a = await open(server.url);
    await open(server.url);
    expect((await refusal(server.url)).status).toBe(503);
    await open(server.url);
    a.send('still here');
    expect((await a.next()).text).toBe('still here');
    expect((await a.closed).code).toBe(1006);
  });

  it('limits connections per IP with 429 and in total with 503', async () => {
    const perIp = await start(tweak('echo', (s) => (s.limits = { maxConnectionsPerIp: 2 })));
    await open(perIp.url);
    const second = await open(perIp.url);
    const r = await refusal(perIp.url);
    expect(r.status).toBe(429);
    expect(JSON.parse(r.body)).toMatchObject({ limit: 2 });
    second.ws.close();
    await perIp.waitForEvent((e) => e.kind === 'client' && e.action === 'disconnected');
    await open(perIp.url);

    const total = await start(tweak('echo', (s) => (s.limits = { maxConnections: 1 })));
    await open(total.url);
    expect((await refusal(total.url)).status).toBe(503);
  });

  it('counts refused handshakes by status in /metrics', async () => {
    const server = await start('refuse');
    await refusal(server.url);
    const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(text).toContain('wslab_handshakes_refused_total{scenario="refuse",status="503"} 1');
  });
});

describe('compression', () => {
  it('negotiates permessage-deflate and sends a large repetitive JSON on connect', async () => {
    const server = await start('compression');
    const client = await open(server.url);
    expect(client.ws.extensions).toContain('permessage-deflate');
    const big = await client.next();
    expect(big.data.length).toBeGreaterThan(20_000);
    expect(JSON.parse(big.text)).toMatchObject({ type: 'log-batch' });
    client.send('x'.repeat(500));
    expect((await client.next()).text).toBe('x'.repeat(500));
  });

  it('is off unless the scenario turns it on', async () => {
    const server = await start('echo');
    const client = await open(server.url);
    expect(client.ws.extensions).toBe('');
  });
});
