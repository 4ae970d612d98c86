// Builds client timelines the way a session records them (increasing seq and time), so check
// tests read like what the learner did: connect, send, receive, close...

import type { CloseEvent, ErrorCategory, TimelineEvent } from '../../../src/shared/events';

/** An event as the builder takes it: seq and time are filled in. */
type Draft = TimelineEvent extends infer E ? (E extends TimelineEvent ? Omit<E, 'seq' | 'time'> : never) : never;

const CODE_NAMES: Record<number, string> = {
  1000: 'Normal Closure', 1006: 'Abnormal Closure', 1007: 'Invalid Frame Payload Data', 1008: 'Policy Violation', 1009: 'Message Too Big',
};

const byteLength = (data: string, encoding: 'utf8' | 'base64') => Buffer.from(data, encoding).length;

/** The Sec-WebSocket-Accept of RFC 6455's example key, the one connect() sends. */
export const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

export class TimelineBuilder {
  readonly events: TimelineEvent[] = [];
  private attempt = 0;

  constructor(private readonly url = 'ws://127.0.0.1:40000/') {}

  add(event: Draft): this {
    const seq = this.events.length + 1;
    this.events.push({ ...event, seq, time: 1_750_000_000_000 + seq * 25 } as TimelineEvent);
    return this;
  }

  /** A successful connection: connecting, handshake request, 101 response, open, state OPEN. */
  connect(opts: { protocol?: string; extensions?: string; acceptValid?: boolean; accept?: string; url?: string } = {}): this {
    const url = opts.url ?? this.url;
    this.add({ kind: 'connecting', url, attempt: this.attempt++ });
    this.add({ kind: 'state', state: 'CONNECTING' });
    this.add({ kind: 'handshake-request', method: 'GET', url, headers: [['Upgrade', 'websocket'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==']] });
    this.add({
      kind: 'handshake-response', status: 101, statusText: 'Switching Protocols',
      headers: [['Upgrade', 'websocket'], ['Sec-WebSocket-Accept', opts.accept ?? ACCEPT]],
      acceptValid: opts.acceptValid ?? true, protocol: opts.protocol ?? '', extensions: opts.extensions ?? '',
    });
    this.add({ kind: 'open', protocol: opts.protocol ?? '', extensions: opts.extensions ?? '' });
    return this.add({ kind: 'state', state: 'OPEN' });
  }

  /** A handshake the server answers with an HTTP error instead of 101. */
  refused(status: number, statusText: string, url = this.url): this {
    this.add({ kind: 'connecting', url, attempt: this.attempt++ });
    this.add({ kind: 'handshake-request', method: 'GET', url, headers: [['Upgrade', 'websocket']] });
    this.add({ kind: 'handshake-response', status, statusText, headers: [], acceptValid: null, protocol: '', extensions: '', body: statusText });
    this.add({ kind: 'error', category: 'handshake-rejected', message: `Unexpected server response: ${status}`, status });
    return this.add({ kind: 'state', state: 'CLOSED' });
  }

  send(data: string, opts: { binary?: boolean; format?: string } = {}): this {
    const encoding = opts.binary ? 'base64' : 'utf8';
    return this.add({ kind: 'message', dir: 'out', opcode: opts.binary ? 'binary' : 'text', size: byteLength(data, encoding), encoding, data, format: opts.format });
  }

  receive(data: string, opts: { binary?: boolean } = {}): this {
    const encoding = opts.binary ? 'base64' : 'utf8';
    return this.add({ kind: 'message', dir: 'in', opcode: opts.binary ? 'binary' : 'text', size: byteLength(data, encoding), encoding, data });
  }

  sendJson(value: unknown): this {
    return this.send(JSON.stringify(value), { format: 'json' });
  }

  receiveJson(value: unknown): this {
    return this.receive(JSON.stringify(value));
  }

  ping(dir: 'in' | 'out', payloadHex = ''): this {
    return this.add({ kind: 'ping', dir, size: payloadHex.length / 2, payloadHex });
  }

  pong(dir: 'in' | 'out', payloadHex = '', rttMs?: number): this {
    return this.add({ kind: 'pong', dir, size: payloadHex.length / 2, payloadHex, rttMs });
  }

  /** The end of a connection; a client-initiated close also records the close frame we sent. */
  close(code: number, opts: { reason?: string; initiator?: CloseEvent['initiator']; wasClean?: boolean } = {}): this {
    const initiator = opts.initiator ?? 'client';
    const codeName = CODE_NAMES[code] ?? '';
    if (initiator === 'client') this.add({ kind: 'close-sent', code, codeName, reason: opts.reason ?? '' });
    else if (initiator === 'server') this.add({ kind: 'state', state: 'CLOSING' });
    this.add({ kind: 'close', code, codeName, reason: opts.reason ?? '', wasClean: opts.wasClean ?? initiator !== 'network', initiator });
    return this.add({ kind: 'state', state: 'CLOSED' });
  }

  /** The connection vanishing without a close frame (RFC 6455 §7.1.5: code 1006). */
  drop(): this {
    this.add({ kind: 'error', category: 'network', message: 'socket hang up' });
    return this.close(1006, { initiator: 'network', wasClean: false });
  }

  error(category: ErrorCategory, message: string = category): this {
    return this.add({ kind: 'error', category, message });
  }

  reconnectScheduled(attempt = 1, delayMs = 500): this {
    return this.add({ kind: 'reconnect-scheduled', attempt, delayMs, maxAttempts: 10 });
  }

  queued(data: string): this {
    return this.add({ kind: 'queued', size: Buffer.byteLength(data), queueLength: 1 });
  }

  info(message: string): this {
    return this.add({ kind: 'info', message });
  }
}

export const timeline = (url?: string) => new TimelineBuilder(url);
