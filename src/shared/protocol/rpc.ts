// Requests and replies between a webview and the extension host, the same for every webview.
// A message that carries a `requestId` is a request: the host answers it with exactly one
// `reply` quoting that id (src/panels/webview/webviewHost.ts), so the answer reaches the control
// that asked (a failed send under the composer, a failed close next to the close fields).
// The webview side (RpcClient) gives up after a timeout, so a control never waits forever on a
// host that is busy or gone; a reply that comes later is ignored.
// Browser-safe and dependency-free: both bundles import it.

import { fail, type Failure, type Reply } from '../result';

export type RequestId = number;

/** The host's answer to one request: a Reply, plus the id of the request it answers. */
export type ReplyMessage = { type: 'reply'; requestId: RequestId } & Reply;

/** What a caller writes for a request: the message without its id, which the client assigns. */
export type RequestBody<M> = M extends { requestId: RequestId } ? Omit<M, 'requestId'> : never;

/** Most requests are answered at once; this long means the extension host is stuck or gone. */
export const DEFAULT_REPLY_TIMEOUT_MS = 15_000;

/** The id a webview message asks to be answered under, or undefined when it is not a request. */
export function requestIdOf(message: unknown): RequestId | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const id = (message as { requestId?: unknown }).requestId;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

/**
 * The reply message for a Reply. Only the fields a Reply defines are copied: a handler may return
 * a richer object, and whatever crosses postMessage should be what the protocol says.
 */
export function replyMessage(requestId: RequestId, reply: Reply): ReplyMessage {
  if (reply.ok) {
    return reply.message === undefined ? { type: 'reply', requestId, ok: true } : { type: 'reply', requestId, ok: true, message: reply.message };
  }
  const out: ReplyMessage = { type: 'reply', requestId, ok: false, error: reply.error };
  if (reply.position !== undefined) out.position = reply.position;
  if (reply.line !== undefined) out.line = reply.line;
  if (reply.column !== undefined) out.column = reply.column;
  return out;
}

export function isReplyMessage(message: unknown): message is ReplyMessage {
  if (!message || typeof message !== 'object') return false;
  const m = message as Record<string, unknown>;
  return m.type === 'reply' && requestIdOf(m) !== undefined && typeof m.ok === 'boolean';
}

export function timeoutFailure(timeoutMs: number): Failure {
  return fail(`The extension did not answer within ${timeoutMs / 1000} s.`);
}

export interface RequestOptions {
  /** How long to wait for the reply; Infinity for requests that wait on the user (a file dialog). */
  timeoutMs?: number;
}

export interface RpcClientOptions<Out> {
  /** Hands a message to the host (the webview's postMessage). */
  post(message: Out): void;
  /** The timeout of a request that does not set its own. */
  timeoutMs?: number;
}

interface Pending {
  resolve(reply: Reply): void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * The webview end: numbers requests, posts them and resolves each with its reply, or with a
 * failure saying the extension did not answer in time. Ids are unique for the life of the page;
 * a new page (VS Code recreates a hidden webview) starts again, and the host drops replies meant
 * for the page that went away.
 */
export class RpcClient<Out extends { type: string }> {
  private nextId = 1;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly timeoutMs: number;

  constructor(private readonly options: RpcClientOptions<Out>) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  }

  /** Requests still waiting for their reply. */
  get waiting(): number {
    return this.pending.size;
  }

  request(body: RequestBody<Out>, options: RequestOptions = {}): Promise<Reply> {
    const requestId = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return new Promise<Reply>((resolve) => {
      const entry: Pending = { resolve };
      this.pending.set(requestId, entry);
      if (Number.isFinite(timeoutMs)) {
        entry.timer = setTimeout(() => {
          if (this.pending.get(requestId) !== entry) return;
          this.pending.delete(requestId);
          resolve(timeoutFailure(timeoutMs));
        }, timeoutMs);
      }
      try {
        this.options.post({ ...body, requestId } as unknown as Out);
      } catch (err) {
        this.finish(requestId, fail(`Could not send the request: ${(err as Error).message}`));
      }
    });
  }

  /** Resolves the request a reply answers; false when none waits for it (timed out, or not ours). */
  settle(reply: ReplyMessage): boolean {
    const { type: _type, requestId, ...result } = reply;
    return this.finish(requestId, result as Reply);
  }

  private finish(requestId: RequestId, reply: Reply): boolean {
    const entry = this.pending.get(requestId);
    if (!entry) return false;
    this.pending.delete(requestId);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.resolve(reply);
    return true;
  }
}
