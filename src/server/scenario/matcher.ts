// Decides whether a client message matches a rule's `match` block. All given conditions must
// hold; a rule without `match` matches everything (a catch-all at the end of the list). Regexes
// run on a linear-time engine and see at most the first 64 KiB of a text (regexSafety.ts).

import type { JsonValue, Match } from './scenarioTypes';
import { readPath } from './template';
import { scenarioRegex } from './regexSafety';

export interface IncomingMessage {
  /** Undefined for binary frames. */
  text?: string;
  binary: boolean;
  /** Parsed JSON, when `jsonOk`. */
  json?: unknown;
  jsonOk: boolean;
}

/** Regex capture groups as a template sees them: match.0, match.1..., match.groups.name. */
export type MatchGroups = Record<string, unknown>;

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function isOperatorObject(c: unknown): c is Record<string, unknown> {
  return !!c && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).some((k) => k.startsWith('$'));
}

function conditionHolds(value: unknown, cond: JsonValue | Record<string, unknown>): boolean {
  if (!isOperatorObject(cond)) return deepEqual(value, cond);
  if ('$exists' in cond && (value !== undefined) !== cond.$exists) return false;
  if ('$type' in cond && typeName(value) !== cond.$type) return false;
  if ('$in' in cond && !(Array.isArray(cond.$in) && cond.$in.some((c) => deepEqual(value, c)))) return false;
  if ('$ne' in cond && deepEqual(value, cond.$ne)) return false;
  if ('$regex' in cond && !(typeof value === 'string' && scenarioRegex(String(cond.$regex))?.test(value))) return false;
  return true;
}

/** The capture groups when the message matches (an empty object without a regex), else undefined. */
export function matchMessage(match: Match | undefined, msg: IncomingMessage): MatchGroups | undefined {
  if (!match) return {};
  if (match.binary !== undefined && match.binary !== msg.binary) return undefined;
  if (match.invalidJson !== undefined && (msg.binary || match.invalidJson === msg.jsonOk)) return undefined;
  if (match.text !== undefined && msg.text !== match.text) return undefined;
  let groups: MatchGroups = {};
  if (match.regex !== undefined) {
    if (msg.text === undefined) return undefined;
    // A pattern the scenario checks refused never matches (they run before any server starts).
    const m = scenarioRegex(match.regex, match.flags)?.exec(msg.text);
    if (!m) return undefined;
    groups = { ...Object.fromEntries(m.groups.map((g, i) => [String(i), g])), groups: m.named };
  }
  if (match.json) {
    if (!msg.jsonOk) return undefined;
    for (const [path, cond] of Object.entries(match.json)) {
      if (!conditionHolds(readPath(msg.json, path.split('.')), cond as JsonValue)) return undefined;
    }
  }
  return groups;
}
