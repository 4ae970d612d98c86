// The connections file's version, formats and defaults as plain data, apart from the schema
// (connections.ts) that uses them: the webview and the connection factory read these without
// loading a validator.

export const CONNECTIONS_FILE_VERSION = 1;

/** The composer's formats, in the order the picker shows them (src/codecs/registry.ts implements each). */
export const COMPOSER_FORMATS = ['text', 'json', 'hex', 'base64', 'msgpack'] as const;

export const DEFAULT_RECONNECT = {
  enabled: true,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: true,
  maxAttempts: 10,
  circuitBreakerThreshold: 10,
};
export const DEFAULT_HEARTBEAT = { pingIntervalMs: 0, pongTimeoutMs: 10_000 };
export const DEFAULT_CONNECTION = {
  handshakeTimeoutMs: 10_000,
  maxMessageSize: 100 * 1024 * 1024,
  perMessageDeflate: true,
  rejectUnauthorized: true,
  queueLimit: 1000,
};
