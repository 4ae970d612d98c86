// The message protocol between the extension host and the timeline webview.
// Both sides import this file, so a renamed or reshaped message is a compile error, not a bug.
// Every message from the webview is validated by `parseWebviewMessage` before the host acts on it,
// against its schema (src/shared/schema/webviewMessages.ts), which is also where its type comes from.

import type { TimelineEvent } from '../events';
import type { ComposerFormat, SavedMessage } from '../connection';
import type { InferOutput } from 'valibot';
import { MAX_COMPOSER_BODY, readMessage, timelineWebviewMessage } from '../schema/webviewMessages';
import type { ConnectionStats } from '../stats';
import type { Result } from '../result';

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

/** What the timeline webview may send; each message's fields and limits are its schema's (src/shared/schema/webviewMessages.ts). */
export type WebviewToHost = InferOutput<typeof timelineWebviewMessage>;

export type WebviewMessageType = WebviewToHost['type'];

export { MAX_COMPOSER_BODY };

/**
 * Checks the shape of a message that claims to come from the webview.
 * Returns the typed message (only the fields its type defines: anything else a webview adds, say
 * a `path` next to `sendFile`, is dropped, so no handler can ever be reached with a value the
 * protocol does not define), or an error string saying what was wrong (the host logs it).
 */
export function parseWebviewMessage(raw: unknown): Result<{ message: WebviewToHost }> {
  return readMessage(timelineWebviewMessage, raw);
}
