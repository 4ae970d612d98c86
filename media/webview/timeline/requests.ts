// Request ids for messages the host answers with `reply`, so each answer reaches the control
// that asked (a failed send shows under the composer, a failed close next to the close fields).

import type { HostToWebview } from '../../../src/shared/protocol/timeline';

export type Reply = Extract<HostToWebview, { type: 'reply' }>;

let nextId = 1;
const pending = new Map<number, (reply: Reply) => void>();

export function newRequest(onReply: (reply: Reply) => void = () => {}): number {
  const id = nextId++;
  pending.set(id, onReply);
  return id;
}

export function settle(reply: Reply): void {
  const handler = pending.get(reply.requestId);
  pending.delete(reply.requestId);
  handler?.(reply);
}
