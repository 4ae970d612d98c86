// Shell-style recall of previously sent messages. The draft being typed is kept aside while
// browsing, so going back down past the newest entry restores it: recall never loses a draft.

import type { ComposerHistoryEntry } from '../../../src/shared/protocol/timeline';

const MAX_ENTRIES = 200;

export class ComposerHistory {
  private entries: ComposerHistoryEntry[] = [];
  /** entries.length means "at the draft". */
  private cursor = 0;
  private draft: ComposerHistoryEntry | undefined;

  replace(entries: ComposerHistoryEntry[]): void {
    this.entries = entries.slice(-MAX_ENTRIES);
    this.reset();
  }

  /** Records a local send; the host's next `history` message replaces the list anyway. */
  push(entry: ComposerHistoryEntry): void {
    const last = this.entries[this.entries.length - 1];
    if (!last || last.body !== entry.body || last.format !== entry.format) this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    this.reset();
  }

  reset(): void {
    this.cursor = this.entries.length;
    this.draft = undefined;
  }

  /** The older entry, skipping ones equal to what is shown; undefined at the oldest. */
  older(current: ComposerHistoryEntry): ComposerHistoryEntry | undefined {
    if (this.cursor === this.entries.length) this.draft = current;
    let i = this.cursor - 1;
    while (i >= 0 && this.entries[i].body === current.body && this.entries[i].format === current.format) i--;
    if (i < 0) return undefined;
    this.cursor = i;
    return this.entries[i];
  }

  newer(): ComposerHistoryEntry | undefined {
    if (this.cursor >= this.entries.length) return undefined;
    this.cursor++;
    return this.cursor === this.entries.length ? this.draft : this.entries[this.cursor];
  }
}
