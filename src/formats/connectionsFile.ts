// The workspace file `.vscode/websocket-lab.json`: { "version": 1, "connections": [...] }.
// People edit it by hand and commit it, so reading is forgiving about missing settings (filled
// from defaults) but precise about wrong ones; writing never includes a secret value.

import type { ComposerFormat, ConnectionConfig, HeaderEntry, QueryParam, SavedMessage } from '../shared/connection';
import { COMPOSER_FORMATS, newConnectionConfig } from '../shared/connection';
import { parseJson } from '../codecs/payload';

export const CONNECTIONS_FILE_VERSION = 1;

export type ConnectionsFileResult =
  | { ok: true; connections: ConnectionConfig[] }
  | { ok: false; error: string; position?: number; line?: number; column?: number };

class FieldError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 60));

function check<T>(value: unknown, path: string, what: string, ok: (v: unknown) => boolean): T {
  if (!ok(value)) throw new FieldError(`${path} must be ${what}, got ${show(value)}`);
  return value as T;
}

const str = (v: unknown) => typeof v === 'string';
const bool = (v: unknown) => typeof v === 'boolean';
const count = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const FORMATS: readonly ComposerFormat[] = COMPOSER_FORMATS;

/** A value at `obj[key]`, or `fallback` when the key is absent. */
function opt<T>(obj: Obj, key: string, path: string, what: string, ok: (v: unknown) => boolean, fallback: T): T {
  return obj[key] === undefined ? fallback : check<T>(obj[key], `${path}.${key}`, what, ok);
}

function list<T>(obj: Obj, key: string, path: string, item: (v: unknown, path: string) => T): T[] {
  if (obj[key] === undefined) return [];
  return check<unknown[]>(obj[key], `${path}.${key}`, 'a list', Array.isArray).map((v, i) => item(v, `${path}.${key}[${i}]`));
}

function section(obj: Obj, key: string, path: string): Obj {
  return obj[key] === undefined ? {} : check<Obj>(obj[key], `${path}.${key}`, 'an object', isObj);
}

function readConnection(raw: unknown, path: string): ConnectionConfig {
  const c = check<Obj>(raw, path, 'an object', isObj);
  const id = check<string>(c.id, `${path}.id`, 'a non-empty string', (v) => str(v) && v !== '');
  const url = check<string>(c.url, `${path}.url`, 'a string', str);
  const d = newConnectionConfig(id, opt(c, 'name', path, 'a string', str, url), url);
  const r = section(c, 'reconnect', path);
  const rp = `${path}.reconnect`;
  const h = section(c, 'heartbeat', path);
  const hp = `${path}.heartbeat`;
  const t = section(c, 'tls', path);
  const tp = `${path}.tls`;
  const optionalFile = (key: 'caFile' | 'certFile' | 'keyFile') =>
    t[key] === undefined ? {} : { [key]: check<string>(t[key], `${tp}.${key}`, 'a file path string', str) };
  return {
    ...d,
    query: list(c, 'query', path, (v, p): QueryParam => {
      const q = check<Obj>(v, p, 'a {name, value} object', isObj);
      const param: QueryParam = { name: check(q.name, `${p}.name`, 'a string', str), value: opt(q, 'value', p, 'a string', str, '') };
      if (q.enabled !== undefined) param.enabled = check(q.enabled, `${p}.enabled`, 'true or false', bool);
      return param;
    }),
    headers: list(c, 'headers', path, (v, p): HeaderEntry => {
      const x = check<Obj>(v, p, 'a {name, value} object', isObj);
      const header: HeaderEntry = { name: check(x.name, `${p}.name`, 'a string', str), value: opt(x, 'value', p, 'a string', str, '') };
      if (x.secret !== undefined) header.secret = check(x.secret, `${p}.secret`, 'true or false', bool);
      if (x.enabled !== undefined) header.enabled = check(x.enabled, `${p}.enabled`, 'true or false', bool);
      return header;
    }),
    subprotocols: list(c, 'subprotocols', path, (v, p) => check<string>(v, p, 'a string', str)),
    reconnect: {
      enabled: opt(r, 'enabled', rp, 'true or false', bool, d.reconnect.enabled),
      baseDelayMs: opt(r, 'baseDelayMs', rp, 'a whole number of milliseconds >= 0', count, d.reconnect.baseDelayMs),
      maxDelayMs: opt(r, 'maxDelayMs', rp, 'a whole number of milliseconds >= 0', count, d.reconnect.maxDelayMs),
      jitter: opt(r, 'jitter', rp, 'true or false', bool, d.reconnect.jitter),
      maxAttempts: opt(r, 'maxAttempts', rp, 'a whole number >= 0 (0 = unlimited)', count, d.reconnect.maxAttempts),
      circuitBreakerThreshold: opt(r, 'circuitBreakerThreshold', rp, 'a whole number >= 0 (0 = never)', count, d.reconnect.circuitBreakerThreshold),
    },
    heartbeat: {
      pingIntervalMs: opt(h, 'pingIntervalMs', hp, 'a whole number of milliseconds >= 0 (0 = off)', count, d.heartbeat.pingIntervalMs),
      pongTimeoutMs: opt(h, 'pongTimeoutMs', hp, 'a whole number of milliseconds >= 0', count, d.heartbeat.pongTimeoutMs),
    },
    handshakeTimeoutMs: opt(c, 'handshakeTimeoutMs', path, 'a number of milliseconds > 0', positive, d.handshakeTimeoutMs),
    maxMessageSize: opt(c, 'maxMessageSize', path, 'a number of bytes > 0', positive, d.maxMessageSize),
    perMessageDeflate: opt(c, 'perMessageDeflate', path, 'true or false', bool, d.perMessageDeflate),
    tls: {
      rejectUnauthorized: opt(t, 'rejectUnauthorized', tp, 'true or false', bool, d.tls.rejectUnauthorized),
      ...optionalFile('caFile'),
      ...optionalFile('certFile'),
      ...optionalFile('keyFile'),
    },
    queueLimit: opt(c, 'queueLimit', path, 'a whole number >= 0', count, d.queueLimit),
    savedMessages: list(c, 'savedMessages', path, (v, p): SavedMessage => {
      const m = check<Obj>(v, p, 'a {name, format, body} object', isObj);
      const saved: SavedMessage = {
        name: check(m.name, `${p}.name`, 'a string', str),
        format: opt(m, 'format', p, `one of ${FORMATS.join(', ')}`, (x) => FORMATS.includes(x as ComposerFormat), 'text' as ComposerFormat),
        body: opt(m, 'body', p, 'a string', str, ''),
      };
      if (m.description !== undefined) saved.description = check(m.description, `${p}.description`, 'a string', str);
      return saved;
    }),
  };
}

/**
 * Reads the file. Errors name the connection index and field (`connections[2].reconnect.maxDelayMs
 * must be ...`) or, for broken JSON, the line and column. Unknown fields are ignored.
 */
export function parseConnectionsFile(text: string): ConnectionsFileResult {
  if (text.trim() === '') return { ok: true, connections: [] };
  const parsed = parseJson(text, 'JSON');
  if (!parsed.ok) return parsed;
  try {
    const root = check<Obj>(parsed.value, 'the file', 'an object like { "version": 1, "connections": [] }', isObj);
    // A hand-written file may leave out the version; it can only mean the current one.
    if (root.version !== undefined && root.version !== CONNECTIONS_FILE_VERSION) {
      const newer = typeof root.version === 'number' && root.version > CONNECTIONS_FILE_VERSION;
      return {
        ok: false,
        error: newer
          ? `version ${root.version} was written by a newer WebSocket Lab; this one reads version ${CONNECTIONS_FILE_VERSION}`
          : `"version" must be ${CONNECTIONS_FILE_VERSION}, got ${show(root.version)}`,
      };
    }
    const connections = list(root, 'connections', 'file', readConnection);
    const seen = new Map<string, number>();
    connections.forEach((c, i) => {
      const first = seen.get(c.id);
      if (first !== undefined) throw new FieldError(`connections[${i}].id "${c.id}" is already used by connections[${first}]`);
      seen.set(c.id, i);
    });
    return { ok: true, connections };
  } catch (e) {
    return { ok: false, error: e instanceof FieldError ? e.message.replace(/^file\./, '') : `could not read the file: ${(e as Error).message}` };
  }
}

/** Pretty JSON for the workspace file; secret header values are blanked (they live in SecretStorage). */
export function serializeConnectionsFile(configs: readonly ConnectionConfig[]): string {
  const connections = configs.map((c) => ({
    ...c,
    headers: c.headers.map((h) => (h.secret ? { ...h, value: '', secret: true } : h)),
  }));
  return JSON.stringify({ version: CONNECTIONS_FILE_VERSION, connections }, null, 2) + '\n';
}
