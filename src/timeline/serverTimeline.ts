// A mock server's own view of its conversations, as a timeline: every client's handshake,
// messages, pings and closes (events carry the clientId). Figures are counted as they arrive.
import type { NewTimelineEvent, TimelineEvent } from '../shared/events';
import type { ConnectionStats } from '../shared/stats';
import type { ComposerHistoryEntry } from '../shared/protocol/timeline';
import { TimelineStore } from './timelineStore';
import { Emitter } from '../util/emitter';

export class ServerTimeline {
  readonly store: TimelineStore;
  readonly history: ComposerHistoryEntry[] = [];
  private figures: ConnectionStats = {
    state: 'OPEN', messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, queueLength: 0, bufferedAmount: 0, openedAt: Date.now(),
  };
  private readonly events = new Emitter<TimelineEvent>();
  private readonly statsChanged = new Emitter<ConnectionStats>();
  private readonly clearedEmitter = new Emitter<void>();
  readonly onEvent = this.events.on;
  readonly onStats = this.statsChanged.on;
  readonly onCleared = this.clearedEmitter.on;

  constructor(retention: number) {
    this.store = new TimelineStore(retention);
  }

  get stats(): ConnectionStats {
    return { ...this.figures };
  }

  record(event: NewTimelineEvent): void {
    const stored = this.store.append(event);
    if (stored.kind === 'message') {
      // Counted in place: this runs for every message of a busy server, and a fresh object per
      // message (spread) was its largest cost. Readers get a copy from `stats`.
      const f = this.figures;
      if (stored.dir === 'in') {
        f.messagesIn++;
        f.bytesIn += stored.size;
      } else {
        f.messagesOut++;
        f.bytesOut += stored.size;
      }
      this.statsChanged.fire(f);
    }
    this.events.fire(stored);
  }

  stopped(): void {
    this.figures = { ...this.figures, state: 'CLOSED', openedAt: undefined };
    this.statsChanged.fire(this.figures);
  }

  clear(): void {
    this.store.clear();
    this.clearedEmitter.fire();
  }

  dispose(): void {
    this.events.dispose();
    this.statsChanged.dispose();
    this.clearedEmitter.dispose();
  }
}
