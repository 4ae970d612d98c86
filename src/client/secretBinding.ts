// Where a stored secret may go. The connections file (.vscode/websocket-lab.json) is shared and
// committed, and it only says which header, query parameter or subprotocol is secret; the value
// stays in VS Code's SecretStorage. So the file must not decide where the value is sent: a pull
// request that changes a connection's URL (even only wss:// to ws://), or another repository that
// reuses the same connection id, would otherwise receive the user's token on the next Connect.
// Each secret is bound to the origins (scheme, host and port) it was entered for or the user
// allowed; anywhere else, the user is asked first. Pure: LiveConnection applies the rule, the
// VS Code layer asks the question (a modal) and stores the answer.
import type { ConnectionConfig, SubprotocolEntry } from '../shared/connection';
import { isLoopbackHost } from '../wire/loopback';

/** One secret of a connection: "header:authorization", "query:token", "subprotocol:auth". */
export type SecretSlot = string;

export interface StoredSecret {
  value: string;
  /** Origins the secret may go to; empty when not known (saved by an earlier version). */
  origins: string[];
}

export const headerSlot = (name: string): SecretSlot => `header:${name.toLowerCase()}`;
export const querySlot = (name: string): SecretSlot => `query:${name}`;
export const subprotocolSlot = (name: string): SecretSlot => `subprotocol:${name}`;

/** The slot a key of `ConnectionsModel.update`'s secrets names: a slot, or (as before slots) a header name. */
export const slotOf = (key: string): SecretSlot => (/^(header|query|subprotocol):/.test(key) ? key : headerSlot(key));

/** An `auth.<token>` subprotocol: the token is a credential (the way browsers pass one). */
export const isAuthSubprotocol = (protocol: string): boolean => /^auth\.[^.]/i.test(protocol);

/**
 * The secret values hidden for one subprotocol: the whole protocol, and the token after
 * "auth." (a server may reflect the token alone).
 */
export function subprotocolSecrets(protocol: string): string[] {
  return isAuthSubprotocol(protocol) ? [protocol, protocol.slice(protocol.indexOf('.') + 1)] : [protocol];
}

export const isSecretSubprotocol = (p: SubprotocolEntry): p is Exclude<SubprotocolEntry, string> => typeof p !== 'string';

/**
 * The secrets a connection sends (its enabled entries marked secret; `disabled: true` adds the
 * disabled ones, whose values are kept), each with a label for people.
 */
export function secretSlotsOf(
  config: Pick<ConnectionConfig, 'headers' | 'query' | 'subprotocols'>,
  options: { disabled?: boolean } = {},
): Array<{ slot: SecretSlot; label: string }> {
  const on = (e: { enabled?: boolean }) => options.disabled || e.enabled !== false;
  return [
    ...config.headers.filter((h) => h.secret && on(h)).map((h) => ({ slot: headerSlot(h.name), label: `header ${h.name}` })),
    ...config.query.filter((q) => q.secret && on(q)).map((q) => ({ slot: querySlot(q.name), label: `query parameter ${q.name}` })),
    ...config.subprotocols.filter(isSecretSubprotocol).map((p) => ({ slot: subprotocolSlot(p.name), label: `subprotocol ${p.name}` })),
  ];
}

const DEFAULT_PORTS: Record<string, string> = { 'ws:': '80', 'wss:': '443' };

/** "wss://api.example.com:443" (the port always written), or undefined for anything but a ws:// or wss:// URL. */
export function originOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  const port = DEFAULT_PORTS[u.protocol];
  if (port === undefined || u.hostname === '') return undefined;
  return `${u.protocol}//${u.hostname}:${u.port || port}`;
}

function parts(origin: string): { scheme: string; host: string } {
  const m = /^(wss?:)\/\/(.*):\d+$/.exec(origin);
  return { scheme: m?.[1] ?? '', host: m?.[2] ?? '' };
}

export type SecretRefusal =
  /** Saved by an earlier version: where it was meant to go is not known. */
  | 'unbound'
  /** Saved for another origin. */
  | 'other-origin'
  /** Saved for wss:// on this host, and the URL now says ws://: the secret would cross the network unencrypted. */
  | 'downgrade'
  /** The URL is not a ws:// or wss:// URL (the connect fails anyway). */
  | 'invalid-url';

export type SecretVerdict = { allowed: true } | { allowed: false; reason: SecretRefusal };

/** May a secret allowed for `origins` be sent to `url` without asking? */
export function checkSecretUse(origins: readonly string[], url: string): SecretVerdict {
  const target = originOf(url);
  if (!target) return { allowed: false, reason: 'invalid-url' };
  if (origins.includes(target)) return { allowed: true };
  if (origins.length === 0) return { allowed: false, reason: 'unbound' };
  const t = parts(target);
  if (t.scheme === 'ws:' && origins.some((o) => parts(o).scheme === 'wss:' && parts(o).host === t.host)) return { allowed: false, reason: 'downgrade' };
  return { allowed: false, reason: 'other-origin' };
}

/** One secret the user is asked about. */
export interface SecretInQuestion {
  slot: SecretSlot;
  /** "header Authorization". */
  label: string;
  reason: SecretRefusal;
  /** Where it was saved for or allowed to go. */
  origins: string[];
}

/** What the user is asked before secrets go to an origin they were not entered for. */
export interface SecretConsent {
  /** The connection's name. */
  connection: string;
  /** Where they would go: "ws://evil.example:80". */
  origin: string;
  secrets: SecretInQuestion[];
}

/** The user's answer: send this time, send and remember the origin, or do not send (undefined). */
export type SecretAnswer = 'once' | 'always' | undefined;

export const SEND_ONCE = 'Send Once';
export const sendAlways = (origin: string) => `Always Send to ${origin}`;

/** The question's words, for the modal: its message, detail and the two buttons (Cancel is the modal's own). */
export function consentText(q: SecretConsent): { message: string; detail: string; buttons: [once: string, always: string] } {
  const labels = q.secrets.map((s) => s.label);
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
  const lines = q.secrets.map((s) => {
    switch (s.reason) {
      case 'unbound':
        return `The ${s.label} was saved by an earlier version of WebSocket Lab, which did not record where it may be sent.`;
      case 'downgrade':
        return `The ${s.label} was saved for ${s.origins.join(', ')}, which is encrypted (wss://); ${q.origin} is not.`;
      default:
        return `The ${s.label} was saved for ${s.origins.join(', ')}, not for ${q.origin}.`;
    }
  });
  const { scheme, host } = parts(q.origin);
  if (scheme === 'ws:' && !isLoopbackHost(host)) lines.push('ws:// is not encrypted: anyone on the network path can read what is sent.');
  lines.push(
    `The URL of "${q.connection}" may have been changed in .vscode/websocket-lab.json (by a pull request, or by another repository that uses the same connection id). Send only if you trust ${q.origin}.`,
  );
  return {
    message: `Send the secret ${list} of "${q.connection}" to ${q.origin}?`,
    detail: lines.join('\n\n'),
    buttons: [SEND_ONCE, sendAlways(q.origin)],
  };
}

/** Why the connection did not open when the user said no. */
export function refusedMessage(q: SecretConsent): string {
  const labels = q.secrets.map((s) => s.label).join(', ');
  return `Not connected: the secret ${labels} was not sent to ${q.origin}, where it was not saved for. Connect again to be asked, or edit the connection to enter the secret for this server.`;
}
