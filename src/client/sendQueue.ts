// Messages the user sent while the connection was down, kept until it is back.
// Bounded: when full, the oldest message is dropped (the newest intent usually matters most) and
// the caller is told, so the timeline can say so. Browser-safe: no Node built-ins.
import { utf8ByteLength } from '../codecs/utf8';

/** What the caller asks to send. */
export interface OutgoingMessage {
  data: string | Uint8Array;
  opcode: 'text' | 'binary';
  /** How the composer built it (json, msgpack...), kept on the timeline event. */
  format?: string;
}

export interface QueuedMessage {
  data: string | Uint8Array;
  opcode: 'text' | 'binary';
  /** Payload bytes. */
  size: number;
  format?: string;
}

export interface EnqueueResult {
  queueLength: number;
  /** The message dropped to make room, when the queue was full. */
  dropped?: QueuedMessage;
}

export class SendQueue {
  // A plain array with a head index: shift() would make draining a large queue O(n^2).
  private items: Array<QueuedMessage | undefined> = [];
  private head = 0;

  constructor(private limit: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  setLimit(limit: number): void {
    this.limit = limit;
    while (this.length > Math.max(0, limit)) this.shift();
  }

  /** Adds a message at the back. With a limit of 0 nothing is kept (the message itself is dropped). */
  push(message: QueuedMessage): EnqueueResult {
    if (this.limit <= 0) return { queueLength: 0, dropped: message };
    let dropped: QueuedMessage | undefined;
    if (this.length >= this.limit) dropped = this.shift();
    this.items.push(message);
    return { queueLength: this.length, dropped };
  }

  shift(): QueuedMessage | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    // Compact once the dead prefix is at least half the array: amortised O(1).
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** Checks a message and brings it to the form the transport sends. */
export function prepareMessage(m: OutgoingMessage): QueuedMessage | { error: string } {
  if (!m || (m.opcode !== 'text' && m.opcode !== 'binary')) return { error: 'A message needs opcode "text" or "binary".' };
  if (typeof m.data === 'string') {
    if (m.opcode === 'text') return { data: m.data, opcode: 'text', size: utf8ByteLength(m.data), format: m.format };
    const bytes = new TextEncoder().encode(m.data);
    return { data: bytes, opcode: 'binary', size: bytes.length, format: m.format };
  }
  if (!(m.data instanceof Uint8Array)) return { error: 'Message data must be a string or bytes.' };
  if (m.opcode === 'binary') return { data: m.data, opcode: 'binary', size: m.data.length, format: m.format };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(m.data);
    return { data: text, opcode: 'text', size: m.data.length, format: m.format };
  } catch {
    return { error: 'A text message must be valid UTF-8 (RFC 6455 §5.6): send these bytes as binary instead.' };
  }
}
