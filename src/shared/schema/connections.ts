// The workspace file `.vscode/websocket-lab.json`: { "version": 1, "connections": [...] }.
// One schema gives the ConnectionConfig types (src/shared/connection.ts), the reader's checks and
// defaults (src/formats/connectionsFile.ts), the Edit Connection form's limits
// (src/panels/connections/editConnection.ts) and the JSON Schema VS Code completes the file with.
// Unknown fields are dropped, not refused: a file written by a later version still loads.
import * as v from 'valibot';
import { notes } from './problems';
import { COMPOSER_FORMATS, CONNECTIONS_FILE_VERSION, DEFAULT_CONNECTION, DEFAULT_HEARTBEAT, DEFAULT_RECONNECT } from './connectionDefaults';

/** The largest message size the form ever offered (and the largest 32-bit length). */
const MAX_INT32 = 2 ** 31 - 1;

// The two shapes of whole-number setting: bounded both ways, or only from below.
const between = (min: number, max: number, unit: string | undefined, description: string, note?: string) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max), notes({ unit, note }), v.description(description));
const atLeast = (min: number, unit: string | undefined, description: string, note?: string) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), notes({ unit, note }), v.description(description));

const flag = (description: string) => v.pipe(v.boolean(), v.description(description));
const text = (description: string) => v.pipe(v.string(), v.description(description));

export const queryParam = v.pipe(
  v.object({
    name: text('Query parameter name.'),
    value: v.optional(text('Value; may contain {{variables}}. Empty when "secret" is true: the value is kept in VS Code SecretStorage.'), ''),
    secret: v.optional(flag('true: the value (a token, a signature) lives in VS Code SecretStorage, never in this file, and is hidden in the timeline, logs and exports.')),
    enabled: v.optional(flag('false: kept in the list but not sent.')),
  }),
  notes({ what: 'a {name, value} object' }),
);

export const headerEntry = v.pipe(
  v.object({
    name: text('Header name.'),
    value: v.optional(text('Value; may contain {{variables}}. Empty when "secret" is true: the value is kept in VS Code SecretStorage.'), ''),
    secret: v.optional(flag('true: the value lives in VS Code SecretStorage, never in this file.')),
    enabled: v.optional(flag('false: kept in the list but not sent.')),
  }),
  notes({ what: 'a {name, value} object' }),
);

/**
 * A subprotocol to offer: its name, or a secret one (such as auth.<token>, the way browsers pass a
 * token) whose value lives in SecretStorage under a label.
 */
export const subprotocolEntry = v.union([
  text('A subprotocol name. One that carries a credential (auth.<token>) belongs in a secret entry: {"name": "auth", "secret": true}.'),
  v.pipe(
    v.object({
      name: text('A label for this secret subprotocol, unique in the list; its value (e.g. auth.<token>) is kept in VS Code SecretStorage.'),
      secret: v.pipe(v.literal(true), v.description('The subprotocol\'s value lives in VS Code SecretStorage, never in this file, and is hidden in the timeline, logs and exports.')),
    }),
    notes({ what: 'a {"name": ..., "secret": true} object' }),
  ),
]);

export const savedMessage = v.pipe(
  v.object({
    name: text('Shown in the composer\'s saved-message menu.'),
    format: v.optional(v.pipe(v.picklist(COMPOSER_FORMATS), v.description('How the composer encodes the body.')), 'text'),
    body: v.optional(text('The message as typed in the composer.'), ''),
    description: v.optional(text('One line shown next to the name.')),
  }),
  notes({ what: 'a {name, format, body} object' }),
);

/** The settings the Edit Connection form edits, by name: the form reads its limits from these. */
export const connectionSettings = {
  reconnect: {
    baseDelayMs: between(0, 600_000, 'milliseconds', 'Delay before the first retry; doubles on each failed retry up to maxDelayMs.'),
    // No upper bound: files written before the bounds were shared may hold any value >= 0, and the
    // backoff never waits longer than this anyway.
    maxDelayMs: atLeast(0, 'milliseconds', 'Longest delay between retries.'),
    maxAttempts: atLeast(0, undefined, 'Retries before giving up.', '0 = unlimited'),
    circuitBreakerThreshold: atLeast(0, undefined, 'Consecutive failures that open the circuit breaker.', '0 = never'),
  },
  heartbeat: {
    pingIntervalMs: between(0, 3_600_000, 'milliseconds', 'Send a ping this often while open.', '0 = off'),
    pongTimeoutMs: between(0, 600_000, 'milliseconds', 'Drop the connection when a pong takes longer than this.', '0 = wait forever'),
  },
  handshakeTimeoutMs: between(1, 600_000, 'milliseconds', 'Give up on a handshake that takes longer than this.'),
  maxMessageSize: between(1, MAX_INT32, 'bytes', 'Largest message accepted; larger ones close the connection with 1009.'),
  queueLimit: atLeast(0, undefined, 'Messages kept queued while disconnected; the oldest is dropped past this.'),
};
const s = connectionSettings;

export const reconnectSettings = v.pipe(
  v.object({
    enabled: v.optional(flag('Reconnect after the connection drops.'), DEFAULT_RECONNECT.enabled),
    baseDelayMs: v.optional(s.reconnect.baseDelayMs, DEFAULT_RECONNECT.baseDelayMs),
    maxDelayMs: v.optional(s.reconnect.maxDelayMs, DEFAULT_RECONNECT.maxDelayMs),
    jitter: v.optional(flag('Full jitter: each delay is picked uniformly between 0 and the backoff.'), DEFAULT_RECONNECT.jitter),
    maxAttempts: v.optional(s.reconnect.maxAttempts, DEFAULT_RECONNECT.maxAttempts),
    circuitBreakerThreshold: v.optional(s.reconnect.circuitBreakerThreshold, DEFAULT_RECONNECT.circuitBreakerThreshold),
  }),
  v.description('Automatic reconnection with exponential backoff.'),
);

export const heartbeatSettings = v.pipe(
  v.object({
    pingIntervalMs: v.optional(s.heartbeat.pingIntervalMs, DEFAULT_HEARTBEAT.pingIntervalMs),
    pongTimeoutMs: v.optional(s.heartbeat.pongTimeoutMs, DEFAULT_HEARTBEAT.pongTimeoutMs),
  }),
  v.description('Keep-alive pings.'),
);

const pemFile = (description: string) => v.pipe(v.string(), notes({ what: 'a file path string' }), v.description(description));

export const tlsSettings = v.pipe(
  v.object({
    rejectUnauthorized: v.optional(flag('Verify the server\'s certificate. Turn off only for local test servers.'), DEFAULT_CONNECTION.rejectUnauthorized),
    caFile: v.optional(pemFile('PEM file of extra certificate authorities to trust.')),
    certFile: v.optional(pemFile('PEM client certificate (mutual TLS).')),
    keyFile: v.optional(pemFile('PEM client key (mutual TLS).')),
  }),
  v.description('TLS options for wss:// URLs.'),
);

// Fields in the order a saved file writes them (the reader's output keeps the schema's order).
export const connection = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1), v.description('Unique id. Secret values are kept in VS Code SecretStorage for this workspace and for the server (scheme, host and port) they were entered for; sending them anywhere else asks first.')),
    name: v.optional(text('Shown in the Connections view (defaults to the URL).')),
    url: text('ws:// or wss:// URL; may contain {{variables}}.'),
    query: v.optional(v.pipe(v.array(queryParam), v.description('Query parameters added to the URL.')), []),
    headers: v.optional(v.pipe(v.array(headerEntry), v.description('Handshake request headers.')), []),
    subprotocols: v.optional(v.pipe(v.array(subprotocolEntry), v.description('Offered subprotocols, in preference order.')), []),
    reconnect: v.optional(reconnectSettings, {}),
    heartbeat: v.optional(heartbeatSettings, {}),
    handshakeTimeoutMs: v.optional(s.handshakeTimeoutMs, DEFAULT_CONNECTION.handshakeTimeoutMs),
    maxMessageSize: v.optional(s.maxMessageSize, DEFAULT_CONNECTION.maxMessageSize),
    perMessageDeflate: v.optional(flag('Offer permessage-deflate compression (RFC 7692).'), DEFAULT_CONNECTION.perMessageDeflate),
    tls: v.optional(tlsSettings, {}),
    queueLimit: v.optional(s.queueLimit, DEFAULT_CONNECTION.queueLimit),
    savedMessages: v.optional(v.pipe(v.array(savedMessage), v.description('Messages saved from the composer.'))),
  }),
  v.description('A saved connection.'),
);

export const connectionsFile = v.pipe(
  v.object({
    // The reader checks the version itself first, to tell a newer file from a wrong one.
    version: v.optional(v.pipe(v.literal(CONNECTIONS_FILE_VERSION), v.description('File format version.'))),
    connections: v.optional(v.pipe(v.array(connection), v.description('The saved connections, in the order the view lists them.')), []),
  }),
  notes({ what: 'an object like { "version": 1, "connections": [] }' }),
  v.title('WebSocket Lab connections'),
  v.description('Saved WebSocket connections (.vscode/websocket-lab.json). Secret header, query parameter and subprotocol values are kept in VS Code SecretStorage, never here.'),
);
