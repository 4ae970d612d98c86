// The machinery of exercise checks: a Step finds one thing the learner did in the timeline, and
// inOrder/allOf turn steps into a Check with a message for the learner (what was seen, what is
// still missing). Pure functions: the same events always give the same result.

import type { TimelineEvent } from '../shared/events';

export interface CheckResult {
  passed: boolean;
  message: string;
}

export type Check = (events: readonly TimelineEvent[]) => CheckResult;
export type Events = readonly TimelineEvent[];

export interface Found {
  /** Index of the event that completed the step: the next step looks after it. */
  index: number;
  /** What the learner did, phrased to follow "Seen ...", e.g. `your message "hi" echoed back`. */
  seen: string;
}

export interface Step {
  /** What is needed, phrased to follow "Still missing:", e.g. "a close with code 4000". */
  wanted: string;
  find(events: Events, from: number): Found | undefined;
  /** Says what came closest when the step was not found (e.g. a close with another code). */
  nearMiss?(events: Events, from: number): string | undefined;
}

// ---------------------------------------------------------------- combinators

/** Passes when the steps happen one after another, in this order. */
export function inOrder(...steps: Step[]): Check {
  return (events) => {
    const seen: string[] = [];
    let from = 0;
    for (const step of steps) {
      const found = step.find(events, from);
      if (!found) return missing(seen, step, events, from, ', then ');
      seen.push(found.seen);
      from = found.index + 1;
    }
    return { passed: true, message: `Done: seen ${seen.join(', then ')}.` };
  };
}

/** Passes when every step happens, in any order. */
export function allOf(...steps: Step[]): Check {
  return (events) => {
    const seen: string[] = [];
    for (const step of steps) {
      const found = step.find(events, 0);
      if (!found) return missing(seen, step, events, 0, ' and ');
      seen.push(found.seen);
    }
    return { passed: true, message: `Done: seen ${seen.join(' and ')}.` };
  };
}

function missing(seen: string[], step: Step, events: Events, from: number, joiner: string): CheckResult {
  const before = seen.length > 0 ? `Seen ${seen.join(joiner)}. ` : '';
  const hint = step.nearMiss?.(events, from);
  return { passed: false, message: `${before}Still missing: ${step.wanted}.${hint ? ` ${hint}` : ''}` };
}

/** The earliest of several alternatives (e.g. a protocol error or a 1007 close). */
export function anyOf(...steps: Step[]): Step {
  return {
    wanted: steps.map((s) => s.wanted).join(', or '),
    find(events, from) {
      const hits = steps.map((s) => s.find(events, from)).filter((f): f is Found => f !== undefined);
      return hits.sort((a, b) => a.index - b.index)[0];
    },
    nearMiss(events, from) {
      for (const s of steps) {
        const hint = s.nearMiss?.(events, from);
        if (hint) return hint;
      }
      return undefined;
    },
  };
}

/** A step made of a test on single events. */
export function single<E extends TimelineEvent>(
  wanted: string,
  test: (e: TimelineEvent) => e is E,
  seen: (e: E) => string,
  nearMiss?: Step['nearMiss'],
): Step {
  return {
    wanted,
    find(events, from) {
      for (let i = from; i < events.length; i++) {
        const e = events[i];
        if (test(e)) return { index: i, seen: seen(e) };
      }
      return undefined;
    },
    nearMiss,
  };
}

export function lastOfKind<K extends TimelineEvent['kind']>(events: Events, from: number, kind: K) {
  for (let i = events.length - 1; i >= from; i--) {
    const e = events[i];
    if (e.kind === kind) return e as Extract<TimelineEvent, { kind: K }>;
  }
  return undefined;
}
