// The text of stored messages, kept as UTF-8 bytes in one growable circular buffer instead of one
// JavaScript string per message. Messages are stored and evicted in the same order (oldest first),
// so their bytes form a FIFO: appending writes at the tail, evicting moves the head.
//
// Why: a busy timeline keeps 100,000 events. As strings, every message that arrives survives the
// young-generation GC and is copied (twice) by it, and the pauses that cost grew with the message
// rate (tens of ms at 90,000 msgs/s). Bytes in an ArrayBuffer are invisible to the GC.
//
// Positions are absolute (they only grow; a number is exact up to 2^53 bytes), so growing the
// buffer moves bytes but never invalidates a position that was handed out.
// Browser-safe: TextEncoder/TextDecoder, no Node built-ins.

const INITIAL_BYTES = 64 * 1024;
/** The buffer never grows past this; a payload that does not fit is the caller's to keep. */
export const MAX_RING_BYTES = 1024 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PayloadRing {
  private buf = new Uint8Array(INITIAL_BYTES);
  /** Absolute position of the oldest byte still in use. */
  private head = 0;
  /** Absolute position where the next payload goes. */
  private tail = 0;

  /** Bytes the buffer holds, in use or not. */
  get capacity(): number {
    return this.buf.length;
  }

  /**
   * Stores `text` as UTF-8; returns its absolute position and length in bytes, or undefined when
   * it cannot fit even in the largest buffer allowed.
   */
  write(text: string): { start: number; length: number } | undefined {
    // encodeInto needs one contiguous span; UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const worst = text.length * 3;
    let start = this.reserve(worst);
    if (start === undefined) {
      // The worst case is pessimistic for mostly-ASCII text: try the exact size before giving up.
      const exact = encoder.encode(text);
      start = this.reserve(exact.length);
      if (start === undefined) return undefined;
      this.buf.set(exact, start % this.buf.length);
      this.tail = start + exact.length;
      return { start, length: exact.length };
    }
    const at = start % this.buf.length;
    const { written } = encoder.encodeInto(text, this.buf.subarray(at, at + worst));
    this.tail = start + written;
    return { start, length: written };
  }

  read(start: number, length: number): string {
    const size = this.buf.length;
    const at = start % size;
    if (at + length <= size) return decoder.decode(this.buf.subarray(at, at + length));
    // Written in one piece, but a later growth (not by a power of two) can put the buffer's end
    // inside it: join the two pieces.
    const joined = new Uint8Array(length);
    joined.set(this.buf.subarray(at));
    joined.set(this.buf.subarray(0, length - (size - at)), size - at);
    return decoder.decode(joined);
  }

  /** The payload at `start` and everything before it are no longer needed. */
  release(start: number, length: number): void {
    this.head = Math.max(this.head, start + length);
  }

  clear(): void {
    this.buf = new Uint8Array(INITIAL_BYTES);
    this.head = 0;
    this.tail = 0;
  }

  /** Finds `bytes` of contiguous room at the tail, growing the buffer if needed. */
  private reserve(bytes: number): number | undefined {
    if (bytes > MAX_RING_BYTES) return undefined;
    for (;;) {
      const size = this.buf.length;
      const offset = this.tail % size;
      // Too close to the physical end: skip to the start. The skipped bytes count as used until
      // the payload before them is released.
      const start = offset + bytes > size ? this.tail + (size - offset) : this.tail;
      if (start + bytes - this.head <= size) return start;
      if (size >= MAX_RING_BYTES) return undefined;
      // A quarter more at a time: the slack a larger factor leaves is paid for as long as the
      // timeline lives, and copying on growth is rare (amortized, about 4 copies of every byte).
      this.grow(Math.min(MAX_RING_BYTES, Math.ceil(Math.max(size * 1.25, this.tail - this.head + bytes * 2))));
    }
  }

  private grow(size: number): void {
    const old = this.buf;
    const next = new Uint8Array(size);
    // Copy the bytes in use, [head, tail), piece by piece: a piece ends where either buffer wraps.
    for (let pos = this.head; pos < this.tail; ) {
      const from = pos % old.length;
      const to = pos % size;
      const n = Math.min(this.tail - pos, old.length - from, size - to);
      next.set(old.subarray(from, from + n), to);
      pos += n;
    }
    this.buf = next;
  }
}
