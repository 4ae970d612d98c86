// The events a conversation produces, as the timeline shows them: one schema per kind. The types in
// src/shared/events.ts are read from these, and a JSONL import (src/formats/jsonl.ts) checks each
// line against them, so an imported timeline holds exactly what a recorded one can.
// Plain data only: events cross postMessage. Browser-safe (the webview imports the types).
import * as v from 'valibot';
import { jsonValue } from './json';
import { notes } from './problems';

/** Which way a frame travelled, seen from the side that recorded it. */
export const direction = v.picklist(['in', 'out']);

/** RFC 6455 / WHATWG readyState names. */
export const connectionState = v.picklist(['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']);

/** How a payload is carried in an event: text frames as UTF-8 text, binary frames as base64. */
export const payloadEncoding = v.picklist(['utf8', 'base64']);

export const errorCategory = v.picklist([
  'invalid-url',
  'dns',
  'refused',
  'tls',
  'handshake-rejected',
  'handshake-timeout',
  'protocol',
  'network',
  'pong-timeout',
  'send-failed',
  'other',
]);

const headerList = v.pipe(v.array(v.tuple([v.string(), v.string()])), notes({ what: 'a list of [name, value] pairs' }));

/** An event of one kind: the fields every event has, then its own. */
function event<K extends string, E extends v.ObjectEntries>(kind: K, entries: E) {
  return v.object({
    /** Sequence number, unique and increasing within one timeline. */
    seq: v.number(),
    /** Wall-clock time in ms since the epoch. */
    time: v.number(),
    kind: v.literal(kind),
    ...entries,
  });
}

export const connectingEvent = event('connecting', {
  url: v.string(),
  /** 0 for the first attempt, 1.. for reconnects. */
  attempt: v.number(),
});

export const handshakeRequestEvent = event('handshake-request', {
  method: v.string(),
  url: v.string(),
  /** Every request header as sent, in order. Secret values are already redacted. */
  headers: headerList,
});

export const handshakeResponseEvent = event('handshake-response', {
  status: v.number(),
  statusText: v.string(),
  headers: headerList,
  /** Sec-WebSocket-Accept checked against the key we sent (RFC 6455 §4.2.2). */
  acceptValid: v.nullable(v.boolean()),
  protocol: v.string(),
  extensions: v.string(),
  /** Response body, for refused handshakes (truncated). */
  body: v.optional(v.string()),
});

export const openEvent = event('open', {
  protocol: v.string(),
  extensions: v.string(),
});

/**
 * A message as an application protocol reads it: the raw payload stays in the event, this adds
 * what it means. Shown in the row (protocol, type, summary), the detail pane (fields) and exports.
 */
export const decodedMessage = v.object({
  /** The codec or adapter that read it: 'msgpack', 'socket.io', 'mqtt', 'stomp'… */
  protocol: v.string(),
  /** The protocol's name for this message: 'EVENT', 'PUBLISH', 'CONNECT'… */
  type: v.string(),
  /** One line: what a reader needs to recognise it ('chat:message {"text":"hi"}'). */
  summary: v.string(),
  fields: v.optional(v.record(v.string(), jsonValue)),
});

export const messageEvent = event('message', {
  dir: direction,
  /** 'text' = opcode 0x1, 'binary' = opcode 0x2. */
  opcode: v.picklist(['text', 'binary']),
  /** Payload length in bytes. */
  size: v.number(),
  encoding: payloadEncoding,
  data: v.string(),
  /** How the composer built it, when it was sent from the composer (json, msgpack...). */
  format: v.optional(v.string()),
  /** What a codec or protocol adapter read in the payload (a Socket.IO event, an MQTT PUBLISH…). */
  decoded: v.optional(decodedMessage),
  /** For the server side: which client it came from / went to. */
  clientId: v.optional(v.string()),
});

export const pingEvent = event('ping', {
  dir: direction,
  size: v.number(),
  /** Payload as hex (control frames carry at most 125 bytes). */
  payloadHex: v.string(),
  clientId: v.optional(v.string()),
});

export const pongEvent = event('pong', {
  dir: direction,
  size: v.number(),
  payloadHex: v.string(),
  /** Round-trip time of the ping this pong answers, when we sent that ping. */
  rttMs: v.optional(v.number()),
  clientId: v.optional(v.string()),
});

export const closeEvent = event('close', {
  code: v.number(),
  /** The code's name from the RFC 6455 / IANA registry, e.g. "Normal Closure". */
  codeName: v.string(),
  reason: v.string(),
  wasClean: v.boolean(),
  /** Who sent the first close frame; 'network' when the connection dropped without one. */
  initiator: v.picklist(['client', 'server', 'network']),
  clientId: v.optional(v.string()),
});

/** A close frame we sent (the close handshake has started, state CLOSING). */
export const closeSentEvent = event('close-sent', {
  code: v.number(),
  codeName: v.string(),
  reason: v.string(),
  clientId: v.optional(v.string()),
});

export const errorEvent = event('error', {
  category: errorCategory,
  message: v.string(),
  /** HTTP status of a refused handshake. */
  status: v.optional(v.number()),
  body: v.optional(v.string()),
  clientId: v.optional(v.string()),
});

export const reconnectEvent = event('reconnect-scheduled', {
  attempt: v.number(),
  delayMs: v.number(),
  maxAttempts: v.number(),
});

export const circuitOpenEvent = event('circuit-open', {
  failures: v.number(),
});

export const queuedEvent = event('queued', {
  /** Bytes of the queued message. */
  size: v.number(),
  queueLength: v.number(),
  /** True when the queue was full and the oldest message was dropped to make room. */
  droppedOldest: v.optional(v.boolean()),
});

export const stateEvent = event('state', {
  state: connectionState,
});

/** Server side: a client connected / disconnected (mock server timelines). */
export const clientEvent = event('client', {
  action: v.picklist(['connected', 'disconnected', 'refused']),
  clientId: v.string(),
  remote: v.optional(v.string()),
  detail: v.optional(v.string()),
});

export const infoEvent = event('info', {
  message: v.string(),
  clientId: v.optional(v.string()),
});

/** Any event, chosen by its `kind`. */
export const timelineEvent = v.variant('kind', [
  connectingEvent,
  handshakeRequestEvent,
  handshakeResponseEvent,
  openEvent,
  messageEvent,
  pingEvent,
  pongEvent,
  closeEvent,
  closeSentEvent,
  errorEvent,
  reconnectEvent,
  circuitOpenEvent,
  queuedEvent,
  stateEvent,
  clientEvent,
  infoEvent,
]);
