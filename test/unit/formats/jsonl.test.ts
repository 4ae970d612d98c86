import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportJsonl, importJsonl } from '../../../src/formats/jsonl';
import { conversation, TOKEN } from './fixtures';

const EXPORTED_AT = new Date('2024-05-06T07:08:09.000Z');

describe('JSONL export', () => {
  it('writes a header line then one event per line', () => {
    const text = exportJsonl(conversation(), { name: 'Chat', url: 'wss://api.example.com/ws', secrets: [], exportedAt: EXPORTED_AT });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[0])).toEqual({ format: 'websocket-lab-timeline', version: 1, name: 'Chat', url: 'wss://api.example.com/ws', exportedAt: '2024-05-06T07:08:09.000Z' });
    expect(JSON.parse(lines[5]).data).toBe('{"type":"subscribe"}');
  });

  it('a secret never appears in the export', () => {
    const events = conversation();
    events.push({ kind: 'message', seq: 10, time: 1, dir: 'out', opcode: 'text', size: 5, encoding: 'utf8', data: `token=${encodeURIComponent(TOKEN)}` });
    const text = exportJsonl(events, { name: 'Chat', url: `wss://h/?t=${TOKEN}`, secrets: [TOKEN] });
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('["Authorization","«secret»"]');
  });
});

describe('JSONL export: what each kind writes (src/shared/eventKinds.ts)', () => {
  it('a decoded annotation is written with its message, and a secret inside it is hidden', () => {
    const decoded = { protocol: 'socket.io', type: 'EVENT', summary: `auth ${TOKEN}`, fields: { event: 'auth', args: [{ token: TOKEN }] } };
    const events = [{ seq: 1, time: 5, kind: 'message' as const, dir: 'in' as const, opcode: 'text' as const, size: 2, encoding: 'utf8' as const, data: 'hi', decoded }];
    const line = JSON.parse(exportJsonl(events, { name: 'c', url: 'ws://h/', secrets: [TOKEN] }).split('\n')[1]);
    expect(line.decoded).toEqual({ protocol: 'socket.io', type: 'EVENT', summary: 'auth «secret»', fields: { event: 'auth', args: [{ token: '«secret»' }] } });
  });

  it('fields an event kind does not define never leave the store', () => {
    const stray = { seq: 1, time: 5, kind: 'info' as const, message: 'note', internalHandle: { socket: 'x' } };
    const line = JSON.parse(exportJsonl([stray], { name: 'c', url: 'ws://h/', secrets: [] }).split('\n')[1]);
    expect(line).toEqual({ seq: 1, time: 5, kind: 'info', message: 'note' });
  });
});

describe('JSONL import', () => {
  it('an export imports back to the same events', () => {
    const events = conversation();
    const r = importJsonl(exportJsonl(events, { name: 'Chat', url: 'wss://x/', secrets: [], exportedAt: EXPORTED_AT }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      // The one difference: credential headers are blanked by name on export.
      const request = events[1];
      if (request.kind === 'handshake-request') request.headers[1] = ['Authorization', '«secret»'];
      expect(r.events).toEqual(events);
      expect(r.header?.name).toBe('Chat');
    }
  });

  it('a file without a header line still imports', () => {
    const r = importJsonl(conversation().map((e) => JSON.stringify(e)).join('\r\n'));
    expect(r.ok && r.events.length).toBe(9);
  });

  it('broken JSON names the line and column', () => {
    const lines = exportJsonl(conversation(), { name: 'c', url: 'u', secrets: [] }).split('\n');
    lines[3] = '{"kind": "open", "seq": 4 "time": 1}';
    const r = importJsonl(lines.join('\n'));
    expect(r).toMatchObject({ ok: false, line: 4, column: 27 });
    expect(!r.ok && r.error).toBe("line 4, column 27: expected ',' or '}' after a property value, found '\"'");
  });

  it('a wrong field names the line, event kind and field', () => {
    const r = importJsonl('{"kind":"message","seq":1,"time":2,"dir":"up","opcode":"text","size":1,"encoding":"utf8","data":"x"}');
    expect(r).toEqual({ ok: false, line: 1, error: 'line 1: message event: "dir" must be one of "in", "out", got "up"' });
  });

  it('a missing field says it is missing', () => {
    const r = importJsonl('\n{"kind":"close","seq":1,"time":2,"code":1000,"codeName":"x","wasClean":true,"initiator":"client"}');
    expect(!r.ok && r.error).toBe('line 2: close event: "reason" must be a string (missing)');
  });

  it('an unknown kind, bad base64 and out-of-order seq are refused', () => {
    expect(!importJsonl('{"kind":"bogus","seq":1,"time":1}').ok).toBe(true);
    const b64 = importJsonl('{"kind":"message","seq":1,"time":2,"dir":"in","opcode":"binary","size":1,"encoding":"base64","data":"a*"}');
    expect(!b64.ok && b64.error).toMatch(/"data" is not valid base64: '\*' at position 1/);
    const order = importJsonl('{"kind":"info","seq":5,"time":1,"message":"a"}\n{"kind":"info","seq":5,"time":1,"message":"b"}');
    expect(!order.ok && order.error).toBe("line 2: seq 5 is not greater than the previous event's 5");
  });

  it('a newer format version is refused', () => {
    const r = importJsonl('{"format":"websocket-lab-timeline","version":2,"name":"","url":"","exportedAt":""}');
    expect(!r.ok && r.error).toMatch(/version 2 is not supported/);
  });

  it('random text never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const r = importJsonl(s);
      return r.ok || r.line >= 1;
    }));
  });
});

describe('JSONL import checks every field the event types define (src/shared/schema/events.ts)', () => {
  const message = (extra: object) => JSON.stringify({ kind: 'message', seq: 1, time: 2, dir: 'in', opcode: 'text', size: 2, encoding: 'utf8', data: 'hi', ...extra });

  it('a decoded annotation imports back as it was exported', () => {
    const decoded = { protocol: 'socket.io', type: 'EVENT', summary: 'chat:message {"text":"hi"}', fields: { event: 'chat:message', args: [{ text: 'hi' }, null, 3, true] } };
    const events = [{ seq: 1, time: 5, kind: 'message' as const, dir: 'in' as const, opcode: 'text' as const, size: 2, encoding: 'utf8' as const, data: 'hi', decoded }];
    const r = importJsonl(exportJsonl(events, { name: 'c', url: 'ws://h/', secrets: [] }));
    expect(r.ok && r.events).toEqual(events);
  });

  it('a malformed decoded annotation is refused, naming the field inside it', () => {
    expect(importJsonl(message({ decoded: { protocol: 'mqtt', type: 'PUBLISH' } }))).toEqual({ ok: false, line: 1, error: 'line 1: message event: "decoded.summary" must be a string (missing)' });
    expect(importJsonl(message({ decoded: 'EVENT' }))).toMatchObject({ ok: false, error: 'line 1: message event: "decoded" must be an object, got "EVENT"' });
  });

  it('optional fields and enums are checked too, not only the required ones', () => {
    expect(importJsonl(message({ clientId: 7 }))).toMatchObject({ ok: false, error: 'line 1: message event: "clientId" must be a string, got 7' });
    const error = JSON.stringify({ kind: 'error', seq: 1, time: 2, category: 'oops', message: 'x' });
    expect(importJsonl(error)).toMatchObject({ ok: false, error: expect.stringMatching(/^line 1: error event: "category" must be one of "invalid-url", .*"other", got "oops"$/) });
    const request = JSON.stringify({ kind: 'handshake-request', seq: 1, time: 2, method: 'GET', url: 'ws://h/', headers: [['Host', 5]] });
    expect(importJsonl(request)).toMatchObject({ ok: false, error: 'line 1: handshake-request event: "headers[0][1]" must be a string, got 5' });
  });

  it('fields no event kind defines are left out of the imported timeline', () => {
    const r = importJsonl(message({ internalHandle: { socket: 'x' } }));
    expect(r.ok && r.events[0]).toEqual(JSON.parse(message({})));
  });
});
