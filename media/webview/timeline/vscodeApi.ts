// The timeline page's side of its host connection (media/webview/shared/host.ts), typed with the
// timeline protocol, and the UI state VS Code keeps while a hidden panel's document is destroyed.

import type { HostToWebview, WebviewToHost } from '../../../src/shared/protocol/timeline';
import type { RequestBody } from '../../../src/shared/protocol/rpc';
import type { Reply } from '../../../src/shared/result';
import type { ComposerFormat } from '../../../src/shared/connection';
import { connectToHost } from '../shared/host';

const host = connectToHost<HostToWebview, WebviewToHost>();

/**
 * These open a file dialog in VS Code and are answered once the user picks or cancels, which
 * may take any time: a timeout would report a failure while the dialog is still open.
 */
const WAITS_FOR_USER: ReadonlySet<WebviewToHost['type']> = new Set(['sendFile', 'export']);

/** Per-panel UI state that survives the panel being hidden and shown again. */
export interface UiState {
  format: ComposerFormat;
  body: string;
  direction: 'all' | 'in' | 'out';
  kinds: Record<string, boolean>;
  search: string;
  relativeMode: 'first' | 'previous';
  pingPayload: string;
  closeCode: string;
  closeReason: string;
  detailHeight?: number;
  /** The timeline shown, so VS Code can give a tab restored after a reload its timeline again (src/panels/timeline/timelineSerializer.ts). */
  timeline?: { id: string; side: 'client' | 'server' };
}

const DEFAULT_STATE: UiState = {
  format: 'text',
  body: '',
  direction: 'all',
  kinds: {},
  search: '',
  relativeMode: 'first',
  pingPayload: '',
  closeCode: '1000',
  closeReason: '',
};

let state: UiState = { ...DEFAULT_STATE, ...((host.getState() as Partial<UiState> | undefined) ?? {}) };
let saveTimer: ReturnType<typeof setTimeout> | undefined;

export function post(message: WebviewToHost): void {
  host.post(message);
}

/** Resolves with the host's answer; the caller shows a failure next to the control that asked. */
export function request(body: RequestBody<WebviewToHost>): Promise<Reply> {
  return host.request(body, WAITS_FOR_USER.has(body.type) ? { timeoutMs: Infinity } : undefined);
}

export function uiState(): Readonly<UiState> {
  return state;
}

/** Updates the saved state; writes are coalesced because typing calls this on every key. */
export function updateUiState(patch: Partial<UiState>): void {
  state = { ...state, ...patch };
  if (saveTimer === undefined) {
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      host.setState(state);
    }, 200);
  }
}

export function onHostMessage(handler: (message: HostToWebview) => void): void {
  host.onMessage(handler);
}
