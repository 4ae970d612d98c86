// HAR import of real captures (test/fixtures/har/README.md says where each comes from): Chrome
// with error frames and monotonic times, Firefox with the handshake only, Playwright with times
// in milliseconds. Each used to be refused as a whole or imported at absurd times.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHar } from '../../../src/formats/har';
import type { TimelineEvent } from '../../../src/shared/events';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/har', name), 'utf8');

function imported(name: string) {
  const r = importHar(fixture(name));
  if (!r.ok) throw new Error(`${name} was refused: ${r.error}`);
  return r;
}

const kinds = (events: TimelineEvent[]) => events.map((e) => e.kind);
const iso = (e: TimelineEvent) => new Date(e.time).toISOString();
const isSorted = (events: TimelineEvent[]) => events.every((e, i) => i === 0 || e.time >= events[i - 1].time);

describe('HAR import of real browser captures', () => {
  it('Chrome: error frames become error events, monotonic times are placed at the capture and flagged', () => {
    const r = imported('chrome-websocket-errors.har');
    expect(r.entries).toBe(4);
    expect(r.conversations.map((c) => c.url)).toEqual(['wss://booka.co.za/api.booka.co.za/api/v1/ws', 'wss://booka.co.za/api.booka.co.za/api/v1/ws']);
    const [closedEarly, failed] = r.conversations;

    // Closed while connecting: no wall-clock start (1969-12-31) and a time of 282411.6 s since boot.
    expect(kinds(closedEarly.events)).toEqual(['handshake-request', 'info', 'info', 'error']);
    expect(closedEarly.events[3]).toMatchObject({ kind: 'error', category: 'network', message: 'WebSocket is closed before the connection is established.' });
    // Placed at the earliest real start in the file, not in 1970.
    expect(closedEarly.events.map(iso)).toEqual(Array(4).fill('2025-10-29T10:18:34.397Z'));
    expect(closedEarly.events[1]).toMatchObject({ kind: 'info', message: expect.stringMatching(/^Imported from a HAR: message times look monotonic/) });

    // A real start, epoch seconds, an error frame without text: nothing guessed, nothing flagged.
    expect(kinds(failed.events)).toEqual(['handshake-request', 'error']);
    expect(failed.events.map(iso)).toEqual(['2025-10-29T10:18:42.349Z', '2025-10-29T10:18:42.624Z']);
    expect(failed.events[1]).toMatchObject({ message: 'the browser recorded a WebSocket error without a message' });

    expect(r.warnings).toEqual([
      expect.stringMatching(/^log\.entries\[0\] \(wss:\/\/booka\.co\.za\/api\.booka\.co\.za\/api\/v1\/ws\): message times look monotonic \(seconds since the browser's machine booted\).*; flagged$/),
      'log.entries[0] (wss://booka.co.za/api.booka.co.za/api/v1/ws): startedDateTime "1969-12-31T23:59:59.000Z" is not a real time; the connection was placed at 2025-10-29T10:18:34.397Z (the start of the capture); flagged',
    ]);
  });

  it('Firefox: a handshake-only entry is a connection without messages, and the file says why', () => {
    const r = imported('firefox-handshake-only.har');
    expect(r.conversations).toHaveLength(1);
    const [c] = r.conversations;
    expect(c.url).toBe('wss://api.miniapps.ai/socket.io/?EIO=4&transport=websocket');
    expect(kinds(c.events)).toEqual(['handshake-request', 'info', 'handshake-response']);
    expect(c.events[2]).toMatchObject({ status: 101, statusText: 'Switching Protocols' });
    // Firefox's startedDateTime has an offset (+02:00); the response came after the 240 ms wait.
    expect(c.events.map(iso)).toEqual(['2026-05-14T14:27:46.553Z', '2026-05-14T14:27:46.553Z', '2026-05-14T14:27:46.793Z']);
    expect(r.warnings).toEqual(["log.entries[0] (wss://api.miniapps.ai/socket.io/?EIO=4&transport=websocket): handshake only: Firefox, which wrote this HAR, did not save this connection's messages; flagged"]);
  });

  it('Playwright: message times in milliseconds land where they happened; a refused handshake is an error', () => {
    const r = imported('playwright-milliseconds.har');
    const [chat, refused] = r.conversations;
    const messages = chat.events.filter((e) => e.kind === 'message');
    expect(messages.map((m) => `${m.dir} ${m.opcode} ${m.data}`)).toEqual([
      'out text {"type":"join","room":"lobby"}',
      'out binary AQID+g==',
      'in text {"type":"welcome","users":2}',
      'in text echo: {"type":"join","room":"lobby"}',
      'in binary AQID+g==',
      'out text bye',
    ]);
    expect(messages[1]).toMatchObject({ size: 4, encoding: 'base64' });
    // Within a second of the handshake, in order (read as seconds they were 55,000 years later).
    const start = chat.events[0].time;
    expect(iso(chat.events[0])).toBe('2026-12-03T18:50:42.846Z');
    expect(messages.every((m) => m.time >= start && m.time - start < 1000)).toBe(true);
    expect(isSorted(chat.events)).toBe(true);
    expect(r.entries).toBe(3);
    expect(refused.url).toMatch(/\/nope$/);
    expect(kinds(refused.events)).toEqual(['handshake-request', 'error']);
    expect(refused.events[1]).toMatchObject({ category: 'handshake-rejected', message: 'Error during WebSocket handshake: Unexpected response code: 404' });
    expect(r.warnings).toEqual([expect.stringMatching(/^log\.entries\[1\] \(ws:\/\/127\.0\.0\.1:\d+\/chat\): message times are in milliseconds since the epoch \(as Playwright writes them\), not seconds; flagged$/)]);
  });
});

describe('HAR import: one odd entry never refuses the file', () => {
  const entry = (extra: object) => ({ startedDateTime: '2025-01-01T00:00:00.000Z', request: { method: 'GET', url: 'wss://h/ws' }, response: { status: 101 }, _webSocketMessages: [{ type: 'send', time: 1735689600.5, opcode: 1, data: 'ok' }], ...extra });
  const har = (...entries: unknown[]) => JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries } });

  it('an entry without a URL, bad frames and control frames are skipped and reported', () => {
    const r = importHar(har(
      entry({ request: { method: 'GET' } }),
      entry({ _webSocketMessages: [
        { type: 'recv', time: 1735689600.1, opcode: 1, data: 'a' },
        { type: 'receive', time: 1735689600.2, opcode: 2, data: '%%' },
        { type: 'receive', time: 1735689600.3, opcode: 9, data: '' },
        { type: 'receive', time: 'soon', opcode: 1, data: 'late' },
        'junk',
        { type: 'receive', time: 1735689600.4, opcode: 1, data: 'kept' },
      ] }),
      entry({ startedDateTime: undefined }),
    ));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.conversations.map((c) => c.events.filter((e) => e.kind === 'message').map((m) => m.data))).toEqual([['late', 'kept'], ['ok']]);
    expect(r.warnings).toEqual([
      'log.entries[0]: skipped, it has no request URL',
      expect.stringMatching(/^log\.entries\[1\] \(wss:\/\/h\/ws\): 3 frame\(s\) skipped: _webSocketMessages\[0\]\.type "recv" is not "send", "receive" or "error"; _webSocketMessages\[1\]\.data is not valid base64 \(opcode 2 is binary\): .*; _webSocketMessages\[4\] is not an object$/),
      'log.entries[1] (wss://h/ws): 1 control frame(s) (close, ping, pong) left out',
      'log.entries[1] (wss://h/ws): 1 frame(s) have no time; each was placed at the time of the event before it; flagged',
      'log.entries[2] (wss://h/ws): startedDateTime nothing is not a real time; the connection was placed at 2025-01-01T00:00:00.500Z (its first message); flagged',
    ]);
  });

  it("Playwright's attached messages (content \"attach\") are named, not silently missing", () => {
    const attached = entry({ _webSocketMessages: undefined, response: { status: 101, content: { size: 0, mimeType: 'x-unknown', _file: '0f3c.jsonl' } } });
    const r = importHar(JSON.stringify({ log: { creator: { name: 'Playwright', version: '1.65.1' }, entries: [attached] } }));
    expect(r).toMatchObject({ ok: true, warnings: ['log.entries[0] (wss://h/ws): handshake only: the messages were saved beside the HAR in 0f3c.jsonl, which is not read; flagged'] });
  });

  it('a file whose only WebSocket entry cannot be read says why', () => {
    expect(importHar(har(entry({ request: {} })))).toEqual({ ok: false, error: 'the HAR has 1 entries but none of its 1 WebSocket connection(s) could be read: log.entries[0]: skipped, it has no request URL' });
  });
});
