// The events a conversation produces, as the timeline shows them.
// Produced by the session core (client side) and the mock server (server side), stored by the
// host, rendered by the webview, checked by lessons. Plain data only: it crosses postMessage.

/** Which way a frame travelled, seen from the side that recorded it. */
export type Direction = 'in' | 'out';

/** RFC 6455 / WHATWG readyState names. */
export type ConnectionState = 'CONNECTING' | 'OPEN' | 'CLOSING' | 'CLOSED';

/** How a payload is carried in an event: text frames as UTF-8 text, binary frames as base64. */
export type PayloadEncoding = 'utf8' | 'base64';

export type ErrorCategory =
  | 'invalid-url'
  | 'dns'
  | 'refused'
  | 'tls'
  | 'handshake-rejected'
  | 'handshake-timeout'
  | 'protocol'
  | 'network'
  | 'pong-timeout'
  | 'send-failed'
  | 'other';

interface EventBase {
  /** Sequence number, unique and increasing within one timeline. */
  seq: number;
  /** Wall-clock time in ms since the epoch. */
  time: number;
}

export interface ConnectingEvent extends EventBase {
  kind: 'connecting';
  url: string;
  /** 0 for the first attempt, 1.. for reconnects. */
  attempt: number;
}

export interface HandshakeRequestEvent extends EventBase {
  kind: 'handshake-request';
  method: string;
  url: string;
  /** Every request header as sent, in order. Secret values are already redacted. */
  headers: Array<[string, string]>;
}

export interface HandshakeResponseEvent extends EventBase {
  kind: 'handshake-response';
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  /** Sec-WebSocket-Accept checked against the key we sent (RFC 6455 §4.2.2). */
  acceptValid: boolean | null;
  protocol: string;
  extensions: string;
  /** Response body, for refused handshakes (truncated). */
  body?: string;
}

export interface OpenEvent extends EventBase {
  kind: 'open';
  protocol: string;
  extensions: string;
}

export interface MessageEvent extends EventBase {
  kind: 'message';
  dir: Direction;
  /** 'text' = opcode 0x1, 'binary' = opcode 0x2. */
  opcode: 'text' | 'binary';
  /** Payload length in bytes. */
  size: number;
  encoding: PayloadEncoding;
  data: string;
  /** How the composer built it, when it was sent from the composer (json, msgpack...). */
  format?: string;
  /** What a codec or protocol adapter read in the payload (a Socket.IO event, an MQTT PUBLISH…). */
  decoded?: DecodedMessage;
  /** For the server side: which client it came from / went to. */
  clientId?: string;
}

/** A JSON-compatible value, as decoded fields carry them across postMessage and into exports. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A message as an application protocol reads it: the raw payload stays in the event, this adds
 * what it means. Shown in the row (protocol, type, summary), the detail pane (fields) and exports.
 */
export interface DecodedMessage {
  /** The codec or adapter that read it: 'msgpack', 'socket.io', 'mqtt', 'stomp'… */
  protocol: string;
  /** The protocol's name for this message: 'EVENT', 'PUBLISH', 'CONNECT'… */
  type: string;
  /** One line: what a reader needs to recognise it ('chat:message {"text":"hi"}'). */
  summary: string;
  fields?: Record<string, JsonValue>;
}

export interface PingEvent extends EventBase {
  kind: 'ping';
  dir: Direction;
  size: number;
  /** Payload as hex (control frames carry at most 125 bytes). */
  payloadHex: string;
  clientId?: string;
}

export interface PongEvent extends EventBase {
  kind: 'pong';
  dir: Direction;
  size: number;
  payloadHex: string;
  /** Round-trip time of the ping this pong answers, when we sent that ping. */
  rttMs?: number;
  clientId?: string;
}

export interface CloseEvent extends EventBase {
  kind: 'close';
  code: number;
  /** The code's name from the RFC 6455 / IANA registry, e.g. "Normal Closure". */
  codeName: string;
  reason: string;
  wasClean: boolean;
  /** Who sent the first close frame; 'network' when the connection dropped without one. */
  initiator: 'client' | 'server' | 'network';
  clientId?: string;
}

/** A close frame we sent (the close handshake has started, state CLOSING). */
export interface CloseSentEvent extends EventBase {
  kind: 'close-sent';
  code: number;
  codeName: string;
  reason: string;
  clientId?: string;
}

export interface ErrorEvent extends EventBase {
  kind: 'error';
  category: ErrorCategory;
  message: string;
  /** HTTP status of a refused handshake. */
  status?: number;
  body?: string;
  clientId?: string;
}

export interface ReconnectEvent extends EventBase {
  kind: 'reconnect-scheduled';
  attempt: number;
  delayMs: number;
  maxAttempts: number;
}

export interface CircuitOpenEvent extends EventBase {
  kind: 'circuit-open';
  failures: number;
}

export interface QueuedEvent extends EventBase {
  kind: 'queued';
  /** Bytes of the queued message. */
  size: number;
  queueLength: number;
  /** True when the queue was full and the oldest message was dropped to make room. */
  droppedOldest?: boolean;
}

export interface StateEvent extends EventBase {
  kind: 'state';
  state: ConnectionState;
}

/** Server side: a client connected / disconnected (mock server timelines). */
export interface ClientEvent extends EventBase {
  kind: 'client';
  action: 'connected' | 'disconnected' | 'refused';
  clientId: string;
  remote?: string;
  detail?: string;
}

export interface InfoEvent extends EventBase {
  kind: 'info';
  message: string;
  clientId?: string;
}

export type TimelineEvent =
  | ConnectingEvent
  | HandshakeRequestEvent
  | HandshakeResponseEvent
  | OpenEvent
  | MessageEvent
  | PingEvent
  | PongEvent
  | CloseEvent
  | CloseSentEvent
  | ErrorEvent
  | ReconnectEvent
  | CircuitOpenEvent
  | QueuedEvent
  | StateEvent
  | ClientEvent
  | InfoEvent;

export type TimelineEventKind = TimelineEvent['kind'];

/** An event before the store gives it a sequence number. */
export type NewTimelineEvent = TimelineEvent extends infer E
  ? E extends TimelineEvent
    ? Omit<E, 'seq'>
    : never
  : never;
