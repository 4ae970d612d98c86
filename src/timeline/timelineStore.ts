// The events of one timeline, bounded by a retention limit.
// A ring buffer (slots + head index) keeps append O(1) even after millions of events;
// Array.shift() would copy the whole array every time the limit is reached.
// Sequence numbers are contiguous inside the store, so get(seq) is an index computation.
// Messages, nearly every event of a busy timeline, are packed into columns (PackedMessages) and
// rebuilt when read; other events are kept as objects. The ring grows as events arrive, up to the
// retention limit, so a short conversation does not reserve room for 100,000 events.
// Browser-safe: no Node built-ins.
import type { Direction, MessageEvent, NewTimelineEvent, TimelineEvent, TimelineEventKind } from '../shared/events';
import { PackedMessages } from './packedMessages';
import { eventSearchText } from '../shared/eventKinds';
import type { Result } from '../shared/result';

export const DEFAULT_RETENTION = 100_000;
const INITIAL_CAPACITY = 1024;

export interface TimelineQuery {
  /** Case-insensitive substring. */
  text?: string;
  /** JavaScript regular expression source (case-insensitive). */
  regex?: string;
  kinds?: TimelineEventKind[];
  dir?: Direction;
  /** Stop after this many matches (oldest first). */
  limit?: number;
}

export type SearchResult = Result<{ events: TimelineEvent[] }>;

export class TimelineStore {
  /** Events that are not packed, by slot; undefined where the slot holds a packed message. */
  private objects: Array<TimelineEvent | undefined> = [];
  private packed: PackedMessages;
  /** Slots available; grows up to the limit while the ring has not wrapped yet. */
  private capacity: number;
  /** Slot of the oldest event (0 until the ring is full and wraps). */
  private head = 0;
  private count = 0;
  private nextSeq = 1;
  private droppedCount = 0;
  private readonly limit: number;
  private readonly listeners = new Set<(event: TimelineEvent) => void>();

  constructor(retention: number = DEFAULT_RETENTION) {
    // A store that keeps nothing would make the timeline useless; fall back to the default.
    this.limit = Number.isInteger(retention) && retention > 0 ? retention : DEFAULT_RETENTION;
    this.capacity = Math.min(this.limit, INITIAL_CAPACITY);
    this.packed = new PackedMessages(this.capacity);
  }

  get retention(): number {
    return this.limit;
  }

  get size(): number {
    return this.count;
  }

  /** Events removed by the retention limit since the last clear(). */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Sequence number the next appended event will get. */
  get nextSequence(): number {
    return this.nextSeq;
  }

  /**
   * Stores a copy of `event` with the next sequence number and returns that copy (the caller's
   * object is never changed). Listeners get the same copy.
   */
  append(event: NewTimelineEvent): TimelineEvent {
    const seq = this.nextSeq++;
    let slot: number;
    if (this.count < this.limit) {
      if (this.count === this.capacity) this.grow();
      slot = this.count++;
    } else {
      slot = this.head;
      this.head = (this.head + 1) % this.capacity;
      this.droppedCount++;
      this.packed.evict(slot);
    }
    let stored: TimelineEvent;
    if (event.kind === 'message' && this.packed.pack(slot, event)) {
      this.objects[slot] = undefined;
      stored = withSeq(event, seq);
    } else {
      // Spreading into a literal that starts with `seq` is several times faster in V8 than adding
      // seq after the spread; the assignment after it wins over a stale seq an imported event has.
      stored = { seq: 0, ...event } as TimelineEvent;
      stored.seq = seq;
      this.objects[slot] = stored;
      this.packed.unmark(slot);
    }
    if (this.listeners.size > 0) this.notify(stored);
    return stored;
  }

  private grow(): void {
    // Only before the ring wraps (head is 0), so every slot keeps its index.
    this.capacity = Math.min(this.limit, this.capacity * 2);
    this.packed.grow(this.capacity);
  }

  private notify(stored: TimelineEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(stored);
      } catch (err) {
        // A broken listener must not lose the event for everyone else.
        console.error('timeline listener failed', err);
      }
    }
  }

  /** Called after every append; batching is the caller's business. Returns an unsubscribe function. */
  onAppend(listener: (event: TimelineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every event, oldest first (new objects each call). */
  all(): TimelineEvent[] {
    return this.slice(0);
  }

  /** Events with a sequence number greater than `seq`, oldest first. */
  since(seq: number): TimelineEvent[] {
    if (this.count === 0) return [];
    return this.slice(Math.max(0, Math.floor(seq) - this.firstSeq + 1));
  }

  get(seq: number): TimelineEvent | undefined {
    if (this.count === 0 || !Number.isInteger(seq)) return undefined;
    const index = seq - this.firstSeq;
    return index >= 0 && index < this.count ? this.at(index) : undefined;
  }

  /** Empties the store. Sequence numbers keep increasing so old references never alias new events. */
  clear(): void {
    this.objects = [];
    this.capacity = Math.min(this.limit, INITIAL_CAPACITY);
    this.packed = new PackedMessages(this.capacity);
    this.head = 0;
    this.count = 0;
    this.droppedCount = 0;
  }

  search(query: TimelineQuery): SearchResult {
    let re: RegExp | undefined;
    if (query.regex !== undefined && query.regex !== '') {
      try {
        re = new RegExp(query.regex, 'i');
      } catch (err) {
        return { ok: false, error: `Invalid regular expression ${JSON.stringify(query.regex)}: ${(err as Error).message}` };
      }
    }
    const text = query.text ? query.text.toLowerCase() : undefined;
    const kinds = query.kinds && query.kinds.length > 0 ? new Set(query.kinds) : undefined;
    const limit = query.limit !== undefined && query.limit >= 0 ? query.limit : Infinity;
    const events: TimelineEvent[] = [];
    for (let i = 0; i < this.count && events.length < limit; i++) {
      const e = this.at(i);
      if (kinds && !kinds.has(e.kind)) continue;
      if (query.dir && (!('dir' in e) || e.dir !== query.dir)) continue;
      if (text !== undefined || re) {
        // The same text the webview's search box matches (src/shared/eventKinds.ts).
        const haystack = eventSearchText(e);
        if (text !== undefined && !haystack.toLowerCase().includes(text)) continue;
        if (re && !re.test(haystack)) continue;
      }
      events.push(e);
    }
    return { ok: true, events };
  }

  /** Sequence numbers are contiguous: the oldest kept event's is derived from the next one's. */
  private get firstSeq(): number {
    return this.nextSeq - this.count;
  }

  private at(index: number): TimelineEvent {
    const slot = (this.head + index) % this.capacity;
    return this.packed.isPacked(slot) ? this.packed.unpack(slot, this.firstSeq + index) : (this.objects[slot] as TimelineEvent);
  }

  private slice(from: number): TimelineEvent[] {
    const out: TimelineEvent[] = [];
    for (let i = from; i < this.count; i++) out.push(this.at(i));
    return out;
  }
}

/** A stored message as the store hands it out: the same fields, in the order unpack() makes them. */
function withSeq(e: Omit<MessageEvent, 'seq'>, seq: number): MessageEvent {
  const event: MessageEvent = { seq, time: e.time, kind: 'message', dir: e.dir, opcode: e.opcode, size: e.size, encoding: e.encoding, data: e.data };
  if (e.format !== undefined) event.format = e.format;
  if (e.clientId !== undefined) event.clientId = e.clientId;
  return event;
}
