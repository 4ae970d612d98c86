// The live figures of a conversation (a connection or a mock server), shown in the timeline
// header, the tree and the status bar.
import type { ConnectionState } from './events';

/** Live figures shown in the timeline header and the tree. */
export interface ConnectionStats {
  state: ConnectionState;
  /** Set while a reconnect is pending: when it fires (epoch ms). */
  reconnectAt?: number;
  reconnectAttempt?: number;
  /** True when the circuit breaker stopped reconnecting until the user retries. */
  circuitOpen?: boolean;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Messages waiting to be sent after reconnecting. */
  queueLength: number;
  bufferedAmount: number;
  /** The last ping's round trip, ms. */
  lastRttMs?: number;
  /** When the current connection opened (epoch ms). */
  openedAt?: number;
  protocol?: string;
  extensions?: string;
}
