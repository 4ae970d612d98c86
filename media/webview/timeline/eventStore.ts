// The webview's copy of the timeline and the filtered view of it.
// Mirrors the host's retention (oldest events go first) and keeps `visible`, the store indices
// that pass the filter, up to date incrementally: appending a batch only tests the new events.

import type { TimelineEvent } from '../../../src/shared/events';
import { eventSearchText } from '../../../src/shared/eventKinds';
import type { Matcher, SearchTexts } from './filter';
import { SharedStrings } from './sharedStrings';

export class EventStore implements SearchTexts {
  events: TimelineEvent[] = [];
  /** Indices into `events` that pass the filter, ascending. */
  visible: number[] = [];
  /** Events the host dropped because of its retention limit. */
  dropped = 0;
  retention = 0;
  private rawTexts: Array<string | undefined> = [];
  private lowerTexts: Array<string | undefined> = [];
  private match: Matcher = () => true;
  private readonly strings = new SharedStrings();

  reset(events: TimelineEvent[], dropped: number, retention: number): void {
    this.events = events.slice();
    for (const e of this.events) this.strings.share(e);
    this.rawTexts = [];
    this.lowerTexts = [];
    this.dropped = dropped;
    this.retention = retention;
    this.trim();
    this.refilter();
  }

  clear(): void {
    this.reset([], 0, this.retention);
  }

  /** Adds a batch; returns how many events were removed or left out to respect retention. */
  append(batch: TimelineEvent[], dropped: number): number {
    this.dropped = Math.max(this.dropped, dropped);
    const start = this.events.length;
    // After a stall (or a flood) a batch can hold more than the retention: its oldest events would
    // be removed right after being added, so they are not added, shared or matched at all.
    const skip = this.retention > 0 ? Math.max(0, batch.length - this.retention) : 0;
    for (let b = skip; b < batch.length; b++) {
      const e = batch[b];
      this.strings.share(e);
      this.events.push(e);
    }
    for (let i = start; i < this.events.length; i++) {
      if (this.match(this.events[i], i, this)) this.visible.push(i);
    }
    return skip + this.trim();
  }

  setMatcher(match: Matcher): void {
    this.match = match;
    this.refilter();
  }

  raw(index: number): string {
    let t = this.rawTexts[index];
    if (t === undefined) t = this.rawTexts[index] = eventSearchText(this.events[index]);
    return t;
  }

  lower(index: number): string {
    let t = this.lowerTexts[index];
    if (t === undefined) t = this.lowerTexts[index] = this.raw(index).toLowerCase();
    return t;
  }

  /** Store index of the event with this seq, or -1 (events are ordered by seq). */
  indexOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.events.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.events[mid].seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Position of a store index within `visible`, or -1. */
  visiblePosition(index: number): number {
    const v = this.visible;
    let lo = 0;
    let hi = v.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid] === index) return mid;
      if (v[mid] < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private refilter(): void {
    const out: number[] = [];
    const events = this.events;
    for (let i = 0; i < events.length; i++) if (this.match(events[i], i, this)) out.push(i);
    this.visible = out;
  }

  private trim(): number {
    const excess = this.retention > 0 ? this.events.length - this.retention : 0;
    if (excess <= 0) return 0;
    this.events.splice(0, excess);
    this.rawTexts.splice(0, excess);
    this.lowerTexts.splice(0, excess);
    // `visible` is ascending: skip the removed indices and shift the rest down.
    let first = 0;
    while (first < this.visible.length && this.visible[first] < excess) first++;
    const next = new Array<number>(this.visible.length - first);
    for (let i = first; i < this.visible.length; i++) next[i - first] = this.visible[i] - excess;
    this.visible = next;
    return excess;
  }
}
