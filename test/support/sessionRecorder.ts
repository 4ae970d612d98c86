// A real Session's events kept in a TimelineStore, with waitFor() to await an event instead of
// sleeping. Shared by the client tests (test/unit/client/netHelpers.ts, liveSession) and the
// reliability suite (test/unit/reliability/helpers.ts, recordedSession), which differ only in the
// connection defaults they start from and in how they clean up.
import type { NewTimelineEvent, TimelineEvent } from '../../src/shared/events';
import type { Session } from '../../src/client/session';
import { TimelineStore } from '../../src/timeline/timelineStore';

export type Kind = TimelineEvent['kind'];
export type EventOf<K extends Kind> = Extract<TimelineEvent, { kind: K }>;

export function recordSession(session: Session, retention?: number) {
  const store = new TimelineStore(retention);
  const waiters: Array<{ match: (e: TimelineEvent) => boolean; resolve: (e: TimelineEvent) => void }> = [];
  session.onEvent((e: NewTimelineEvent) => {
    const stored = store.append(e);
    for (const w of [...waiters]) {
      if (w.match(stored)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(stored);
      }
    }
  });
  /**
   * Resolves with the first event (already recorded or future) of `kind` that matches and comes
   * after seq `after`; rejects after `ms` with the timeline so far, errors spelled out.
   */
  function waitFor<K extends Kind>(kind: K, match: (e: EventOf<K>) => boolean = () => true, ms = 5000, after = 0): Promise<EventOf<K>> {
    const m = (e: TimelineEvent) => e.seq > after && e.kind === kind && match(e as EventOf<K>);
    const seen = store.all().find(m);
    if (seen) return Promise.resolve(seen as EventOf<K>);
    return new Promise((resolve, reject) => {
      const w = {
        match: m,
        resolve: (e: TimelineEvent) => {
          clearTimeout(timer);
          resolve(e as EventOf<K>);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        reject(new Error(`no matching ${kind} event within ${ms} ms; timeline: ${store.all().map((e) => e.kind + (e.kind === 'error' ? `(${e.message})` : '')).join(', ')}`));
      }, ms);
      waiters.push(w);
    });
  }
  const ofKind = <K extends Kind>(kind: K): Array<EventOf<K>> => store.all().filter((e): e is EventOf<K> => e.kind === kind);
  return { store, waitFor, ofKind };
}
