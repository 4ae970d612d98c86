// A realistic conversation for the webview tests: handshake, JSON both ways, a MessagePack
// binary frame, ping/pong, an error, a reconnect and a clean close.

import { pack } from 'msgpackr';
import type { TimelineEvent } from '../../../src/shared/events';
import type { ConnectionStats } from '../../../src/shared/stats';
import type { HostToWebview } from '../../../src/shared/protocol/timeline';

export const T0 = Date.UTC(2025, 0, 15, 9, 30, 0, 0) + new Date().getTimezoneOffset() * 60_000;

export const STATS: ConnectionStats = {
  state: 'OPEN',
  messagesIn: 3,
  messagesOut: 2,
  bytesIn: 214,
  bytesOut: 61,
  queueLength: 0,
  bufferedAmount: 0,
  lastRttMs: 12.4,
  openedAt: T0 + 40,
  protocol: 'chat.v1',
};

const msgpackBase64 = Buffer.from(pack({ type: 'tick', price: 101.25, ok: true, tags: ['a', 'b'] })).toString('base64');

export function conversation(): TimelineEvent[] {
  let seq = 1;
  const at = (ms: number) => ({ seq: seq++, time: T0 + ms });
  return [
    { ...at(0), kind: 'connecting', url: 'wss://echo.example.com/chat', attempt: 0 },
    {
      ...at(3), kind: 'handshake-request', method: 'GET', url: 'wss://echo.example.com/chat',
      headers: [['Host', 'echo.example.com'], ['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Protocol', 'chat.v1, chat.v0'], ['Authorization', '‹redacted›']],
    },
    {
      ...at(38), kind: 'handshake-response', status: 101, statusText: 'Switching Protocols',
      headers: [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='], ['Sec-WebSocket-Protocol', 'chat.v1']],
      acceptValid: true, protocol: 'chat.v1', extensions: '',
    },
    { ...at(40), kind: 'open', protocol: 'chat.v1', extensions: '' },
    { ...at(41), kind: 'state', state: 'OPEN' },
    { ...at(1250), kind: 'message', dir: 'out', opcode: 'text', size: 38, encoding: 'utf8', data: '{"type":"subscribe","channel":"ticks"}', format: 'json' },
    { ...at(1262), kind: 'message', dir: 'in', opcode: 'text', size: 96, encoding: 'utf8', data: '{"type":"subscribed","channel":"ticks","user":{"id":42,"name":"Ada","roles":["admin","dev"]},"ok":true}' },
    { ...at(2001), kind: 'message', dir: 'in', opcode: 'binary', size: Buffer.from(msgpackBase64, 'base64').length, encoding: 'base64', data: msgpackBase64 },
    { ...at(3000), kind: 'ping', dir: 'out', size: 4, payloadHex: '68656c6f' },
    { ...at(3012), kind: 'pong', dir: 'in', size: 4, payloadHex: '68656c6f', rttMs: 12.4 },
    { ...at(4100), kind: 'message', dir: 'in', opcode: 'text', size: 23, encoding: 'utf8', data: 'plain text: hello there' },
    { ...at(5000), kind: 'message', dir: 'out', opcode: 'text', size: 23, encoding: 'utf8', data: 'ping from the composer!' },
    { ...at(6100), kind: 'error', category: 'network', message: 'read ECONNRESET' },
    { ...at(6101), kind: 'reconnect-scheduled', attempt: 1, delayMs: 750, maxAttempts: 10 },
    { ...at(7000), kind: 'close-sent', code: 1000, codeName: 'Normal Closure', reason: 'bye' },
    { ...at(7011), kind: 'close', code: 1000, codeName: 'Normal Closure', reason: 'bye', wasClean: true, initiator: 'client' },
  ];
}

export function initMessage(events: TimelineEvent[] = conversation(), extra: Partial<Extract<HostToWebview, { type: 'init' }>> = {}): HostToWebview {
  return {
    type: 'init',
    info: { id: 'c1', side: 'client', title: 'Echo chat', url: 'wss://echo.example.com/chat', tlsVerificationOff: true },
    stats: STATS,
    events,
    dropped: 0,
    retention: 200_000,
    savedMessages: [{ name: 'subscribe', description: 'Subscribe to ticks', format: 'json', body: '{"type":"subscribe","channel":"ticks"}' }],
    history: [{ format: 'text', body: 'older message' }, { format: 'json', body: '{"n":1}' }],
    ...extra,
  };
}
