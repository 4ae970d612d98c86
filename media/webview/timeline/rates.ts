// Live throughput from the timeline itself: message events of the last few seconds, so the
// figures move with what the user sees even between the host's stats updates.

import type { TimelineEvent } from '../../../src/shared/events';

const WINDOW_MS = 5000;

export class RateMeter {
  private times: number[] = [];
  private sizes: number[] = [];
  private head = 0;
  private bytes = 0;

  add(events: TimelineEvent[], now = Date.now()): void {
    // A timeline opened with a million events would otherwise copy them all only to expire them
    // at the next reading.
    const cutoff = now - WINDOW_MS;
    for (const e of events) {
      if (e.kind !== 'message' || e.time < cutoff) continue;
      this.times.push(e.time);
      this.sizes.push(e.size);
      this.bytes += e.size;
    }
  }

  clear(): void {
    this.times = [];
    this.sizes = [];
    this.head = 0;
    this.bytes = 0;
  }

  /** Messages and bytes per second over the last window, ending now. */
  rates(now = Date.now()): { msgsPerSec: number; bytesPerSec: number } {
    const cutoff = now - WINDOW_MS;
    while (this.head < this.times.length && this.times[this.head] < cutoff) {
      this.bytes -= this.sizes[this.head];
      this.head++;
    }
    // Compact now and then instead of shifting on every expiry.
    if (this.head > 1024 && this.head > this.times.length / 2) {
      this.times = this.times.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    const count = this.times.length - this.head;
    return { msgsPerSec: count / (WINDOW_MS / 1000), bytesPerSec: this.bytes / (WINDOW_MS / 1000) };
  }
}
