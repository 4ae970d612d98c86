// The message protocol between the extension host and the timeline webview.
// Both sides import this file, so a renamed or reshaped message is a compile error, not a bug.
// Every message from the webview is validated by `parseWebviewMessage` before the host acts on it.

import type { TimelineEvent } from '../events';
import { COMPOSER_FORMATS, type ComposerFormat, type SavedMessage } from '../connection';
import type { ConnectionStats } from '../stats';

export interface TimelineInfo {
  id: string;
  /** 'client' timelines belong to a connection; 'server' timelines show a mock server's view. */
  side: 'client' | 'server';
  title: string;
  url: string;
  /** True when TLS certificate verification is off (shown as a warning). */
  tlsVerificationOff?: boolean;
}

// ---------------------------------------------------------------- host -> webview

export type HostToWebview =
  | {
      type: 'init';
      info: TimelineInfo;
      stats: ConnectionStats;
      events: TimelineEvent[];
      /** Events dropped by the retention limit so far. */
      dropped: number;
      retention: number;
      savedMessages: SavedMessage[];
      history: ComposerHistoryEntry[];
    }
  | { type: 'events'; events: TimelineEvent[]; dropped: number }
  | { type: 'stats'; stats: ConnectionStats }
  /** The connection was edited (name, URL, TLS): the header shows the new values. */
  | { type: 'info'; info: TimelineInfo }
  | { type: 'cleared' }
  | { type: 'savedMessages'; savedMessages: SavedMessage[] }
  | { type: 'history'; history: ComposerHistoryEntry[] }
  | { type: 'fileLoaded'; name: string; base64: string; size: number }
  | { type: 'reply'; requestId: number; ok: true; message?: string }
  | { type: 'reply'; requestId: number; ok: false; error: string; position?: number };

export interface ComposerHistoryEntry {
  format: ComposerFormat;
  body: string;
}

// ---------------------------------------------------------------- webview -> host

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; requestId: number; format: ComposerFormat; body: string }
  | { type: 'sendFile'; requestId: number }
  | { type: 'ping'; requestId: number; payload: string }
  | { type: 'close'; requestId: number; code: number; reason: string }
  | { type: 'connect'; requestId: number }
  | { type: 'disconnect'; requestId: number }
  | { type: 'clear' }
  | { type: 'resend'; requestId: number; seq: number }
  | { type: 'copyText'; text: string }
  | { type: 'export'; requestId: number; format: 'jsonl' | 'har' }
  | { type: 'saveMessage'; requestId: number; message: SavedMessage }
  | { type: 'deleteSavedMessage'; name: string };

export type WebviewMessageType = WebviewToHost['type'];

const FORMATS: readonly ComposerFormat[] = COMPOSER_FORMATS;

/** Largest composer body the host accepts from the webview (16 MiB of text). */
export const MAX_COMPOSER_BODY = 16 * 1024 * 1024;

type Check = (m: Record<string, unknown>) => string | undefined;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isStr = (v: unknown, max = MAX_COMPOSER_BODY): v is string => typeof v === 'string' && v.length <= max;
const req: Check = (m) => (isInt(m.requestId) && m.requestId >= 0 ? undefined : 'requestId must be a non-negative integer');
const all = (...checks: Check[]): Check => (m) => {
  for (const c of checks) {
    const e = c(m);
    if (e) return e;
  }
  return undefined;
};
const field = (name: string, ok: (v: unknown) => boolean, what: string): Check => (m) =>
  ok(m[name]) ? undefined : `${name} must be ${what}`;

const CHECKS: Record<WebviewMessageType, Check> = {
  ready: () => undefined,
  send: all(req, field('format', (v) => FORMATS.includes(v as ComposerFormat), `one of ${FORMATS.join(', ')}`), field('body', (v) => isStr(v), 'a string of at most 16 MiB')),
  sendFile: req,
  ping: all(req, field('payload', (v) => isStr(v, 1000), 'a short string')),
  close: all(req, field('code', isInt, 'an integer'), field('reason', (v) => isStr(v, 1000), 'a short string')),
  connect: req,
  disconnect: req,
  clear: () => undefined,
  resend: all(req, field('seq', isInt, 'an integer')),
  copyText: field('text', (v) => isStr(v), 'a string'),
  export: all(req, field('format', (v) => v === 'jsonl' || v === 'har', '"jsonl" or "har"')),
  saveMessage: all(
    req,
    field(
      'message',
      (v) => {
        const s = v as Record<string, unknown> | null;
        return !!s && typeof s === 'object' && isStr(s.name, 200) && (s.name as string).trim() !== '' && FORMATS.includes(s.format as ComposerFormat) && isStr(s.body) && (s.description === undefined || isStr(s.description, 2000));
      },
      'a saved message {name, format, body, description?}',
    ),
  ),
  deleteSavedMessage: field('name', (v) => isStr(v, 200), 'a string'),
};

/**
 * The fields each message carries. Anything else a webview adds (say a `path` next to `sendFile`)
 * is dropped, so no handler can ever be reached with a value the protocol does not define.
 */
const FIELDS: Record<WebviewMessageType, readonly string[]> = {
  ready: [],
  send: ['requestId', 'format', 'body'],
  sendFile: ['requestId'],
  ping: ['requestId', 'payload'],
  close: ['requestId', 'code', 'reason'],
  connect: ['requestId'],
  disconnect: ['requestId'],
  clear: [],
  resend: ['requestId', 'seq'],
  copyText: ['text'],
  export: ['requestId', 'format'],
  saveMessage: ['requestId', 'message'],
  deleteSavedMessage: ['name'],
};

function pick(from: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (from[n] !== undefined) out[n] = from[n];
  return out;
}

/**
 * Checks the shape of a message that claims to come from the webview.
 * Returns the typed message (only the fields its type defines), or an error string saying what
 * was wrong (the host logs it).
 */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewToHost } | { ok: false; error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'message is not an object' };
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== 'string' || !Object.prototype.hasOwnProperty.call(CHECKS, m.type)) {
    return { ok: false, error: `unknown message type ${JSON.stringify(m.type)}` };
  }
  const type = m.type as WebviewMessageType;
  const error = CHECKS[type](m);
  if (error) return { ok: false, error: `${type}: ${error}` };
  const message: Record<string, unknown> = { type, ...pick(m, FIELDS[type]) };
  if (type === 'saveMessage') message.message = pick(m.message as Record<string, unknown>, ['name', 'format', 'body', 'description']);
  return { ok: true, message: message as unknown as WebviewToHost };
}
