// A webview page's one connection to its extension host: the API VS Code injects (typed with the
// page's protocol, so a reshaped message fails to compile instead of failing at run time), plus
// requests the host answers with a `reply` (src/shared/protocol/rpc.ts). Replies are settled
// here and never reach the page's own message handler.

import { isReplyMessage, RpcClient, type RequestBody, type RequestOptions } from '../../../src/shared/protocol/rpc';
import type { Reply } from '../../../src/shared/result';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostConnection<In extends { type: string }, Out extends { type: string }> {
  post(message: Out): void;
  /** Posts a request and resolves with the host's reply, or with a failure after the timeout. */
  request(body: RequestBody<Out>, options?: RequestOptions): Promise<Reply>;
  /** Every host message but replies; malformed ones (no `type`) are skipped. */
  onMessage(handler: (message: In) => void): void;
  /** What VS Code keeps for this page while its document is destroyed and recreated. */
  getState(): unknown;
  setState(state: unknown): void;
}

export interface HostConnectionOptions {
  /** Timeout of requests that do not set one (DEFAULT_REPLY_TIMEOUT_MS otherwise). */
  timeoutMs?: number;
}

let connection: HostConnection<{ type: string }, { type: string }> | undefined;

/** The page's connection; VS Code lets a page acquire its API only once, so every caller shares one. */
export function connectToHost<In extends { type: string }, Out extends { type: string }>(options: HostConnectionOptions = {}): HostConnection<In, Out> {
  if (!connection) connection = createConnection(acquireVsCodeApi(), options);
  return connection as unknown as HostConnection<In, Out>;
}

function createConnection(api: VsCodeApi, options: HostConnectionOptions): HostConnection<{ type: string }, { type: string }> {
  const rpc = new RpcClient<{ type: string }>({ post: (m) => api.postMessage(m), timeoutMs: options.timeoutMs });
  const handlers: Array<(message: { type: string }) => void> = [];
  window.addEventListener('message', (e: MessageEvent) => {
    const m: unknown = e.data;
    if (isReplyMessage(m)) {
      rpc.settle(m);
      return;
    }
    if (!m || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return;
    for (const handler of handlers) handler(m as { type: string });
  });
  return {
    post: (message) => api.postMessage(message),
    request: (body, requestOptions) => rpc.request(body, requestOptions),
    onMessage: (handler) => {
      handlers.push(handler);
    },
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
