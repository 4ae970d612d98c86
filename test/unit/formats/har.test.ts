import { describe, expect, it } from 'vitest';
import { exportHar, importHar } from '../../../src/formats/har';
import type { MessageEvent, TimelineEvent } from '../../../src/shared/events';
import { conversation, TOKEN } from './fixtures';

const exported = (secrets: string[] = []) => JSON.parse(exportHar(conversation(), { name: 'Chat', url: 'wss://api.example.com/ws', secrets }));

// Trimmed from a Chrome DevTools "Save all as HAR with content" of a WebSocket page.
const DEVTOOLS_HAR = JSON.stringify({
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [{ startedDateTime: '2024-03-01T10:00:00.000Z', id: 'page_1', title: 'http://localhost:8080/', pageTimings: {} }],
    entries: [
      { startedDateTime: '2024-03-01T10:00:00.100Z', time: 5, request: { method: 'GET', url: 'http://localhost:8080/app.js', headers: [] }, response: { status: 200, statusText: 'OK', headers: [] }, _resourceType: 'script' },
      {
        _initiator: { type: 'script' }, _priority: null, _resourceType: 'websocket', cache: {}, connection: '1234', pageref: 'page_1',
        request: { method: 'GET', url: 'ws://localhost:8080/socket', httpVersion: 'HTTP/1.1', headers: [{ name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: [{ name: 'Sec-WebSocket-Protocol', value: 'chat' }, { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' }], cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0, _transferSize: 0, _error: null },
        serverIPAddress: '127.0.0.1', startedDateTime: '2024-03-01T10:00:00.200Z', time: 1.5,
        timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 1.5, receive: 0 },
        _webSocketMessages: [
          { type: 'send', time: 1709287200.3, opcode: 1, data: 'hello' },
          { type: 'receive', time: 1709287200.301234, opcode: 1, data: 'echo: hello' },
          { type: 'receive', time: 1709287200.4, opcode: 2, data: 'AAEC' },
        ],
      },
    ],
  },
});

describe('HAR export', () => {
  it('one websocket entry with the handshake, status 101 and the messages as DevTools writes them', () => {
    const har = exported();
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(1);
    const e = har.log.entries[0];
    expect(e._resourceType).toBe('websocket');
    expect(e.request).toMatchObject({ method: 'GET', url: 'wss://api.example.com/ws?room=1', queryString: [{ name: 'room', value: '1' }] });
    expect(e.response).toMatchObject({ status: 101, statusText: 'Switching Protocols', headers: [{ name: 'Upgrade', value: 'websocket' }, { name: 'Sec-WebSocket-Protocol', value: 'chat' }] });
    expect(e.startedDateTime).toBe('2023-11-14T22:13:20.124Z');
    expect(e._webSocketMessages).toEqual([
      { type: 'send', time: 1700000000.173, opcode: 1, data: '{"type":"subscribe"}' },
      { type: 'receive', time: 1700000000.198, opcode: 1, data: 'héllo 👋' },
      { type: 'receive', time: 1700000000.213, opcode: 2, data: '3q2+7w==' },
    ]);
  });

  it('credential headers and secrets never appear in the HAR', () => {
    const text = exportHar(conversation(), { name: 'Chat', url: 'wss://x/', secrets: [TOKEN] });
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text).log.entries[0].request.headers[1]).toEqual({ name: 'Authorization', value: '«secret»' });
  });

  it('each reconnect gets its own entry', () => {
    const events = conversation();
    const again = events.slice(1, 5).map((e, i) => ({ ...e, seq: 20 + i, time: e.time + 10_000 }));
    const har = JSON.parse(exportHar([...events, ...again], { name: 'c', url: 'u', secrets: [] }));
    expect(har.log.entries.map((e: { _webSocketMessages: unknown[] }) => e._webSocketMessages.length)).toEqual([3, 1]);
  });
});

describe('HAR import', () => {
  it('a HAR export imported again yields the same messages', () => {
    const original = conversation().filter((e): e is MessageEvent => e.kind === 'message');
    const r = importHar(exportHar(conversation(), { name: 'Chat', url: 'wss://x/', secrets: [] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const messages = r.conversations[0].events.filter((e): e is MessageEvent => e.kind === 'message');
    const strip = (m: MessageEvent) => ({ dir: m.dir, time: m.time, opcode: m.opcode, size: m.size, encoding: m.encoding, data: m.data });
    expect(messages.map(strip)).toEqual(original.map(strip));
  });

  it('a decoded annotation travels through HAR as _decoded and back', () => {
    const decoded = { protocol: 'mqtt', type: 'PUBLISH', summary: 'sensors/t qos 1', fields: { topic: 'sensors/t', qos: 1 } };
    const events: TimelineEvent[] = [{ seq: 1, time: 1_700_000_000_000, kind: 'message', dir: 'in', opcode: 'binary', size: 3, encoding: 'base64', data: 'MAEC', decoded }];
    const har = exportHar(events, { name: 'm', url: 'ws://h/', secrets: [] });
    expect(JSON.parse(har).log.entries[0]._webSocketMessages[0]._decoded).toEqual(decoded);
    const r = importHar(har);
    expect(r.ok && r.conversations[0].events.find((e) => e.kind === 'message')).toMatchObject({ data: 'MAEC', decoded });
  });

  it('a DevTools HAR gives a handshake pair and the messages of each WebSocket entry', () => {
    const r = importHar(DEVTOOLS_HAR);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.conversations).toHaveLength(1);
    const [conv] = r.conversations;
    expect(conv.url).toBe('ws://localhost:8080/socket');
    expect(conv.events.map((e) => e.kind)).toEqual(['handshake-request', 'handshake-response', 'message', 'message', 'message']);
    expect(conv.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(conv.events[1]).toMatchObject({ status: 101, protocol: 'chat', extensions: 'permessage-deflate', acceptValid: null });
    expect(conv.events[3]).toMatchObject({ dir: 'in', data: 'echo: hello', time: 1709287200301.234 });
    expect(conv.events[4]).toMatchObject({ opcode: 'binary', encoding: 'base64', size: 3, data: 'AAEC' });
  });

  it('a HAR without WebSocket entries says so', () => {
    const har = JSON.parse(DEVTOOLS_HAR);
    har.log.entries.pop();
    expect(importHar(JSON.stringify(har))).toEqual({ ok: false, error: 'the HAR has 1 entries but no WebSocket connection (no entry is a ws:// or wss:// request, has _resourceType "websocket" or _webSocketMessages)' });
  });

  it('an invalid frame is skipped and named by entry index and field; the rest imports', () => {
    const har = JSON.parse(DEVTOOLS_HAR);
    har.log.entries[1]._webSocketMessages[2].type = 'recv';
    const r = importHar(JSON.stringify(har));
    expect(r).toMatchObject({ ok: true, warnings: ['log.entries[1] (ws://localhost:8080/socket): 1 frame(s) skipped: _webSocketMessages[2].type "recv" is not "send", "receive" or "error"'] });
    expect(r.ok && r.conversations[0].events.filter((e) => e.kind === 'message')).toHaveLength(2);
    har.log.entries[1]._webSocketMessages[2] = { type: 'receive', time: 1709287200.5, opcode: 2, data: '%%' };
    expect(importHar(JSON.stringify(har))).toMatchObject({ ok: true, warnings: [expect.stringMatching(/_webSocketMessages\[2\]\.data is not valid base64/)] });
    delete har.log.entries[1].request.url;
    expect(importHar(JSON.stringify(har))).toEqual({ ok: false, error: 'the HAR has 2 entries but none of its 1 WebSocket connection(s) could be read: log.entries[1]: skipped, it has no request URL' });
  });

  it('not a HAR at all is explained', () => {
    expect(importHar('[]')).toEqual({ ok: false, error: 'the HAR file must be an object with a "log", got []' });
    expect(importHar('{"log":{}}')).toEqual({ ok: false, error: 'log.entries must be a list, got nothing' });
    const r = importHar('{"log": {"entries": [}');
    expect(r).toMatchObject({ ok: false, line: 1, column: 22 });
  });
});
