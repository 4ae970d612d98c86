// The Transport interface on a real `ws` client socket.
// What ws does not report directly, and how we get it:
// - the request headers as sent: ws's public `finishRequest` hook hands us the ClientRequest
//   before it is sent; we end it ourselves and read what Node actually wrote;
// - the 101 response: the public 'upgrade' event; refused handshakes: 'unexpected-response'
//   (with a listener attached ws leaves reading the body and aborting to us);
// - wasClean: ws's WHATWG-style 'close' event (addEventListener) computes it for us;
// - the handshake deadline: our own timer, because ws's handshakeTimeout is a socket *idle*
//   timeout that a server trickling bytes would never trigger.
import WebSocket from 'ws';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { checkAcceptKey } from '../wire/handshake';
import { FrameTracker, describeIncomplete } from '../wire/frameTracker';
import {
  TransportErrorCode,
  transportError,
  type Transport,
  type TransportEvents,
  type TransportOptions,
} from './transport';

/** Refused-handshake bodies are kept for the user to read, but never more than this. */
export const REFUSED_BODY_LIMIT = 4096;
/** A refused response whose body never ends must not keep the attempt alive. */
const REFUSED_BODY_READ_MS = 2000;

type Phase = 'connecting' | 'upgraded' | 'open' | 'closed';

export class WsTransport implements Transport {
  private ws: WebSocket | undefined;
  private events: TransportEvents | undefined;
  private phase: Phase = 'connecting';
  private key: string | undefined;
  /** Set when we already reported why the attempt ended; ws's own follow-up error is noise. */
  private swallowErrors = false;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  /** The upgraded socket, read alongside ws to know whether a drop cut a frame in half. */
  private socket: Socket | undefined;
  private readonly tracker = new FrameTracker();
  /** An error was already reported for this connection, or we cut it off ourselves. */
  private explained = false;

  get bufferedAmount(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  open(url: string, protocols: string[], options: TransportOptions, events: TransportEvents): void {
    if (this.ws) throw new Error('A WsTransport opens one connection only; create a new one.');
    this.events = events;
    const tls = options.tls;
    const wsOptions: WebSocket.ClientOptions & { closeTimeout?: number } = {
      headers: headerObject(options.headers) as Record<string, string>,
      maxPayload: options.maxPayload,
      perMessageDeflate: options.perMessageDeflate,
      followRedirects: false,
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
      ca: pem(tls?.ca),
      cert: pem(tls?.cert),
      key: pem(tls?.key),
      finishRequest: (req) => this.sendRequest(req, url),
    };
    if (options.closeTimeoutMs !== undefined) wsOptions.closeTimeout = options.closeTimeoutMs;
    // May throw (bad URL, bad subprotocol, bad header): the caller reports it.
    const ws = new WebSocket(url, protocols, wsOptions);
    this.ws = ws;
    if (options.handshakeTimeoutMs > 0) {
      this.deadline = setTimeout(() => this.handshakeTimedOut(options.handshakeTimeoutMs), options.handshakeTimeoutMs);
    }
    ws.on('upgrade', (res) => this.upgraded(res));
    ws.on('unexpected-response', (req, res) => this.refused(req, res));
    ws.on('open', () => {
      this.phase = 'open';
      // Attached now, not at 'upgrade': ws has queued the bytes that came with the 101 and will
      // hand them to every 'data' listener on the next tick, ours included.
      this.socket?.on('data', (chunk: Buffer) => this.tracker.feed(chunk));
      this.clearDeadline();
      events.onOpen({ protocol: ws.protocol, extensions: ws.extensions });
    });
    ws.on('message', (data, isBinary) => events.onMessage(toBytes(data), isBinary));
    ws.on('ping', (data) => events.onPing(data));
    ws.on('pong', (data) => events.onPong(data));
    ws.on('error', (err) => this.failed(err));
    ws.addEventListener('close', (e) => {
      if (e.code === 1006 && this.phase === 'open') this.reportTruncation();
      this.phase = 'closed';
      this.clearDeadline();
      events.onClose(e.code, e.reason, e.wasClean);
    });
  }

  send(data: string | Uint8Array, isBinary: boolean, callback: (error?: Error) => void): void {
    try {
      if (!this.ws) throw new Error('not connected');
      this.ws.send(data, { binary: isBinary }, (err) => callback(err ?? undefined));
    } catch (err) {
      callback(err as Error);
    }
  }

  ping(payload: Uint8Array): void {
    if (this.phase === 'open') this.ws?.ping(payload);
  }

  close(code: number, reason: string): void {
    if (!this.ws || this.phase === 'closed') return;
    if (this.phase !== 'open') {
      this.terminate();
      return;
    }
    this.ws.close(code, reason);
  }

  terminate(): void {
    if (!this.ws || this.phase === 'closed') return;
    // Before the open, ws reports "closed before the connection was established": our own doing.
    if (this.phase !== 'open') this.swallowErrors = true;
    this.explained = true;
    this.clearDeadline();
    this.ws.terminate();
  }

  private sendRequest(req: ClientRequest, url: string): void {
    this.key = String(req.getHeader('sec-websocket-key') ?? '');
    req.end();
    this.events?.onHandshakeRequest({ method: req.method, url, headers: requestHeaders(req) });
  }

  private upgraded(res: IncomingMessage): void {
    this.phase = 'upgraded';
    this.socket = res.socket as Socket;
    this.events?.onHandshakeResponse({
      status: res.statusCode ?? 0,
      statusText: res.statusMessage ?? '',
      headers: pairs(res.rawHeaders),
      acceptValid: checkAcceptKey(this.key, header(res, 'sec-websocket-accept')),
      protocol: header(res, 'sec-websocket-protocol') ?? '',
      extensions: header(res, 'sec-websocket-extensions') ?? '',
    });
  }

  private refused(_req: ClientRequest, res: IncomingMessage): void {
    this.clearDeadline();
    this.swallowErrors = true;
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      res.removeAllListeners('data');
      let body = Buffer.concat(chunks).subarray(0, REFUSED_BODY_LIMIT).toString('utf8');
      if (truncated) body += `\n… (truncated at ${REFUSED_BODY_LIMIT} bytes)`;
      const status = res.statusCode ?? 0;
      const statusText = res.statusMessage ?? '';
      this.events?.onHandshakeResponse({
        status,
        statusText,
        headers: pairs(res.rawHeaders),
        acceptValid: null,
        protocol: header(res, 'sec-websocket-protocol') ?? '',
        extensions: header(res, 'sec-websocket-extensions') ?? '',
        body,
      });
      this.events?.onError(
        status === 101
          ? // Node only takes a 101 as an upgrade when it carries an Upgrade header; without one it lands here.
            transportError(TransportErrorCode.handshakeInvalid, 'Invalid Upgrade header')
          : transportError(TransportErrorCode.handshakeRejected, `Unexpected server response: ${status} ${statusText}`.trim(), {
              status,
              statusText,
              body,
            }),
      );
      this.ws?.terminate();
    };
    const timer = setTimeout(finish, REFUSED_BODY_READ_MS);
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > REFUSED_BODY_LIMIT) {
        truncated = true;
        finish();
      }
    });
    res.on('end', finish);
    res.on('error', finish);
    res.on('close', finish);
  }

  private handshakeTimedOut(ms: number): void {
    this.deadline = undefined;
    if (this.phase === 'open' || this.phase === 'closed') return;
    this.events?.onError(
      transportError(TransportErrorCode.handshakeTimeout, `Opening handshake has timed out after ${ms} ms`, { timeoutMs: ms }),
    );
    this.terminate();
  }

  private failed(err: Error): void {
    if (this.swallowErrors) return;
    this.explained = true;
    if (this.phase === 'upgraded') {
      // ws rejected the server's 101 answer (accept key, subprotocol, extensions).
      this.events?.onError(transportError(TransportErrorCode.handshakeInvalid, err.message, { cause: err }));
      return;
    }
    this.events?.onError(err);
  }

  /** The peer dropped TCP without a close frame: say so when it happened mid-frame. */
  private reportTruncation(): void {
    const cut = this.tracker.incomplete;
    if (!cut || this.explained) return;
    this.explained = true;
    this.events?.onError(
      transportError(
        TransportErrorCode.truncatedFrame,
        `The server ended the connection in the middle of a frame: ${describeIncomplete(cut)} arrived, then the TCP connection closed without a close frame (1006 Abnormal Closure, RFC 6455 §7.1.5).`,
      ),
    );
  }

  private clearDeadline(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = undefined;
  }
}

export const createWsTransport = (): Transport => new WsTransport();

/** Request headers as Node wrote them; falls back to the header API if `_header` ever goes away. */
function requestHeaders(req: ClientRequest): Array<[string, string]> {
  const raw = (req as unknown as { _header?: unknown })._header;
  if (typeof raw === 'string') {
    const lines = raw.split('\r\n').slice(1);
    const out: Array<[string, string]> = [];
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) out.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
    return out;
  }
  const out: Array<[string, string]> = [];
  for (const name of req.getRawHeaderNames()) {
    const value = req.getHeader(name);
    for (const v of Array.isArray(value) ? value : [value]) out.push([name, String(v)]);
  }
  return out;
}

/** Repeated names (case-insensitive) become arrays so Node sends every one of them. */
function headerObject(headers: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const spelling = new Map<string, string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const key = spelling.get(lower);
    if (key === undefined) {
      spelling.set(lower, name);
      out[name] = value;
    } else {
      const prev = out[key];
      out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return out;
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function pem(v: string | Uint8Array | undefined): string | Buffer | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
