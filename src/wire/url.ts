// Checks a WebSocket URL before connecting, so the user sees "use wss:// instead of https://"
// instead of a socket error. Browser-safe (the connection editor validates as the user types).

import type { QueryParam } from '../shared/connection';
import { findVariableReferences } from '../formats/variables';
import type { Result } from '../shared/result';

export type UrlResult = Result<{ url: string }>;

/**
 * Validates the URL after variable substitution. Surrounding whitespace (a pasted newline) is
 * ignored; positions refer to the text as given. On success `url` is the normalized form
 * (lower-case scheme and host, default port dropped, "/" path added).
 */
export function validateWebSocketUrl(text: string): UrlResult {
  const lead = text.length - text.trimStart().length;
  const url = text.trim();
  if (url === '') return { ok: false, error: 'URL is empty: enter a ws:// or wss:// URL' };

  const refs = findVariableReferences(url);
  if (refs.ok && refs.refs.length) {
    const names = [...new Set(refs.refs.map((r) => `{{${r.name}}}`))].join(', ');
    return { ok: false, error: `URL still contains ${names}: define ${refs.refs.length > 1 ? 'these variables' : 'this variable'} in the selected environment`, position: lead + refs.refs[0].start };
  }
  const space = url.search(/\s/);
  if (space >= 0) {
    return { ok: false, error: `URL contains a space at position ${lead + space}: encode it as %20`, position: lead + space };
  }

  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url);
  if (!scheme) {
    const slashes = /^(wss?|https?):\/?(?!\/)/i.exec(url);
    if (slashes) return { ok: false, error: `write two slashes after ${slashes[1]}: (${slashes[1].toLowerCase()}://...)`, position: lead + slashes[1].length + 1 };
    return { ok: false, error: `URL has no scheme: start it with ws:// or wss:// (e.g. ws://${url.replace(/^\/+/, '')})`, position: lead };
  }
  const s = scheme[1].toLowerCase();
  if (s === 'http') return { ok: false, error: 'http:// is not a WebSocket scheme: use ws:// (the handshake still goes over HTTP)', position: lead };
  if (s === 'https') return { ok: false, error: 'https:// is not a WebSocket scheme: use wss:// (WebSocket over TLS)', position: lead };
  if (s !== 'ws' && s !== 'wss') return { ok: false, error: `${s}:// is not a WebSocket scheme: use ws:// or wss://`, position: lead };

  const hash = url.indexOf('#');
  if (hash >= 0) {
    return { ok: false, error: `fragment '${url.slice(hash)}' at position ${lead + hash} is not allowed in a WebSocket URL (RFC 6455 §3): remove it`, position: lead + hash };
  }

  // Checked on the raw text: the WHATWG parser would quietly read "ws:///x" as host "x".
  const authStart = scheme[0].length;
  const authEnd = authStart + url.slice(authStart).search(/[/?\\]|$/);
  const authority = url.slice(authStart, authEnd);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const hostStart = lead + authEnd - hostPort.length;
  let host = hostPort;
  let port: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return { ok: false, error: `IPv6 address at position ${hostStart} is missing its closing ']'`, position: hostStart };
    host = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      return { ok: false, error: `unexpected '${after[0]}' at position ${hostStart + close + 1} after the IPv6 address (expected ':port' or '/')`, position: hostStart + close + 1 };
    }
    if (after !== '') port = after.slice(1);
  } else if (hostPort.includes(':')) {
    host = hostPort.slice(0, hostPort.indexOf(':'));
    port = hostPort.slice(host.length + 1);
  }
  if (host === '') return { ok: false, error: `URL has no host after ${s}:// (e.g. ${s}://localhost:8080/)`, position: hostStart };
  const portAt = hostStart + host.length + 1;
  // The WHATWG parser reads "ws://host:" as the default port; here it is a URL left half-typed
  // (New Connection… starts from "ws://127.0.0.1:"), which would quietly dial port 80 or 443.
  if (port === '') {
    return { ok: false, error: `port missing after ':' at position ${portAt - 1}: type the port (e.g. ${s}://${host}:8080/) or remove the ':'`, position: portAt - 1 };
  }
  if (port !== undefined && port !== '' && !/^\d+$/.test(port)) {
    return { ok: false, error: `port '${port}' at position ${portAt} is not a number`, position: portAt };
  }
  if (port && (Number(port) < 1 || Number(port) > 65535)) {
    return { ok: false, error: `port ${port} is out of range: use 1-65535`, position: portAt };
  }

  try {
    return { ok: true, url: new URL(url).href };
  } catch {
    return { ok: false, error: `'${displayUrl(url)}' is not a valid URL (check the host name)`, position: hostStart };
  }
}

/** What stands for a password written into a URL wherever the URL is shown. */
export const HIDDEN_PASSWORD = '•••';

/** The URL cut around the password of its user info (scheme://user:password@host), if it has one. */
function passwordSpan(url: string): { before: string; password: string; after: string } | undefined {
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(url.trimStart());
  if (!scheme) return undefined;
  const start = url.length - url.trimStart().length + scheme[0].length;
  // The authority ends at the path, query or fragment; the user info at its last '@'.
  const end = start + url.slice(start).search(/[/?#\\]|$/);
  const at = url.lastIndexOf('@', end - 1);
  if (at < start) return undefined;
  const colon = url.indexOf(':', start);
  if (colon < 0 || colon > at) return undefined;
  return { before: url.slice(0, colon + 1), password: url.slice(colon + 1, at), after: url.slice(at) };
}

/**
 * A URL as shown to people (the tree, pickers, the timeline header, the Edit form, messages): a
 * password written into it (ws://user:password@host) becomes •••. Works on the text as typed,
 * {{variables}} included; anything else is returned as it is.
 */
export function displayUrl(url: string): string {
  const p = passwordSpan(url);
  return p && p.password !== '' ? `${p.before}${HIDDEN_PASSWORD}${p.after}` : url;
}

/**
 * A URL edited from its displayUrl(): where the user left ••• in the password's place, the
 * original password is put back, so showing the URL hidden never loses it.
 */
export function restoreHiddenPassword(edited: string, original: string): string {
  const e = passwordSpan(edited);
  const o = passwordSpan(original);
  return e && o && e.password === HIDDEN_PASSWORD ? `${e.before}${o.password}${e.after}` : edited;
}

/**
 * Validation for a URL typed into the editor (New Connection, Edit Connection): an error sentence,
 * or undefined when it is acceptable. `{{variables}}` are allowed here, since their values depend
 * on the environment chosen when connecting, where validateWebSocketUrl() checks the result.
 */
export function checkUrlInput(text: string): string | undefined {
  const trimmed = text.trim();
  if (/\{\{[^}]*\}\}/.test(trimmed)) {
    return /^(wss?):\/\//i.test(trimmed.replace(/\{\{[^}]*\}\}/g, 'x')) ? undefined : 'The URL must start with ws:// or wss://';
  }
  const r = validateWebSocketUrl(trimmed);
  return r.ok ? undefined : r.error;
}

/** A connection's default name: host[:port] plus the path unless it is just "/". */
export function nameFromUrl(url: string): string {
  try {
    // A placeholder stands in for each {{variable}} so a URL that uses them still parses.
    const u = new URL(url.trim().replace(/\{\{[^}]*\}\}/g, 'x'));
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url.trim();
  }
}

/**
 * Appends the enabled query parameters, percent-encoded, to the URL's own query string.
 * {{variable}} references are left as written so they can still be substituted afterwards.
 */
export function buildUrl(base: string, query: QueryParam[]): string {
  const pairs = query
    .filter((q) => q.enabled !== false && q.name !== '')
    .map((q) => `${encodeKeepingVariables(q.name)}=${encodeKeepingVariables(q.value)}`);
  if (pairs.length === 0) return base;
  const hash = base.indexOf('#');
  const [head, fragment] = hash >= 0 ? [base.slice(0, hash), base.slice(hash)] : [base, ''];
  const joiner = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
  return head + joiner + pairs.join('&') + fragment;
}

function encodeKeepingVariables(text: string): string {
  return text
    .split(/(\{\{[^{}]*\}\})/)
    .map((part, i) => (i % 2 === 1 ? part : encodeURIComponent(part)))
    .join('');
}
