import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newConnectionConfig, type ConnectionConfig } from '../../../src/shared/connection';
import { parseConnectionsFile, serializeConnectionsFile } from '../../../src/formats/connectionsFile';

const error = (text: string) => {
  const r = parseConnectionsFile(text);
  expect(r.ok).toBe(false);
  return r as { ok: false; error: string; line?: number; column?: number };
};

describe('the workspace connections file', () => {
  it('missing settings are filled with defaults', () => {
    const r = parseConnectionsFile(JSON.stringify({ version: 1, connections: [{ id: 'a', name: 'Echo', url: 'ws://localhost:8080', reconnect: { maxAttempts: 3 } }] }));
    const expected = newConnectionConfig('a', 'Echo', 'ws://localhost:8080');
    expected.reconnect.maxAttempts = 3;
    expect(r).toEqual({ ok: true, connections: [expected] });
  });

  it('a connection without a name is named after its URL', () => {
    const r = parseConnectionsFile('{"version":1,"connections":[{"id":"a","url":"ws://x"}]}');
    expect(r.ok && r.connections[0].name).toBe('ws://x');
  });

  it('an empty file means no connections', () => {
    expect(parseConnectionsFile('')).toEqual({ ok: true, connections: [] });
  });

  it('a wrong setting names the connection index and field', () => {
    const text = JSON.stringify({ version: 1, connections: [{ id: 'a', url: 'ws://a' }, { id: 'b', url: 'ws://b', reconnect: { maxDelayMs: '30s' } }] });
    expect(error(text).error).toBe('connections[1].reconnect.maxDelayMs must be a whole number of milliseconds >= 0, got "30s"');
  });

  it('a missing id or url is named', () => {
    expect(error('{"version":1,"connections":[{"url":"ws://a"}]}').error).toBe('connections[0].id must be a non-empty string, got nothing');
    expect(error('{"version":1,"connections":[{"id":"a"}]}').error).toBe('connections[0].url must be a string, got nothing');
  });

  it('bad headers and saved messages are named down to the field', () => {
    expect(error('{"version":1,"connections":[{"id":"a","url":"u","headers":[{"name":"A","value":1}]}]}').error)
      .toBe('connections[0].headers[0].value must be a string, got 1');
    expect(error('{"version":1,"connections":[{"id":"a","url":"u","savedMessages":[{"name":"m","format":"xml","body":""}]}]}').error)
      .toBe('connections[0].savedMessages[0].format must be one of text, json, hex, base64, msgpack, got "xml"');
  });

  it('a duplicate id names both connections', () => {
    expect(error('{"version":1,"connections":[{"id":"a","url":"u"},{"id":"a","url":"v"}]}').error)
      .toBe('connections[1].id "a" is already used by connections[0]');
  });

  it('broken JSON gives line and column', () => {
    const r = error('{\n  "version": 1,\n  "connections": [\n    { "id": "a", }\n  ]\n}');
    expect([r.line, r.column]).toEqual([4, 18]);
    expect(r.error).toMatch(/trailing comma/);
  });

  it('a newer version is refused, saying so', () => {
    expect(error('{"version":2,"connections":[]}').error).toMatch(/version 2 was written by a newer WebSocket Lab/);
  });

  it('a secret header value is never written to the file', () => {
    const c: ConnectionConfig = {
      ...newConnectionConfig('a', 'Prod', 'wss://api.example.com'),
      headers: [{ name: 'Authorization', value: 'Bearer planted-secret-42', secret: true }, { name: 'X-Plain', value: 'visible' }],
    };
    const text = serializeConnectionsFile([c]);
    expect(text).not.toContain('planted-secret-42');
    const back = parseConnectionsFile(text);
    expect(back.ok && back.connections[0].headers).toEqual([{ name: 'Authorization', value: '', secret: true }, { name: 'X-Plain', value: 'visible' }]);
  });

  it('a secret query parameter value is never written to the file; a secret subprotocol is only its label', () => {
    const c: ConnectionConfig = {
      ...newConnectionConfig('a', 'Prod', 'wss://api.example.com'),
      query: [{ name: 'token', value: 'planted-query-secret', secret: true }, { name: 'room', value: 'lobby' }],
      subprotocols: ['chat.v1', { name: 'auth', secret: true }],
    };
    const text = serializeConnectionsFile([c]);
    expect(text).not.toContain('planted-query-secret');
    const back = parseConnectionsFile(text);
    expect(back.ok && back.connections[0].query).toEqual([{ name: 'token', value: '', secret: true }, { name: 'room', value: 'lobby' }]);
    expect(back.ok && back.connections[0].subprotocols).toEqual(['chat.v1', { name: 'auth', secret: true }]);
  });

  it('two secret subprotocols with one label are refused (their values would be one)', () => {
    expect(error('{"version":1,"connections":[{"id":"a","url":"u","subprotocols":[{"name":"auth","secret":true},"x",{"name":"auth","secret":true}]}]}').error)
      .toBe('connections[0].subprotocols[2].name "auth" is already used by subprotocols[0]');
    expect(error('{"version":1,"connections":[{"id":"a","url":"u","subprotocols":[{"name":"auth"}]}]}').error)
      .toBe('connections[0].subprotocols[0] must be a string or a {"name": ..., "secret": true} object, got {"name":"auth"}');
  });

  it('a connection without a name is named after its URL without the password written into it', () => {
    const r = parseConnectionsFile('{"version":1,"connections":[{"id":"a","url":"ws://alice:s3cret@x/"}]}');
    expect(r.ok && r.connections[0].name).toBe('ws://alice:•••@x/');
  });

  it('serialize then parse gives the same connections', () => {
    const arb = fc.record({ id: fc.uuid(), name: fc.string(), url: fc.string(), queueLimit: fc.nat(), perMessageDeflate: fc.boolean(), subprotocols: fc.array(fc.string()) });
    fc.assert(fc.property(fc.uniqueArray(arb, { selector: (x) => x.id }), (items) => {
      const configs = items.map((x) => ({ ...newConnectionConfig(x.id, x.name, x.url), ...x }));
      const r = parseConnectionsFile(serializeConnectionsFile(configs));
      return r.ok && JSON.stringify(r.connections) === JSON.stringify(configs);
    }));
  });

  it('random text never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (s) => typeof parseConnectionsFile(s).ok === 'boolean'));
  });
});
