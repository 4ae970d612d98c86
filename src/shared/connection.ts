// A saved connection, as kept in the workspace file `.vscode/websocket-lab.json`.
// Secret header values are never stored here: the file holds `{ secret: true }` and the value
// lives in VS Code's SecretStorage under the connection id + header name.

export interface HeaderEntry {
  name: string;
  /** Empty when `secret` is true: the value is in SecretStorage. */
  value: string;
  secret?: boolean;
  enabled?: boolean;
}

export interface QueryParam {
  name: string;
  value: string;
  enabled?: boolean;
}

export interface ReconnectSettings {
  enabled: boolean;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Full jitter (delay picked uniformly in [0, backoff]) when true. */
  jitter: boolean;
  /** 0 = unlimited. */
  maxAttempts: number;
  /** Consecutive failures that open the circuit breaker (0 = never). */
  circuitBreakerThreshold: number;
}

export interface HeartbeatSettings {
  /** 0 = off. */
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

export interface TlsSettings {
  rejectUnauthorized: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface ConnectionConfig {
  id: string;
  name: string;
  /** ws:// or wss:// URL; may contain {{variables}}. */
  url: string;
  query: QueryParam[];
  headers: HeaderEntry[];
  /** Offered subprotocols, in preference order. */
  subprotocols: string[];
  reconnect: ReconnectSettings;
  heartbeat: HeartbeatSettings;
  handshakeTimeoutMs: number;
  maxMessageSize: number;
  perMessageDeflate: boolean;
  tls: TlsSettings;
  /** Messages kept queued while disconnected (oldest dropped past this). */
  queueLimit: number;
  /** Saved composer messages. */
  savedMessages?: SavedMessage[];
}

export interface SavedMessage {
  name: string;
  description?: string;
  format: ComposerFormat;
  body: string;
}

/** The composer's formats, in the order the picker shows them (src/codecs/registry.ts implements each). */
export const COMPOSER_FORMATS = ['text', 'json', 'hex', 'base64', 'msgpack'] as const;
export type ComposerFormat = (typeof COMPOSER_FORMATS)[number];

export const DEFAULT_RECONNECT: ReconnectSettings = {
  enabled: true,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: true,
  maxAttempts: 10,
  circuitBreakerThreshold: 10,
};

export const DEFAULT_HEARTBEAT: HeartbeatSettings = { pingIntervalMs: 0, pongTimeoutMs: 10_000 };

export function newConnectionConfig(id: string, name: string, url: string): ConnectionConfig {
  return {
    id,
    name,
    url,
    query: [],
    headers: [],
    subprotocols: [],
    reconnect: { ...DEFAULT_RECONNECT },
    heartbeat: { ...DEFAULT_HEARTBEAT },
    handshakeTimeoutMs: 10_000,
    maxMessageSize: 100 * 1024 * 1024,
    perMessageDeflate: true,
    tls: { rejectUnauthorized: true },
    queueLimit: 1000,
    savedMessages: [],
  };
}
