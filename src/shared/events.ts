// The events a conversation produces, as the timeline shows them.
// Produced by the session core (client side) and the mock server (server side), stored by the
// host, rendered by the webview, checked by lessons. Plain data only: it crosses postMessage.
// Each type is read from its schema in src/shared/schema/events.ts (field docs are there), the
// schema a JSONL import checks lines against: an event type and its check cannot disagree.
// Type-only imports: the webview gets the types without the schemas.
import type { InferOutput } from 'valibot';
import type * as S from './schema/events';

export type { JsonValue } from './schema/json';

/** Which way a frame travelled, seen from the side that recorded it. */
export type Direction = InferOutput<typeof S.direction>;

/** RFC 6455 / WHATWG readyState names. */
export type ConnectionState = InferOutput<typeof S.connectionState>;

/** How a payload is carried in an event: text frames as UTF-8 text, binary frames as base64. */
export type PayloadEncoding = InferOutput<typeof S.payloadEncoding>;

export type ErrorCategory = InferOutput<typeof S.errorCategory>;

export type ConnectingEvent = InferOutput<typeof S.connectingEvent>;
export type HandshakeRequestEvent = InferOutput<typeof S.handshakeRequestEvent>;
export type HandshakeResponseEvent = InferOutput<typeof S.handshakeResponseEvent>;
export type OpenEvent = InferOutput<typeof S.openEvent>;
export type MessageEvent = InferOutput<typeof S.messageEvent>;

/**
 * A message as an application protocol reads it: the raw payload stays in the event, this adds
 * what it means. Shown in the row (protocol, type, summary), the detail pane (fields) and exports.
 */
export type DecodedMessage = InferOutput<typeof S.decodedMessage>;

export type PingEvent = InferOutput<typeof S.pingEvent>;
export type PongEvent = InferOutput<typeof S.pongEvent>;
export type CloseEvent = InferOutput<typeof S.closeEvent>;
/** A close frame we sent (the close handshake has started, state CLOSING). */
export type CloseSentEvent = InferOutput<typeof S.closeSentEvent>;
export type ErrorEvent = InferOutput<typeof S.errorEvent>;
export type ReconnectEvent = InferOutput<typeof S.reconnectEvent>;
export type CircuitOpenEvent = InferOutput<typeof S.circuitOpenEvent>;
export type QueuedEvent = InferOutput<typeof S.queuedEvent>;
export type StateEvent = InferOutput<typeof S.stateEvent>;
/** Server side: a client connected / disconnected (mock server timelines). */
export type ClientEvent = InferOutput<typeof S.clientEvent>;
export type InfoEvent = InferOutput<typeof S.infoEvent>;

/** Any event: the kinds the schema's `timelineEvent` variant lists. */
export type TimelineEvent = InferOutput<typeof S.timelineEvent>;

export type TimelineEventKind = TimelineEvent['kind'];

/** An event before the store gives it a sequence number. */
export type NewTimelineEvent = TimelineEvent extends infer E
  ? E extends TimelineEvent
    ? Omit<E, 'seq'>
    : never
  : never;
