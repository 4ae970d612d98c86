import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanup, getText, open, start, tweak, withTimeout } from './helpers';

afterEach(cleanup);

/** Reads `count` SSE events from GET /sse. */
function readSse(url: string, count: number): Promise<{ contentType: string; events: Array<{ id: number; data: unknown }> }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const req = request(url, (res) => {
        let buf = '';
        const events: Array<{ id: number; data: unknown }> = [];
        res.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          let end;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const id = /^id: (\d+)$/m.exec(block);
            const data = /^data: (.*)$/m.exec(block);
            if (id && data) events.push({ id: Number(id[1]), data: JSON.parse(data[1]) });
          }
          if (events.length >= count) {
            req.destroy();
            resolve({ contentType: String(res.headers['content-type']), events });
          }
        });
      });
      req.on('error', reject);
      req.end();
    }),
    5000,
    'SSE events',
  );
}

describe('transports', () => {
  const fast = () => tweak('transports', (s) => (s.feed!.everyMs = 40));

  it('sends the feed over WebSocket', async () => {
    const server = await start(fast());
    const client = await open(server.url);
    expect(await client.nextJson()).toEqual({ type: 'tick', id: expect.any(Number), value: expect.any(Number), ts: expect.any(Number) });
  });

  it('serves the same feed as Server-Sent Events at /sse', async () => {
    const server = await start(fast());
    const { contentType, events } = await readSse(`${server.httpUrl}/sse`, 2);
    expect(contentType).toContain('text/event-stream');
    expect(events[1].id).toBe(events[0].id + 1);
    expect(events[0].data).toMatchObject({ type: 'tick', id: events[0].id });
  });

  it('serves it by long-polling at /poll?since=N: waits for news, then returns what is newer', async () => {
    const server = await start(fast());
    const first = JSON.parse((await getText(`${server.httpUrl}/poll?since=0`)).text);
    expect(first.messages.length).toBeGreaterThan(0);
    expect(first.messages[0]).toMatchObject({ id: 1, data: { type: 'tick', id: 1 } });
    const next = JSON.parse((await getText(`${server.httpUrl}/poll?since=${first.next}`)).text);
    expect(next.messages[0].id).toBe(first.next + 1);
    const bad = await getText(`${server.httpUrl}/poll?since=abc`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toContain('since');
  });

  it('a long poll with nothing new answers empty after the poll timeout', async () => {
    const server = await start(tweak('transports', (s) => {
      s.feed!.everyMs = 60_000;
      s.feed!.pollTimeoutMs = 100;
    }));
    const r = JSON.parse((await getText(`${server.httpUrl}/poll?since=0`)).text);
    expect(r).toEqual({ messages: [], next: 0 });
  });

  it('scenarios without a feed answer /sse with 404 and a hint', async () => {
    const server = await start('echo');
    const r = await getText(`${server.httpUrl}/sse`);
    expect(r.status).toBe(404);
    expect(r.text).toContain('transports');
  });
});

describe('TLS', () => {
  const certDir = mkdtempSync(join(tmpdir(), 'wslab-certs-'));
  afterAll(() => rmSync(certDir, { recursive: true, force: true }));

  it('serves wss:// with a self-signed certificate that a client trusting it accepts', async () => {
    const server = await start('echo', { tls: true, certDir });
    expect(server.url).toBe(`wss://127.0.0.1:${server.port}`);
    expect(server.httpUrl).toBe(`https://127.0.0.1:${server.port}`);
    const cert = readFileSync(server.tls!.certPath, 'utf8');
    const client = await open(server.url, undefined, { ca: cert });
    client.send('secure');
    expect((await client.next()).text).toBe('secure');
    expect(server.tls!.guidance).toContain(server.tls!.certPath);
    expect(statSync(server.tls!.keyPath).mode & 0o077).toBe(0);
  });

  it('a client that does not trust the certificate is rejected by TLS verification', async () => {
    const server = await start('echo', { tls: true, certDir });
    await expect(open(server.url)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('reuses the certificate in certDir instead of making a new one', async () => {
    const a = await start('echo', { tls: true, certDir });
    const b = await start('echo', { tls: true, certDir });
    expect(b.tls!.cert).toBe(a.tls!.cert);
  });
});
