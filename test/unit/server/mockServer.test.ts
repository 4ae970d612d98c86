import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, parseScenarioText, type Scenario } from '../../../src/server';
import { cleanup, getText, open, start } from './helpers';

afterEach(cleanup);

function scenarioFrom(yaml: string): Scenario {
  const r = parseScenarioText(yaml, 'test.wsmock.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe('mock server basics', () => {
  it('binds 127.0.0.1 on a free port by default', async () => {
    const server = await start('echo');
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}`);
    expect(server.httpUrl).toBe(`http://127.0.0.1:${server.port}`);
    const client = await open(server.url);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    // The peer address the client sees is the loopback interface the server listens on.
    expect((client.ws as unknown as { _socket: { remoteAddress: string } })._socket.remoteAddress).toBe('127.0.0.1');
  });

  it('echo sends text back as text and binary back as binary, byte for byte', async () => {
    const server = await start('echo');
    const client = await open(server.url);
    client.send('héllo');
    const text = await client.next();
    expect(text).toMatchObject({ isBinary: false, text: 'héllo' });
    const bytes = Buffer.from([0, 1, 2, 255]);
    client.send(bytes);
    const bin = await client.next();
    expect(bin.isBinary).toBe(true);
    expect(bin.data.equals(bytes)).toBe(true);
  });

  it('reports connected / message / disconnected events with the client id', async () => {
    const server = await start('echo');
    const client = await open(server.url);
    client.send('hi');
    await client.next();
    client.ws.close(1000, 'done');
    await server.waitForEvent((e) => e.kind === 'client' && e.action === 'disconnected');
    const kinds = server.events.map((e) => `${e.kind}${'dir' in e ? `:${e.dir}` : ''}${'action' in e ? `:${e.action}` : ''}`);
    expect(kinds).toEqual(['client:connected', 'message:in', 'message:out', 'close', 'client:disconnected']);
    expect(server.events.every((e) => 'clientId' in e && e.clientId === 'c1')).toBe(true);
    expect(server.events.find((e) => e.kind === 'close')).toMatchObject({ code: 1000, reason: 'done', initiator: 'client', wasClean: true });
  });

  it('counts clients and tells listeners when the count changes', async () => {
    const server = await start('echo');
    const counts: number[] = [];
    const off = server.onClientsChanged((n) => counts.push(n));
    const a = await open(server.url);
    await open(server.url);
    expect(server.clientCount()).toBe(2);
    a.ws.close();
    await a.closed;
    await server.waitForEvent((e) => e.kind === 'client' && e.action === 'disconnected');
    off();
    expect(counts).toEqual([1, 2, 1]);
  });

  it('close() closes every client with 1001 "server shutting down"', async () => {
    const server = await startMockServer({ scenario: 'echo' });
    const a = await open(server.url);
    const b = await open(server.url);
    await server.close();
    expect(await a.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await b.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    await expect(fetch(`${server.httpUrl}/healthz`)).rejects.toThrow();
  });

  it('an unknown scenario name or a port in use is a clear error', async () => {
    await expect(startMockServer({ scenario: 'nope' })).rejects.toThrow(/unknown scenario "nope".*echo/);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startMockServer({ scenario: 'echo', port })).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('GET /healthz answers 200 JSON and GET /metrics Prometheus text with counters and a histogram', async () => {
    const server = await start('echo');
    const client = await open(server.url);
    client.send('12345');
    await client.next();
    const health = await getText(`${server.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'ok', scenario: 'echo', clients: 1 });
    const metrics = await getText(`${server.httpUrl}/metrics`);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.text).toContain('wslab_connections{scenario="echo"} 1');
    expect(metrics.text).toContain('wslab_messages_in_total{scenario="echo"} 1');
    expect(metrics.text).toContain('wslab_messages_out_total{scenario="echo"} 1');
    expect(metrics.text).toContain('wslab_bytes_in_total{scenario="echo"} 5');
    expect(metrics.text).toContain('wslab_bytes_out_total{scenario="echo"} 5');
    expect(metrics.text).toContain('wslab_errors_total{scenario="echo"} 0');
    expect(metrics.text).toMatch(/# TYPE wslab_response_latency_seconds histogram/);
    expect(metrics.text).toMatch(/wslab_response_latency_seconds_bucket\{scenario="echo",le="\+Inf"\} 1/);
    expect((await getText(`${server.httpUrl}/nope`)).status).toBe(404);
  });
});

describe('rules from a scenario file', () => {
  const yaml = `
name: rules-demo
clientState: { name: anonymous }
rules:
  - match: { text: ping }
    reply: pong
  - match: { regex: "^name (\\\\w+)$" }
    do:
      - set: { name: "{{match.1}}" }
      - reply: "hello {{state.name}}"
  - match: { json: { type: greet } }
    reply: { type: greeting, to: "{{json.who || state.name}}", n: "{{counter}}" }
  - match: { text: slow }
    delayMs: 150
    reply: finally
  - match: { text: bye }
    close: { code: 4001, reason: "see you" }
  - match: { binary: true }
    reply: "got {{message.size}} bytes"
  - reply: "no rule for {{message.text}}"
`;

  it('exact text, regex with groups, JSON field values, per-client state and counters drive replies', async () => {
    const server = await start(scenarioFrom(yaml));
    const client = await open(server.url);
    client.send('ping');
    expect((await client.next()).text).toBe('pong');
    client.send({ type: 'greet' });
    expect(await client.nextJson()).toEqual({ type: 'greeting', to: 'anonymous', n: 2 });
    client.send('name ada');
    expect((await client.next()).text).toBe('hello ada');
    client.send({ type: 'greet', who: 'grace' });
    expect(await client.nextJson()).toEqual({ type: 'greeting', to: 'grace', n: 4 });
    client.send(Buffer.from([1, 2, 3]));
    expect((await client.next()).text).toBe('got 3 bytes');
    client.send('whatever');
    expect((await client.next()).text).toBe('no rule for whatever');
  });

  it('state belongs to each client', async () => {
    const server = await start(scenarioFrom(yaml));
    const a = await open(server.url);
    const b = await open(server.url);
    a.send('name ada');
    await a.next();
    b.send({ type: 'greet' });
    expect(await b.nextJson()).toMatchObject({ to: 'anonymous' });
  });

  it('a rule delay holds the reply back', async () => {
    const server = await start(scenarioFrom(yaml));
    const client = await open(server.url);
    const sent = Date.now();
    client.send('slow');
    expect((await client.next()).text).toBe('finally');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(140);
  });

  it('a rule can close the connection with a chosen code and reason', async () => {
    const server = await start(scenarioFrom(yaml));
    const client = await open(server.url);
    client.send('bye');
    expect(await client.closed).toEqual({ code: 4001, reason: 'see you' });
    expect(await server.waitForEvent((e) => e.kind === 'close')).toMatchObject({ code: 4001, initiator: 'server' });
  });
});
