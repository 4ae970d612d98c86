// The request/reply convention both ends of a webview share (src/shared/protocol/rpc.ts): every
// request gets its own id, is answered by the reply quoting it, or fails with a clear message
// once the timeout passes; nothing waits forever and a late reply changes nothing.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REPLY_TIMEOUT_MS, isReplyMessage, replyMessage, requestIdOf, RpcClient, type ReplyMessage } from '../../../src/shared/protocol/rpc';
import type { Reply } from '../../../src/shared/result';

type Out =
  | { type: 'ready' }
  | { type: 'send'; requestId: number; body: string }
  | { type: 'export'; requestId: number; format: 'jsonl' | 'har' };

function client(timeoutMs?: number) {
  const posted: Out[] = [];
  const rpc = new RpcClient<Out>({ post: (m) => posted.push(m), timeoutMs });
  const idOf = (i: number) => (posted[i] as { requestId: number }).requestId;
  const answer = (i: number, reply: Reply) => rpc.settle(replyMessage(idOf(i), reply));
  return { rpc, posted, idOf, answer };
}

/** The value a promise has settled with by now, or 'pending'. */
async function state<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, Promise.resolve('pending' as const)]);
}

describe('RpcClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts the request with an id and resolves with the reply quoting it', async () => {
    const { rpc, posted, answer } = client();
    const sent = rpc.request({ type: 'send', body: 'hi' });
    expect(posted).toEqual([{ type: 'send', body: 'hi', requestId: expect.any(Number) }]);
    expect(answer(0, { ok: false, error: 'Not connected', position: 3 })).toBe(true);
    expect(await sent).toEqual({ ok: false, error: 'Not connected', position: 3 });
    expect(rpc.waiting).toBe(0);
  });

  it('gives every request its own id, so each reply reaches the control that asked', async () => {
    const { rpc, posted, idOf, answer } = client();
    const requests = Array.from({ length: 500 }, (_, i) => rpc.request({ type: 'send', body: String(i) }));
    const ids = posted.map((_, i) => idOf(i));
    expect(new Set(ids).size).toBe(500);
    // Answered out of order: each promise still gets its own answer.
    for (let i = 499; i >= 0; i--) answer(i, { ok: true, message: `sent ${(posted[i] as { body: string }).body}` });
    const replies = await Promise.all(requests);
    expect(replies.map((r) => (r.ok ? r.message : r.error))).toEqual(Array.from({ length: 500 }, (_, i) => `sent ${i}`));
    // Ids are never reused, not even once the earlier requests are settled or timed out.
    void rpc.request({ type: 'send', body: 'later' });
    vi.advanceTimersByTime(DEFAULT_REPLY_TIMEOUT_MS);
    void rpc.request({ type: 'send', body: 'after the timeout' });
    expect(new Set(posted.map((_, i) => idOf(i))).size).toBe(posted.length);
  });

  it('fails with "did not answer" after the timeout and forgets the request', async () => {
    const { rpc } = client();
    const sent = rpc.request({ type: 'send', body: 'hi' });
    vi.advanceTimersByTime(DEFAULT_REPLY_TIMEOUT_MS - 1);
    expect(await state(sent)).toBe('pending');
    vi.advanceTimersByTime(1);
    expect(await sent).toEqual({ ok: false, error: `The extension did not answer within ${DEFAULT_REPLY_TIMEOUT_MS / 1000} s.` });
    expect(rpc.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores a reply that comes after the timeout, and it does not settle another request', async () => {
    const { rpc, answer } = client(2000);
    const first = rpc.request({ type: 'send', body: 'slow' });
    vi.advanceTimersByTime(2000);
    const second = rpc.request({ type: 'send', body: 'next' });
    expect(answer(0, { ok: true, message: 'sent at last' })).toBe(false);
    expect(await first).toEqual({ ok: false, error: 'The extension did not answer within 2 s.' });
    expect(await state(second)).toBe('pending');
    expect(answer(1, { ok: true })).toBe(true);
    expect(await second).toEqual({ ok: true });
  });

  it('a reply cancels the timeout: no failure follows a success', async () => {
    const { rpc, answer } = client(1000);
    const sent = rpc.request({ type: 'send', body: 'hi' });
    answer(0, { ok: true, message: 'queued' });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(await sent).toEqual({ ok: true, message: 'queued' });
  });

  it('a request that waits on the user (timeout Infinity) never times out', async () => {
    const { rpc, answer } = client(1000);
    const exported = rpc.request({ type: 'export', format: 'har' }, { timeoutMs: Infinity });
    vi.advanceTimersByTime(10 * 60_000);
    expect(await state(exported)).toBe('pending');
    answer(0, { ok: true, message: 'Exported 3 events' });
    expect(await exported).toEqual({ ok: true, message: 'Exported 3 events' });
  });

  it('a reply for an id nobody waits for is ignored', () => {
    const { rpc } = client();
    expect(rpc.settle({ type: 'reply', requestId: 42, ok: true })).toBe(false);
  });

  it('a request that cannot be posted fails at once and leaves nothing waiting', async () => {
    const rpc = new RpcClient<Out>({
      post: () => {
        throw new Error('could not be cloned');
      },
    });
    expect(await rpc.request({ type: 'send', body: 'x' })).toEqual({ ok: false, error: 'Could not send the request: could not be cloned' });
    expect(rpc.waiting).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('reply messages', () => {
  it('carry only what a Reply defines, whatever the handler returned', () => {
    const rich = { ok: true, message: 'sent', seq: 7, socket: {} } as Reply;
    expect(replyMessage(3, rich)).toEqual({ type: 'reply', requestId: 3, ok: true, message: 'sent' });
    expect(replyMessage(4, { ok: true })).toEqual({ type: 'reply', requestId: 4, ok: true });
    expect(replyMessage(5, { ok: false, error: 'bad JSON', line: 2, column: 5 })).toEqual({ type: 'reply', requestId: 5, ok: false, error: 'bad JSON', line: 2, column: 5 });
  });

  it('are told apart from other host messages', () => {
    const reply: ReplyMessage = { type: 'reply', requestId: 1, ok: true };
    expect(isReplyMessage(reply)).toBe(true);
    expect(isReplyMessage({ type: 'reply', ok: true })).toBe(false);
    expect(isReplyMessage({ type: 'events', requestId: 1 })).toBe(false);
    expect(isReplyMessage(null)).toBe(false);
  });

  it('requestIdOf finds the id of a request only', () => {
    expect(requestIdOf({ type: 'send', requestId: 0 })).toBe(0);
    expect(requestIdOf({ type: 'clear' })).toBeUndefined();
    expect(requestIdOf({ type: 'send', requestId: '1' })).toBeUndefined();
    expect(requestIdOf({ type: 'send', requestId: -1 })).toBeUndefined();
  });
});
