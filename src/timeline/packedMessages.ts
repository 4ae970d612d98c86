// Message events stored as columns (typed arrays) plus their payload bytes (PayloadRing), instead of
// one object and one string per message. A stored message costs the GC nothing: a busy mock server
// or connection appends tens of thousands per second, and as objects every one of them survived the
// young-generation collection and was copied by it, which showed up as tail latency.
// Events are rebuilt as plain objects when read (panel init, export, lesson checks): rarely, and
// those copies die young.
// Browser-safe: no Node built-ins.
import type { MessageEvent } from '../shared/events';
import { PayloadRing } from './payloadRing';

/** Longer payloads stay ordinary objects: they are rare, and large strings are not copied by the GC anyway. */
export const MAX_PACKED_CHARS = 64 * 1024;

const PACKED = 1;
const OUT = 2;
const BINARY = 4;
const BASE64 = 8;

type NewMessage = Omit<MessageEvent, 'seq'>;

/**
 * The strings a message refers to by id (client ids, composer formats): few distinct values shared by
 * many events. Reference-counted so that a server seeing clients come and go keeps only the ids of
 * clients it still has events of.
 */
class StringTable {
  private readonly ids = new Map<string, number>();
  /** Index = id - 1 (0 means "none"). */
  private readonly values: Array<string | undefined> = [];
  private readonly refs: number[] = [];
  private readonly free: number[] = [];

  ref(value: string | undefined): number {
    if (value === undefined) return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.free.pop() ?? this.values.length + 1;
      this.ids.set(value, id);
      this.values[id - 1] = value;
      this.refs[id - 1] = 0;
    }
    this.refs[id - 1]++;
    return id;
  }

  unref(id: number): void {
    if (id === 0) return;
    if (--this.refs[id - 1] > 0) return;
    this.ids.delete(this.values[id - 1] as string);
    this.values[id - 1] = undefined;
    this.free.push(id);
  }

  get(id: number): string | undefined {
    return id === 0 ? undefined : this.values[id - 1];
  }
}

export class PackedMessages {
  private flags: Uint8Array;
  private times: Float64Array;
  private sizes: Float64Array;
  private clients: Uint32Array;
  private formats: Uint32Array;
  private starts: Float64Array;
  private lengths: Uint32Array;
  private readonly payloads = new PayloadRing();
  private readonly strings = new StringTable();

  constructor(capacity: number) {
    this.flags = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
    this.sizes = new Float64Array(capacity);
    this.clients = new Uint32Array(capacity);
    this.formats = new Uint32Array(capacity);
    this.starts = new Float64Array(capacity);
    this.lengths = new Uint32Array(capacity);
  }

  get capacity(): number {
    return this.flags.length;
  }

  /** Bytes held for the columns and payloads (for the benchmarks' memory figures). */
  get bytes(): number {
    return this.capacity * (1 + 8 + 8 + 4 + 4 + 8 + 4) + this.payloads.capacity;
  }

  /** Slots keep their index: the store only grows before its ring has wrapped. */
  grow(capacity: number): void {
    const widen = <T extends Uint8Array | Uint32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
    this.times = widen(this.times, (n) => new Float64Array(n));
    this.sizes = widen(this.sizes, (n) => new Float64Array(n));
    this.clients = widen(this.clients, (n) => new Uint32Array(n));
    this.formats = widen(this.formats, (n) => new Uint32Array(n));
    this.starts = widen(this.starts, (n) => new Float64Array(n));
    this.lengths = widen(this.lengths, (n) => new Uint32Array(n));
  }

  isPacked(slot: number): boolean {
    return (this.flags[slot] & PACKED) !== 0;
  }

  /** Stores a message in `slot`; false when it should be kept as an object instead. */
  pack(slot: number, e: NewMessage): boolean {
    // A decoded annotation is a tree of its own: such messages stay objects (the store keeps them whole).
    if (e.data.length > MAX_PACKED_CHARS || e.decoded !== undefined) return false;
    const at = this.payloads.write(e.data);
    if (!at) return false;
    this.flags[slot] = PACKED | (e.dir === 'out' ? OUT : 0) | (e.opcode === 'binary' ? BINARY : 0) | (e.encoding === 'base64' ? BASE64 : 0);
    this.times[slot] = e.time;
    this.sizes[slot] = e.size;
    this.clients[slot] = this.strings.ref(e.clientId);
    this.formats[slot] = this.strings.ref(e.format);
    this.starts[slot] = at.start;
    this.lengths[slot] = at.length;
    return true;
  }

  /** The event in `slot`, as the object that was appended (plus its seq). */
  unpack(slot: number, seq: number): MessageEvent {
    const f = this.flags[slot];
    const event: MessageEvent = {
      seq,
      time: this.times[slot],
      kind: 'message',
      dir: f & OUT ? 'out' : 'in',
      opcode: f & BINARY ? 'binary' : 'text',
      size: this.sizes[slot],
      encoding: f & BASE64 ? 'base64' : 'utf8',
      data: this.payloads.read(this.starts[slot], this.lengths[slot]),
    };
    const format = this.strings.get(this.formats[slot]);
    if (format !== undefined) event.format = format;
    const clientId = this.strings.get(this.clients[slot]);
    if (clientId !== undefined) event.clientId = clientId;
    return event;
  }

  /** Frees what `slot` holds; it then counts as not packed. */
  evict(slot: number): void {
    if (!(this.flags[slot] & PACKED)) return;
    this.payloads.release(this.starts[slot], this.lengths[slot]);
    this.strings.unref(this.clients[slot]);
    this.strings.unref(this.formats[slot]);
    this.flags[slot] = 0;
  }

  /** Marks `slot` as holding an object (after evict, or for a slot never packed). */
  unmark(slot: number): void {
    this.flags[slot] = 0;
  }
}
