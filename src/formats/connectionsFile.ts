// The workspace file `.vscode/websocket-lab.json`: { "version": 1, "connections": [...] }.
// People edit it by hand and commit it, so reading is forgiving about missing settings (filled
// from defaults) but precise about wrong ones; writing never includes a secret value.
// What a valid file is — fields, ranges, defaults — is its schema's to say
// (src/shared/schema/connections.ts); this file adds what a schema cannot: the version rule and
// unique ids.

import type { ConnectionConfig } from '../shared/connection';
import { CONNECTIONS_FILE_VERSION } from '../shared/schema/connectionDefaults';
import { connectionsFile } from '../shared/schema/connections';
import { check, describe, notesOf, pathText, show } from '../shared/schema/problems';
import { parseJson } from '../codecs/json';
import { displayUrl } from '../wire/url';
import type { Result } from '../shared/result';

export { CONNECTIONS_FILE_VERSION };

export type ConnectionsFileResult = Result<{ connections: ConnectionConfig[] }>;

/**
 * Reads the file. Errors name the connection index and field (`connections[2].reconnect.maxDelayMs
 * must be ...`) or, for broken JSON, the line and column. Unknown fields are ignored.
 */
export function parseConnectionsFile(text: string): ConnectionsFileResult {
  if (text.trim() === '') return { ok: true, connections: [] };
  const parsed = parseJson(text, 'JSON');
  if (!parsed.ok) return parsed;
  try {
    const root = parsed.value as Record<string, unknown> | null;
    // A hand-written file may leave out the version; it can only mean the current one.
    if (root && typeof root === 'object' && root.version !== undefined && root.version !== CONNECTIONS_FILE_VERSION) {
      const newer = typeof root.version === 'number' && root.version > CONNECTIONS_FILE_VERSION;
      return {
        ok: false,
        error: newer
          ? `version ${root.version} was written by a newer WebSocket Lab; this one reads version ${CONNECTIONS_FILE_VERSION}`
          : `"version" must be ${CONNECTIONS_FILE_VERSION}, got ${show(root.version)}`,
      };
    }
    const r = check(connectionsFile, root);
    if (!r.ok) {
      const where = r.path.length ? pathText(r.path) : 'the file';
      const n = r.schema ? notesOf(r.schema) : {};
      return { ok: false, error: n.error ? `${where}: ${n.error}` : `${where} must be ${r.schema ? describe(r.schema) : 'left out'}, got ${show(r.value)}` };
    }
    // The schema leaves the name out when the file does: a connection is then known by its URL.
    // The name is shown everywhere, so a password written into the URL stays out of it.
    const connections: ConnectionConfig[] = r.value.connections.map((c) => ({ ...c, name: c.name ?? displayUrl(c.url), savedMessages: c.savedMessages ?? [] }));
    const seen = new Map<string, number>();
    for (const [i, c] of connections.entries()) {
      const first = seen.get(c.id);
      if (first !== undefined) return { ok: false, error: `connections[${i}].id "${c.id}" is already used by connections[${first}]` };
      seen.set(c.id, i);
      // A secret subprotocol's value is stored under its name: two with one name would share it.
      const names = new Map<string, number>();
      for (const [k, p] of c.subprotocols.entries()) {
        if (typeof p === 'string') continue;
        const earlier = names.get(p.name);
        if (earlier !== undefined) return { ok: false, error: `connections[${i}].subprotocols[${k}].name "${p.name}" is already used by subprotocols[${earlier}]` };
        names.set(p.name, k);
      }
    }
    return { ok: true, connections };
  } catch (e) {
    return { ok: false, error: `could not read the file: ${(e as Error).message}` };
  }
}

/** Pretty JSON for the workspace file; secret header and query values are blanked (they live in SecretStorage). */
export function serializeConnectionsFile(configs: readonly ConnectionConfig[]): string {
  const connections = configs.map((c) => ({
    ...c,
    query: c.query.map((q) => (q.secret ? { ...q, value: '', secret: true } : q)),
    headers: c.headers.map((h) => (h.secret ? { ...h, value: '', secret: true } : h)),
  }));
  return JSON.stringify({ version: CONNECTIONS_FILE_VERSION, connections }, null, 2) + '\n';
}
