// Follows frame boundaries in a byte stream (headers only, payloads are skipped), so when a peer
// drops the TCP connection we can tell "between frames" from "in the middle of a frame" and say
// how far the frame got. ws reports both as a bare 1006. Browser-safe: no Node built-ins.

export interface IncompleteFrame {
  /** Header bytes received of a header that never completed (0 when the header was complete). */
  headerBytes: number;
  payloadReceived: number;
  /** Announced payload length; undefined while the header is incomplete. */
  payloadLength?: number;
}

export class FrameTracker {
  private readonly header = new Uint8Array(14);
  private headerLen = 0;
  /** Header size once its second byte is known (2..14). */
  private headerSize = 2;
  private payloadLength = 0;
  private remaining = 0;
  /** A header we cannot follow (a length past 2^53): stop guessing. */
  private lost = false;

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.lost) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        continue;
      }
      this.header[this.headerLen++] = chunk[i++];
      if (this.headerLen === 2) {
        const len7 = this.header[1] & 0x7f;
        this.headerSize = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (this.header[1] & 0x80 ? 4 : 0);
      }
      if (this.headerLen >= 2 && this.headerLen === this.headerSize) this.headerDone();
    }
  }

  private headerDone(): void {
    const h = this.header;
    const len7 = h[1] & 0x7f;
    let length = len7;
    if (len7 === 126) length = (h[2] << 8) | h[3];
    else if (len7 === 127) {
      const high = ((h[2] << 24) >>> 0) + (h[3] << 16) + (h[4] << 8) + h[5];
      if (high > 0x1fffff) {
        this.lost = true;
        return;
      }
      length = high * 2 ** 32 + ((h[6] << 24) >>> 0) + (h[7] << 16) + (h[8] << 8) + h[9];
    }
    this.payloadLength = length;
    this.remaining = length;
    this.headerLen = 0;
    this.headerSize = 2;
  }

  /** Where the stream stopped, when that is not a frame boundary. */
  get incomplete(): IncompleteFrame | undefined {
    if (this.lost) return undefined;
    if (this.headerLen > 0) return { headerBytes: this.headerLen, payloadReceived: 0 };
    if (this.remaining > 0) return { headerBytes: 0, payloadReceived: this.payloadLength - this.remaining, payloadLength: this.payloadLength };
    return undefined;
  }
}

/** "10 of 100 payload bytes" / "3 bytes of a frame header". */
export function describeIncomplete(f: IncompleteFrame): string {
  return f.payloadLength !== undefined ? `${f.payloadReceived} of ${f.payloadLength} payload bytes` : `${f.headerBytes} byte${f.headerBytes === 1 ? '' : 's'} of a frame header`;
}
