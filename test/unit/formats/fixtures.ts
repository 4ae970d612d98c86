// A small recorded conversation shared by the export/import tests.
import type { TimelineEvent } from '../../../src/shared/events';

export const TOKEN = 'tok-9f8e7d';

export function conversation(): TimelineEvent[] {
  const t = 1_700_000_000_123;
  return [
    { kind: 'connecting', seq: 1, time: t, url: 'wss://api.example.com/ws?room=1', attempt: 0 },
    {
      kind: 'handshake-request', seq: 2, time: t + 1, method: 'GET', url: 'wss://api.example.com/ws?room=1',
      headers: [['Host', 'api.example.com'], ['Authorization', `Bearer ${TOKEN}`], ['Sec-WebSocket-Protocol', 'chat']],
    },
    {
      kind: 'handshake-response', seq: 3, time: t + 41, status: 101, statusText: 'Switching Protocols',
      headers: [['Upgrade', 'websocket'], ['Sec-WebSocket-Protocol', 'chat']], acceptValid: true, protocol: 'chat', extensions: '',
    },
    { kind: 'open', seq: 4, time: t + 41, protocol: 'chat', extensions: '' },
    { kind: 'message', seq: 5, time: t + 50, dir: 'out', opcode: 'text', size: 20, encoding: 'utf8', data: '{"type":"subscribe"}', format: 'json' },
    { kind: 'message', seq: 6, time: t + 75, dir: 'in', opcode: 'text', size: 11, encoding: 'utf8', data: 'héllo 👋' },
    { kind: 'message', seq: 7, time: t + 90, dir: 'in', opcode: 'binary', size: 4, encoding: 'base64', data: '3q2+7w==' },
    { kind: 'ping', seq: 8, time: t + 100, dir: 'out', size: 0, payloadHex: '' },
    { kind: 'close', seq: 9, time: t + 200, code: 1000, codeName: 'Normal Closure', reason: 'bye', wasClean: true, initiator: 'client' },
  ].map((e) => JSON.parse(JSON.stringify(e)) as TimelineEvent);
}
