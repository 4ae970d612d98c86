// Keeps each connection's timeline on disk, so a window reload or a restart does not lose it:
// one history file per connection (src/formats/historyFile.ts says what is in it and how it is
// bounded). A connection's saved events go back into its store, with a note that they came from
// an earlier session, before anything new is recorded; new events are appended in batches
// (at most FLUSH_MS late) and on shutdown. Secrets are hidden as in exports before a byte is
// written. A file that cannot be read is moved aside, never overwritten, and the log says where.
// Node only (files), no VS Code: connectionHistory.ts wires it to settings and connections.

import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NewTimelineEvent, TimelineEvent } from '../../shared/events';
import type { TimelineStore } from '../../timeline/timelineStore';
import {
  historyAppendText, historyFileText, historyNeedsCompaction, readHistoryFile, type HistoryLimits, type HistoryTarget,
} from '../../formats/historyFile';
import { Timer, realTimers, type TimerFunctions } from '../../util/timer';

/** What a history follows: a LiveConnection fits. */
export interface HistorySource {
  readonly config: { readonly name: string; readonly url: string };
  readonly store: TimelineStore;
  onEvent(listener: (e: TimelineEvent) => void): () => void;
  onCleared(listener: () => void): () => void;
}

export interface HistoryLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface HistoryStoreOptions {
  /** Folder of the history files (the workspace storage). */
  dir: string;
  /** Read at each write, so changed settings apply to the next one. */
  limits: () => HistoryLimits;
  /** Values hidden in the files, as in exports: stored secrets, private env values. */
  secrets: () => Promise<readonly string[]>;
  log: HistoryLog;
  /** Longest an event waits before it is written. */
  flushMs?: number;
  timers?: TimerFunctions;
}

/** New events are written at most this long after they happen. */
export const FLUSH_MS = 500;

interface Tracked {
  id: string;
  source: HistorySource;
  /** Recorded since the last write, oldest first. */
  pending: TimelineEvent[];
  /** The file must be written whole (first write, after a restore or a clear). */
  rewrite: boolean;
  /** What the file holds now, to know when it outgrew its bound. */
  fileEvents: number;
  fileBytes: number;
  /** The "restored from a previous session" notes: shown, never saved (each session adds its own). */
  notes: Set<number>;
  /** Writes of one file run one after the other. */
  writing: Promise<void>;
  failed: boolean;
  off: Array<() => void>;
}

export class HistoryStore {
  private readonly tracked = new Map<string, Tracked>();
  private readonly timer: Timer;
  private disposed = false;

  constructor(private readonly options: HistoryStoreOptions) {
    this.timer = new Timer(options.timers ?? realTimers);
  }

  /** The file of a connection; ids are UUIDs, anything else is made file-name safe. */
  fileOf(id: string): string {
    return join(this.options.dir, `${id.replace(/[^\w.-]+/g, '_')}.jsonl`);
  }

  /**
   * Puts what was saved for `id` into its store (empty at this point: right after activation)
   * and follows the store from then on. Returns how many events came back.
   */
  async restore(id: string, source: HistorySource): Promise<number> {
    if (this.tracked.has(id) || this.disposed) return 0;
    const t = this.track(id, source);
    const file = this.fileOf(id);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.options.log.warn(`Timeline history of "${source.config.name}" could not be read (${file}): ${(err as Error).message}`);
      return 0;
    }
    const read = readHistoryFile(text, this.options.limits());
    if (!read.ok) {
      await this.moveAside(file, source, `it is damaged (${read.error})`);
      return 0;
    }
    if (source.store.size > 0) {
      // Something was recorded before the file was read: the saved events can no longer go first.
      await this.moveAside(file, source, 'the connection recorded events before its history was read');
      return 0;
    }
    if (read.tornLine) this.options.log.warn(`Timeline history of "${source.config.name}": the last line was cut off (the window closed while it was written) and was left out.`);
    if (read.events.length === 0) return 0;
    for (const e of read.events) source.store.append(e);
    const note = source.store.append(restoredNote(read.events.length, read.events[read.events.length - 1].time));
    t.notes.add(note.seq);
    this.options.log.info(`Timeline history of "${source.config.name}": ${read.events.length} events restored from ${file}${read.trimmed ? `, ${read.trimmed} older ones left out by the history limits` : ''}.`);
    return read.events.length;
  }

  private track(id: string, source: HistorySource): Tracked {
    const t: Tracked = {
      id, source, pending: [], rewrite: true, fileEvents: 0, fileBytes: 0, notes: new Set(), writing: Promise.resolve(), failed: false, off: [],
    };
    t.off.push(
      source.onEvent((e) => {
        t.pending.push(e);
        this.schedule();
      }),
      source.onCleared(() => {
        // Cleared by the user: the saved history goes too.
        t.pending = [];
        t.rewrite = true;
        t.notes.clear();
        this.schedule();
      }),
    );
    this.tracked.set(id, t);
    return t;
  }

  private schedule(): void {
    // Not restarted by each event: a steady stream is still written every FLUSH_MS.
    if (!this.timer.pending && !this.disposed) this.timer.start(this.options.flushMs ?? FLUSH_MS, () => void this.flush());
  }

  /** Writes everything recorded so far. */
  async flush(): Promise<void> {
    this.timer.cancel();
    await Promise.all([...this.tracked.values()].map((t) => this.flushOne(t)));
  }

  private flushOne(t: Tracked): Promise<void> {
    if (!t.rewrite && t.pending.length === 0) return t.writing;
    t.writing = t.writing.then(() => this.write(t));
    return t.writing;
  }

  private async write(t: Tracked): Promise<void> {
    if (!t.rewrite && t.pending.length === 0) return;
    const batch = t.pending;
    t.pending = [];
    const file = this.fileOf(t.id);
    try {
      const limits = this.options.limits();
      const target: HistoryTarget = { name: t.source.config.name, url: t.source.config.url, secrets: await this.options.secrets() };
      const appended = t.rewrite ? undefined : historyAppendText(batch, target);
      if (appended && !historyNeedsCompaction({ events: t.fileEvents + appended.events, bytes: t.fileBytes + appended.bytes }, limits)) {
        await appendFile(file, appended.text);
        t.fileEvents += appended.events;
        t.fileBytes += appended.bytes;
      } else {
        // The whole file, bounded: what the store holds (it has every event of `batch`).
        const events = t.source.store.all().filter((e) => !t.notes.has(e.seq));
        const whole = historyFileText(events, target, limits);
        await mkdir(this.options.dir, { recursive: true });
        // Written beside, then renamed over: a crash mid-write leaves the old file whole.
        await writeFile(`${file}.tmp`, whole.text);
        await rename(`${file}.tmp`, file);
        t.fileEvents = whole.events;
        t.fileBytes = whole.bytes;
        t.rewrite = false;
      }
      t.failed = false;
    } catch (err) {
      // Logged once until a write works again; the next write redoes the whole file.
      if (!t.failed) this.options.log.warn(`Timeline history of "${t.source.config.name}" could not be saved (${file}): ${(err as Error).message}`);
      t.failed = true;
      t.rewrite = true;
    }
  }

  private async moveAside(file: string, source: HistorySource, why: string): Promise<void> {
    const aside = file.replace(/\.jsonl$/, `.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    try {
      await rename(file, aside);
      this.options.log.warn(`Timeline history of "${source.config.name}" was not restored: ${why}. The file was kept as ${aside}; this session starts a new one.`);
    } catch (err) {
      this.options.log.warn(`Timeline history of "${source.config.name}" was not restored: ${why}. Moving ${file} aside failed too (${(err as Error).message}); it will be overwritten.`);
    }
  }

  /** Stops following `id` and deletes its file (the connection was deleted). */
  async forget(id: string): Promise<void> {
    const t = this.tracked.get(id);
    if (t) {
      for (const off of t.off.splice(0)) off();
      this.tracked.delete(id);
      await t.writing;
    }
    await rm(this.fileOf(id), { force: true });
  }

  ids(): string[] {
    return [...this.tracked.keys()];
  }

  /** Writes what is pending and stops following every connection. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.flush();
    this.disposed = true;
    this.timer.cancel();
    for (const t of this.tracked.values()) for (const off of t.off.splice(0)) off();
  }
}

/** The row that separates what came back from a previous session from what follows. */
function restoredNote(count: number, lastTime: number): NewTimelineEvent {
  // The local date and time of the last restored event, as "2026-12-03 19:25:12".
  const last = new Date(lastTime).toLocaleString('sv-SE');
  return { kind: 'info', time: Date.now(), message: `↑ ${count} event${count === 1 ? '' : 's'} restored from the previous session (the last at ${last}). New events follow.` };
}
