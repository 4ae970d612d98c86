// Typed shim over the API VS Code injects into webviews. Messages we post are typed with the
// shared protocol so a reshaped message fails to compile instead of failing at run time.

import type { HostToWebview, WebviewToHost } from '../../../src/shared/protocol/timeline';
import type { ComposerFormat } from '../../../src/shared/connection';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

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

const api = acquireVsCodeApi();
let state: UiState = { ...DEFAULT_STATE, ...((api.getState() as Partial<UiState> | undefined) ?? {}) };
let saveTimer: ReturnType<typeof setTimeout> | undefined;

export function post(message: WebviewToHost): void {
  api.postMessage(message);
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
      api.setState(state);
    }, 200);
  }
}

export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as HostToWebview | undefined;
    if (m && typeof m === 'object' && typeof m.type === 'string') handler(m);
  });
}
