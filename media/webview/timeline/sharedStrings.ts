// Events arrive through postMessage, whose structured clone gives every event its own copy of each
// string value: "message", "in", "text", "utf8", "c17"... At a million retained events that is
// several million small strings, which the garbage collector keeps marking (on a 2-core machine it
// competes with scrolling). The values that repeat are replaced by one shared copy as events come in.

import type { TimelineEvent } from '../../../src/shared/events';

/** The fields whose values come from a small set (kinds, directions, client ids...). */
const REPEATING_FIELDS = ['kind', 'dir', 'opcode', 'encoding', 'clientId', 'format', 'action', 'category', 'initiator', 'codeName', 'state'] as const;
/** A client id or format longer than this is not worth a table entry. */
const MAX_SHARED_LENGTH = 64;
/** A timeline with more distinct values than this (client ids of a long-running server) stops adding. */
const MAX_TABLE_SIZE = 100_000;

export class SharedStrings {
  private readonly table = new Map<string, string>();

  /** Points the event's repeating fields at shared strings (the values do not change). */
  share(e: TimelineEvent): void {
    const fields = e as unknown as Record<string, unknown>;
    for (const key of REPEATING_FIELDS) {
      const value = fields[key];
      if (typeof value !== 'string' || value.length > MAX_SHARED_LENGTH) continue;
      const shared = this.table.get(value);
      if (shared !== undefined) fields[key] = shared;
      else if (this.table.size < MAX_TABLE_SIZE) this.table.set(value, value);
    }
  }
}
