// The socket behind a Session, as a small interface: the session logic (states, reconnect,
// queue, heartbeat) is tested against a fake, and `wsTransport.ts` drives a real `ws` client.
//
// Contract: after open() returns without throwing, the transport reports, in order, any of
// onHandshakeRequest, onHandshakeResponse, onOpen, onMessage/onPing/onPong, onError, and finally
// exactly one onClose. open() throws only for arguments it cannot use (bad URL, bad header).

import type { HandshakeRequestEvent, HandshakeResponseEvent } from '../shared/events';

/** The handshake as the transport saw it: the timeline events' fields, before redaction. */
export type HandshakeRequestInfo = Omit<HandshakeRequestEvent, 'kind' | 'seq' | 'time'>;
export type HandshakeResponseInfo = Omit<HandshakeResponseEvent, 'kind' | 'seq' | 'time'>;

export interface TransportTls {
  rejectUnauthorized: boolean;
  /** PEM contents, not file names: the core never reads files on its own. */
  ca?: string | Uint8Array;
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
}

export interface TransportOptions {
  headers: Array<[string, string]>;
  /** Deadline for the whole opening handshake (TCP + TLS + HTTP upgrade); 0 = none. */
  handshakeTimeoutMs: number;
  /** Largest incoming message accepted, in bytes (bigger ones close with 1009). */
  maxPayload: number;
  perMessageDeflate: boolean;
  tls?: TransportTls;
  /** How long to wait for the peer's close frame after sending ours. */
  closeTimeoutMs?: number;
}

export interface TransportEvents {
  onHandshakeRequest(request: HandshakeRequestInfo): void;
  onHandshakeResponse(response: HandshakeResponseInfo): void;
  onOpen(info: { protocol: string; extensions: string }): void;
  onMessage(data: Uint8Array, isBinary: boolean): void;
  onPing(payload: Uint8Array): void;
  onPong(payload: Uint8Array): void;
  /** Errors carry Node/ws codes (ECONNREFUSED, WS_ERR_INVALID_UTF8...) or the WSLAB_* codes below. */
  onError(error: Error): void;
  onClose(code: number, reason: string, wasClean: boolean): void;
}

export interface Transport {
  open(url: string, protocols: string[], options: TransportOptions, events: TransportEvents): void;
  send(data: string | Uint8Array, isBinary: boolean, callback: (error?: Error) => void): void;
  ping(payload: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a close handshake. */
  terminate(): void;
  /** Bytes handed to send() that are not yet written to the socket. */
  readonly bufferedAmount: number;
}

export type TransportFactory = () => Transport;

/** Error codes a transport uses for failures that have no Node/ws code. */
export const TransportErrorCode = {
  handshakeRejected: 'WSLAB_HANDSHAKE_REJECTED',
  handshakeTimeout: 'WSLAB_HANDSHAKE_TIMEOUT',
  /** The server answered 101 but the response broke a rule (accept key, subprotocol, extension). */
  handshakeInvalid: 'WSLAB_HANDSHAKE_INVALID',
  /** The peer ended the TCP connection in the middle of a frame (the message says how far). */
  truncatedFrame: 'WSLAB_TRUNCATED_FRAME',
} as const;

export interface TransportError extends Error {
  code?: string;
  /** HTTP status of a refused handshake. */
  status?: number;
  statusText?: string;
  body?: string;
  timeoutMs?: number;
}

export function transportError(code: string, message: string, extra: Partial<TransportError> = {}): TransportError {
  return Object.assign(new Error(message), { code }, extra);
}
