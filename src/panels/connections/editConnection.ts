// "Edit Connection…": a form made of quick inputs. A list of every setting with its current value;
// picking one opens an input that validates as you type; "Save" writes the workspace file.
import * as vscode from 'vscode';
import type { ConnectionConfig, HeaderEntry } from '../../shared/connection';
import type { LiveConnection } from '../../client/liveConnection';
import { validateSubprotocols, validateHeaderName, validateHeaderValue } from '../../wire/headers';
import { checkUrlInput } from '../../wire/url';
import type { ConnectionsModel } from './connectionsModel';
import type { GenericSchema } from 'valibot';
import { connectionSettings as limits } from '../../shared/schema/connections';
import { notesOf, rangeOf } from '../../shared/schema/problems';

type Field = vscode.QuickPickItem & { apply?: (c: ConnectionConfig) => Promise<ConnectionConfig | undefined> };

const onOff = (b: boolean) => (b ? 'on' : 'off');

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
    const secret = existing?.secret ?? /authorization|token|key|secret|cookie|password/i.test(name);
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
        const v = await vscode.window.showInputBox({ title: 'Name', value: x.name, validateInput: (s) => (s.trim() ? undefined : 'A name is needed') });
        return v === undefined ? undefined : { ...x, name: v.trim() };
      } },
      { label: 'URL', description: c.url, apply: async (x) => {
        const v = await vscode.window.showInputBox({ title: 'URL', value: x.url, validateInput: checkUrlInput });
        return v === undefined ? undefined : { ...x, url: v.trim() };
      } },
      { label: 'Query parameters', description: c.query.map((q) => `${q.name}=${q.value}`).join('&') || 'none', apply: async (x) => {
        const v = await vscode.window.showInputBox({ title: 'Query parameters', prompt: 'name=value pairs joined by &', value: x.query.map((q) => `${q.name}=${q.value}`).join('&'),
          validateInput: (s) => (s.split('&').filter(Boolean).every((p) => /^[^=]+=.*$/.test(p)) ? undefined : 'Use name=value pairs joined by &') });
        if (v === undefined) return undefined;
        return { ...x, query: v.split('&').filter(Boolean).map((p) => ({ name: p.slice(0, p.indexOf('=')), value: p.slice(p.indexOf('=') + 1) })) };
      } },
      { label: 'Handshake headers', description: c.headers.map((h) => h.name).join(', ') || 'none', apply: async (x) => {
        const headers = await editHeaders(x, secrets);
        return headers ? { ...x, headers } : undefined;
      } },
      { label: 'Subprotocols', description: c.subprotocols.join(', ') || 'none', apply: async (x) => {
        const v = await vscode.window.showInputBox({ title: 'Subprotocols (in preference order)', prompt: 'Comma-separated, e.g. chat.v2, chat.v1', value: x.subprotocols.join(', '),
          validateInput: (s) => {
            const list = s.split(',').map((p) => p.trim()).filter(Boolean);
            if (list.length === 0) return undefined;
            const res = validateSubprotocols(list);
            return res.ok ? undefined : res.error;
          } });
        return v === undefined ? undefined : { ...x, subprotocols: v.split(',').map((p) => p.trim()).filter(Boolean) };
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
      await model.update(c, secrets);
      return;
    }
    c = (await picked.apply(c)) ?? c;
  }
}
