// A saved connection, as kept in the workspace file `.vscode/websocket-lab.json`.
// Secret values (headers, query parameters, subprotocols marked secret) are never stored there:
// the file holds `{ secret: true }` and the value lives in VS Code's SecretStorage, bound to the
// workspace and to the origin it was entered for (src/client/secretBinding.ts).
// The shapes come from the file's schema (src/shared/schema/connections.ts): the reader, the
// Edit Connection form and the editor's completion all check what these types say.
import type * as v from 'valibot';
import type * as schema from './schema/connections';
import { COMPOSER_FORMATS, DEFAULT_CONNECTION, DEFAULT_HEARTBEAT, DEFAULT_RECONNECT } from './schema/connectionDefaults';

export { COMPOSER_FORMATS, DEFAULT_HEARTBEAT, DEFAULT_RECONNECT };

export type HeaderEntry = v.InferOutput<typeof schema.headerEntry>;
export type QueryParam = v.InferOutput<typeof schema.queryParam>;
/** A subprotocol name, or `{ name, secret: true }` whose value is in SecretStorage. */
export type SubprotocolEntry = v.InferOutput<typeof schema.subprotocolEntry>;
export type ReconnectSettings = v.InferOutput<typeof schema.reconnectSettings>;
export type HeartbeatSettings = v.InferOutput<typeof schema.heartbeatSettings>;
export type TlsSettings = v.InferOutput<typeof schema.tlsSettings>;
export type SavedMessage = v.InferOutput<typeof schema.savedMessage>;
export type ComposerFormat = (typeof COMPOSER_FORMATS)[number];

/** A connection as the app holds it: the file's entry with defaults filled in and a name (the URL when the file gives none). */
export type ConnectionConfig = Omit<v.InferOutput<typeof schema.connection>, 'name'> & { name: string };

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
    handshakeTimeoutMs: DEFAULT_CONNECTION.handshakeTimeoutMs,
    maxMessageSize: DEFAULT_CONNECTION.maxMessageSize,
    perMessageDeflate: DEFAULT_CONNECTION.perMessageDeflate,
    tls: { rejectUnauthorized: DEFAULT_CONNECTION.rejectUnauthorized },
    queueLimit: DEFAULT_CONNECTION.queueLimit,
    savedMessages: [],
  };
}
