// "Edit Connection…": a form made of quick inputs. A list of every setting with its current value;
// picking one opens an input that validates as you type; "Save" writes the workspace file.
import * as vscode from 'vscode';
import type { ConnectionConfig, HeaderEntry, QueryParam, SubprotocolEntry } from '../../shared/connection';
import type { LiveConnection } from '../../client/liveConnection';
import type { Reply } from '../../shared/result';
import { isAuthSubprotocol, querySlot, subprotocolSlot } from '../../client/secretBinding';
import { validateSubprotocols, validateHeaderName, validateHeaderValue } from '../../wire/headers';
import { checkUrlInput, displayUrl, HIDDEN_PASSWORD, restoreHiddenPassword } from '../../wire/url';
import type { ConnectionsModel } from './connectionsModel';
import type { GenericSchema } from 'valibot';
import { connectionSettings as limits } from '../../shared/schema/connections';
import { notesOf, rangeOf } from '../../shared/schema/problems';

type Field = vscode.QuickPickItem & { apply?: (c: ConnectionConfig) => Promise<ConnectionConfig | undefined> };

const onOff = (b: boolean) => (b ? 'on' : 'off');

/** Names whose values are credentials: such headers and query parameters are kept in SecretStorage. */
const SECRET_NAME = /authorization|token|key|secret|cookie|password|passwd|signature|sig$|credential|session/i;

/** A value that is only {{variable}} references: the environment files hold the value (the private one for secrets). */
const onlyVariables = (value: string) => /^(\{\{[^{}]+\}\})+$/.test(value.trim());

// ------------------------------------------------------------------ query parameters

const queryText = (query: QueryParam[]) => query.map((q) => `${q.name}=${q.secret ? HIDDEN_PASSWORD : q.value}`).join('&');

/**
 * The query parameters typed as name=value&...: a secret one left as ••• keeps its stored value;
 * a new value for a credential-like name goes to SecretStorage (`secrets`).
 */
function readQuery(text: string, before: QueryParam[], secrets: Record<string, string>): QueryParam[] {
  return text.split('&').filter(Boolean).map((pair) => {
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    const old = before.find((q) => q.name === name && q.secret);
    if (old && value === HIDDEN_PASSWORD) return old;
    if ((old || SECRET_NAME.test(name)) && value !== '' && !onlyVariables(value)) {
      secrets[querySlot(name)] = value;
      return { name, value: '', secret: true };
    }
    return { name, value };
  });
}

// ------------------------------------------------------------------ subprotocols

/** How the form shows a subprotocol: a secret one (or an auth.<token> one) as <name>.•••. */
function subprotocolText(p: SubprotocolEntry): string {
  if (typeof p !== 'string') return `${p.name}.${HIDDEN_PASSWORD}`;
  return isAuthSubprotocol(p) ? `${p.slice(0, p.indexOf('.'))}.${HIDDEN_PASSWORD}` : p;
}

/**
 * The subprotocols typed as a comma-separated list. A <name>.••• left as shown keeps its value;
 * every auth.<token> subprotocol (typed now, or written into the file before) becomes a secret
 * entry whose value goes to SecretStorage (`secrets`).
 */
function readSubprotocols(text: string, before: SubprotocolEntry[], secrets: Record<string, string>): SubprotocolEntry[] {
  const left = [...before];
  const kept = text.split(',').map((t) => t.trim()).filter(Boolean).map((t) => {
    const i = left.findIndex((p) => subprotocolText(p) === t && subprotocolText(p) !== p);
    return i >= 0 ? left.splice(i, 1)[0] : t;
  });
  const names = new Set(kept.flatMap((p) => (typeof p === 'string' ? [] : [p.name])));
  return kept.map((p) => {
    if (typeof p !== 'string' || !isAuthSubprotocol(p)) return p;
    let name = p.slice(0, p.indexOf('.'));
    for (let n = 2; names.has(name); n++) name = `${p.slice(0, p.indexOf('.'))}-${n}`;
    names.add(name);
    secrets[subprotocolSlot(name)] = p;
    return { name, secret: true as const };
  });
}

/** Checks a typed list; the •••-hidden ones stand for valid, distinct names. */
function checkSubprotocols(text: string): string | undefined {
  const list = text.split(',').map((p) => p.trim()).filter(Boolean).map((p, i) => (p.endsWith(`.${HIDDEN_PASSWORD}`) ? `hidden-${i}` : p));
  if (list.length === 0) return undefined;
  const res = validateSubprotocols(list);
  return res.ok ? undefined : res.error;
}

/**
 * An input for a whole-number setting whose limits come from the connections file's schema, so
 * the form accepts exactly what the file reader accepts (src/shared/schema/connections.ts).
 */
function numberInput(title: string, value: number, setting: GenericSchema) {
  const { min = 0, max, unit } = rangeOf(setting);
  const { note } = notesOf(setting);
  const unitText = unit === 'milliseconds' ? 'ms' : unit ?? '';
  const range = max === undefined ? `${min} or more` : `${min}–${max}`;
  return async (): Promise<number | undefined> => {
    const text = await vscode.window.showInputBox({
      title,
      value: String(value),
      prompt: `${range} ${unitText}${note ? ` (${note})` : ''}`.trim(),
      validateInput: (v) => {
        const n = Number(v);
        if (!/^\d+$/.test(v.trim())) return 'Enter a whole number';
        if (n < min || (max !== undefined && n > max)) return max === undefined ? `Must be at least ${min} ${unitText}`.trim() : `Must be between ${min} and ${max} ${unitText}`.trim();
        return undefined;
      },
    });
    return text === undefined ? undefined : Number(text);
  };
}

async function editHeaders(c: ConnectionConfig, secrets: Record<string, string>): Promise<HeaderEntry[] | undefined> {
  const headers = [...c.headers];
  for (;;) {
    const items: Array<vscode.QuickPickItem & { index: number }> = headers.map((h, index) => ({
      label: h.name,
      description: h.secret ? '•••••• (secret, kept in SecretStorage)' : h.value,
      index,
    }));
    items.push({ label: '$(add) Add header…', index: -1 }, { label: '$(check) Done', index: -2 });
    const picked = await vscode.window.showQuickPick(items, { title: 'Handshake headers', placeHolder: 'Pick a header to edit or remove it' });
    if (!picked || picked.index === -2) return headers;
    if (picked.index >= 0) {
      const action = await vscode.window.showQuickPick(['Edit value', 'Remove'], { title: headers[picked.index].name });
      if (action === 'Remove') {
        headers.splice(picked.index, 1);
        continue;
      }
      if (action !== 'Edit value') continue;
    }
    const existing = picked.index >= 0 ? headers[picked.index] : undefined;
    const name = existing?.name ?? (await vscode.window.showInputBox({
      title: 'Header name',
      placeHolder: 'Authorization',
      validateInput: (v) => {
        const r = validateHeaderName(v.trim());
        return r.ok ? undefined : r.error;
      },
    }))?.trim();
    if (!name) continue;
    const secret = existing?.secret ?? SECRET_NAME.test(name);
    const value = await vscode.window.showInputBox({
      title: `Value of ${name}`,
      password: secret,
      prompt: secret ? 'Stored in VS Code SecretStorage, never in the workspace file, logs or exports.' : '{{variables}} allowed',
      validateInput: (v) => {
        const r = validateHeaderValue(v);
        return r.ok ? undefined : r.error;
      },
    });
    if (value === undefined) continue;
    const entry: HeaderEntry = { name, value: secret ? '' : value, secret: secret || undefined };
    if (secret) secrets[name] = value;
    if (existing) headers[picked.index] = entry;
    else headers.push(entry);
  }
}

export async function editConnection(model: ConnectionsModel, connection: LiveConnection): Promise<void> {
  let c: ConnectionConfig = structuredClone(connection.config);
  const secrets: Record<string, string> = {};
  for (;;) {
    const r = c.reconnect;
    const fields: Field[] = [
      { label: 'Name', description: c.name, apply: async (x) => {
        const v = await vscode.window.showInputBox({ title: 'Name', value: x.name,
          validateInput: (s) => (!s.trim() ? 'A name is needed' : model.nameTaken(s.trim(), x.id) ? `Another connection is called "${s.trim()}"` : undefined) });
        return v === undefined ? undefined : { ...x, name: v.trim() };
      } },
      { label: 'URL', description: displayUrl(c.url), apply: async (x) => {
        // A password in the URL is shown as •••; left so, it is kept.
        const v = await vscode.window.showInputBox({ title: 'URL', value: displayUrl(x.url), validateInput: checkUrlInput,
          prompt: x.url === displayUrl(x.url) ? undefined : `The password is shown as ${HIDDEN_PASSWORD}: leave it to keep it.` });
        return v === undefined ? undefined : { ...x, url: restoreHiddenPassword(v.trim(), x.url) };
      } },
      { label: 'Query parameters', description: queryText(c.query) || 'none', apply: async (x) => {
        const v = await vscode.window.showInputBox({ title: 'Query parameters', value: queryText(x.query),
          prompt: `name=value pairs joined by &. Values of token, key, secret, password, signature… parameters are kept in SecretStorage and shown as ${HIDDEN_PASSWORD}.`,
          validateInput: (s) => (s.split('&').filter(Boolean).every((p) => /^[^=]+=.*$/.test(p)) ? undefined : 'Use name=value pairs joined by &') });
        if (v === undefined) return undefined;
        return { ...x, query: readQuery(v, x.query, secrets) };
      } },
      { label: 'Handshake headers', description: c.headers.map((h) => h.name).join(', ') || 'none', apply: async (x) => {
        const headers = await editHeaders(x, secrets);
        return headers ? { ...x, headers } : undefined;
      } },
      { label: 'Subprotocols', description: c.subprotocols.map(subprotocolText).join(', ') || 'none', apply: async (x) => {
        const v = await vscode.window.showInputBox({ title: 'Subprotocols (in preference order)', value: x.subprotocols.map(subprotocolText).join(', '),
          prompt: `Comma-separated, e.g. chat.v2, chat.v1. An auth.<token> subprotocol is kept in SecretStorage and shown as auth.${HIDDEN_PASSWORD}.`,
          validateInput: checkSubprotocols });
        return v === undefined ? undefined : { ...x, subprotocols: readSubprotocols(v, x.subprotocols, secrets) };
      } },
      { label: 'Auto-reconnect', description: onOff(r.enabled), apply: async (x) => ({ ...x, reconnect: { ...x.reconnect, enabled: !x.reconnect.enabled } }) },
      { label: 'Reconnect base delay', description: `${r.baseDelayMs} ms`, apply: async (x) => {
        const v = await numberInput('Reconnect base delay', x.reconnect.baseDelayMs, limits.reconnect.baseDelayMs)();
        return v === undefined ? undefined : { ...x, reconnect: { ...x.reconnect, baseDelayMs: v } };
      } },
      { label: 'Reconnect max delay', description: `${r.maxDelayMs} ms`, apply: async (x) => {
        const v = await numberInput('Reconnect max delay', x.reconnect.maxDelayMs, limits.reconnect.maxDelayMs)();
        return v === undefined ? undefined : { ...x, reconnect: { ...x.reconnect, maxDelayMs: v } };
      } },
      { label: 'Reconnect jitter', description: r.jitter ? 'full jitter' : 'off', apply: async (x) => ({ ...x, reconnect: { ...x.reconnect, jitter: !x.reconnect.jitter } }) },
      { label: 'Reconnect max attempts', description: r.maxAttempts ? String(r.maxAttempts) : 'unlimited', apply: async (x) => {
        const v = await numberInput('Reconnect max attempts (0 = unlimited)', x.reconnect.maxAttempts, limits.reconnect.maxAttempts)();
        return v === undefined ? undefined : { ...x, reconnect: { ...x.reconnect, maxAttempts: v } };
      } },
      { label: 'Circuit breaker', description: r.circuitBreakerThreshold ? `stop after ${r.circuitBreakerThreshold} failures` : 'off', apply: async (x) => {
        const v = await numberInput('Consecutive failures before giving up (0 = never)', x.reconnect.circuitBreakerThreshold, limits.reconnect.circuitBreakerThreshold)();
        return v === undefined ? undefined : { ...x, reconnect: { ...x.reconnect, circuitBreakerThreshold: v } };
      } },
      { label: 'Heartbeat ping interval', description: c.heartbeat.pingIntervalMs ? `${c.heartbeat.pingIntervalMs} ms` : 'off', apply: async (x) => {
        const v = await numberInput('Ping interval (0 = off)', x.heartbeat.pingIntervalMs, limits.heartbeat.pingIntervalMs)();
        return v === undefined ? undefined : { ...x, heartbeat: { ...x.heartbeat, pingIntervalMs: v } };
      } },
      { label: 'Pong timeout', description: `${c.heartbeat.pongTimeoutMs} ms`, apply: async (x) => {
        const v = await numberInput('Pong timeout', x.heartbeat.pongTimeoutMs, limits.heartbeat.pongTimeoutMs)();
        return v === undefined ? undefined : { ...x, heartbeat: { ...x.heartbeat, pongTimeoutMs: v } };
      } },
      { label: 'Handshake timeout', description: `${c.handshakeTimeoutMs} ms`, apply: async (x) => {
        const v = await numberInput('Handshake timeout', x.handshakeTimeoutMs, limits.handshakeTimeoutMs)();
        return v === undefined ? undefined : { ...x, handshakeTimeoutMs: v };
      } },
      { label: 'Max message size', description: `${c.maxMessageSize} bytes`, apply: async (x) => {
        const v = await numberInput('Max message size', x.maxMessageSize, limits.maxMessageSize)();
        return v === undefined ? undefined : { ...x, maxMessageSize: v };
      } },
      { label: 'permessage-deflate', description: onOff(c.perMessageDeflate), apply: async (x) => ({ ...x, perMessageDeflate: !x.perMessageDeflate }) },
      { label: 'Verify TLS certificates', description: c.tls.rejectUnauthorized ? 'on' : '$(warning) OFF', apply: async (x) => ({ ...x, tls: { ...x.tls, rejectUnauthorized: !x.tls.rejectUnauthorized } }) },
      ...(['caFile', 'certFile', 'keyFile'] as const).map((key): Field => ({
        label: { caFile: 'TLS CA file', certFile: 'TLS client certificate (mTLS)', keyFile: 'TLS client key (mTLS)' }[key],
        description: c.tls[key] ?? 'none',
        apply: async (x) => {
          const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Pick a PEM file', filters: { PEM: ['pem', 'crt', 'key', 'cer'], All: ['*'] } });
          return picked?.[0] ? { ...x, tls: { ...x.tls, [key]: picked[0].fsPath } } : { ...x, tls: { ...x.tls, [key]: undefined } };
        },
      })),
      { label: '$(save) Save', alwaysShow: true },
    ];
    const picked = await vscode.window.showQuickPick(fields, { title: `Edit ${c.name}`, placeHolder: 'Pick a setting to change, then Save', ignoreFocusOut: true });
    if (!picked) return; // Escape discards the edits
    if (!picked.apply) {
      const before = connection.config;
      await model.update(c, secrets);
      if (connection.isActive && changesTheConnection(before, c, secrets)) void offerReconnect(connection);
      return;
    }
    c = (await picked.apply(c)) ?? c;
  }
}

/**
 * Whether an edit changes how the connection is made (URL, headers, TLS, timeouts…). A new name
 * or new saved messages do not; a changed secret does, though the config looks the same.
 */
function changesTheConnection(before: ConnectionConfig, after: ConnectionConfig, secrets: Record<string, string>): boolean {
  const { name: _n1, savedMessages: _s1, ...a } = before;
  const { name: _n2, savedMessages: _s2, ...b } = after;
  return Object.keys(secrets).length > 0 || JSON.stringify(a) !== JSON.stringify(b);
}

/** The live connection keeps the settings it was made with: say so, and offer to reconnect with the new ones. */
async function offerReconnect(connection: LiveConnection): Promise<void> {
  const answer = await vscode.window.showInformationMessage(
    `"${connection.config.name}" is still connected with the settings it had before this edit. Reconnect to use the new ones?`,
    'Reconnect',
  );
  if (answer !== 'Reconnect') return;
  const r = await reconnect(connection);
  if (!r.ok) void vscode.window.showErrorMessage(`WebSocket Lab: ${connection.config.name}: ${r.error}`);
}

/** How long a close handshake may take before reconnecting anyway reports it. */
const CLOSE_WAIT_MS = 5000;

/** Disconnects (a normal close), waits until the connection is closed, then connects with its current settings. */
export async function reconnect(connection: LiveConnection): Promise<Reply> {
  if (connection.isActive) {
    let off = () => undefined as void;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const closed = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), CLOSE_WAIT_MS);
      off = connection.onStats((s) => {
        if (s.state === 'CLOSED' && !s.reconnectAt) resolve(true);
      });
    });
    connection.disconnect();
    const done = !connection.isActive || (await closed);
    clearTimeout(timer);
    off();
    if (!done) return { ok: false, error: `the connection did not close within ${CLOSE_WAIT_MS / 1000} s; reconnect once it has.` };
  }
  return connection.connect();
}
