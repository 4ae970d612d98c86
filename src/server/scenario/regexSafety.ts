// Scenario regexes run on every client message, so one that backtracks (`^(a+)+$` against
// "aaaa…a!") would let a 30-byte message freeze the whole mock server. Spotting such patterns is
// a losing game (a heuristic here was bypassed a dozen ways), so they are not run by V8's
// backtracking engine at all but by re2js, RE2's automata in plain JavaScript: matching takes time
// linear in the text by construction, the same in the extension host and in the CLI, with no
// native add-on to ship. Scenario files keep JavaScript's syntax and flags: regexTranslate.ts
// writes the RE2 pattern that means the same, and refuses what no linear-time engine can do
// (backreferences, lookaround) naming the construct and where it is. Linear is not yet cheap: a
// match costs up to (characters read) × (instructions of the program), so a regex reads at most
// the first 64 KiB of a text, and fewer for a long pattern, keeping a match under
// REGEX_STEP_LIMIT steps (a few hundred milliseconds at the very worst on a loaded machine; the
// usual rule takes microseconds).

import { RE2JS } from 're2js';
import { fail, ok, type Result } from '../../shared/result';
import { Refusal, translateRegex, type Translation } from './regexTranslate';

/** UTF-16 code units of a message (or of a JSON field) a regex reads at most; `$` matches at the cut. */
export const REGEX_TEXT_LIMIT = 64 * 1024;
/** Characters read × program instructions: a pattern of up to 16 instructions reads 64 KiB. */
export const REGEX_STEP_LIMIT = 1024 * 1024;
/** Instructions of the compiled program (such a pattern still reads 262 characters). */
export const REGEX_SIZE_LIMIT = 4_000;
export interface RegexMatch {
  /** match.0 (the whole match), match.1…; undefined for a group that took no part. */
  groups: Array<string | undefined>;
  /** Named groups (match.groups.name), in an object without a prototype, as JavaScript does. */
  named: Record<string, string | undefined>;
}

export interface ScenarioRegex {
  /** How much of a text it reads: REGEX_TEXT_LIMIT, or REGEX_STEP_LIMIT ÷ its program size. */
  readonly textLimit: number;
  /** Whether the regex matches somewhere in (the first textLimit characters of) `text`. */
  test(text: string): boolean;
  exec(text: string): RegexMatch | undefined;
}

const cache = new Map<string, Result<{ regex: ScenarioRegex }>>();

/**
 * A pattern and JavaScript flags (i, m, s, u; g and y mean nothing here) as a linear-time regex,
 * or why it cannot be one: `invalid regular expression: …` when JavaScript rejects it,
 * `regular expression refused: …` (with `position`, the 0-based offset in the pattern) when it
 * uses what a linear-time engine cannot do. Never throws; results are cached.
 */
export function compileScenarioRegex(pattern: string, flags = ''): Result<{ regex: ScenarioRegex }> {
  const key = `${flags}/${pattern}`;
  let r = cache.get(key);
  if (!r) {
    r = compileUncached(pattern, flags);
    if (cache.size >= 1000) cache.clear();
    cache.set(key, r);
  }
  return r;
}

/** The compiled regex, or undefined when the pattern cannot be one (the scenario checks said why). */
export function scenarioRegex(pattern: string, flags = ''): ScenarioRegex | undefined {
  const r = compileScenarioRegex(pattern, flags);
  return r.ok ? r.regex : undefined;
}

function compileUncached(pattern: string, flags: string): Result<{ regex: ScenarioRegex }> {
  try {
    new RegExp(pattern, flags); // V8 only parses here; the pattern never runs on it.
  } catch (e) {
    return fail(`invalid regular expression: ${(e as Error).message}`);
  }
  if (flags.includes('v')) return fail('regular expression refused: the v flag is not supported in scenarios (use u)');
  let translated: Translation;
  try {
    translated = translateRegex(pattern, flags.includes('u'), flags.includes('s'), REGEX_SIZE_LIMIT);
  } catch (e) {
    if (e instanceof Refusal) return fail(`regular expression refused: ${e.message}`, { position: e.at });
    return fail(`regular expression refused: it could not be read (${(e as Error).message})`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(translated.source, (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0));
  } catch (e) {
    return fail(`regular expression refused: the linear-time engine cannot run it (${(e as Error).message})`);
  }
  if (re.programSize() > REGEX_SIZE_LIMIT) {
    return fail(`regular expression refused: it is too large (${re.programSize()} instructions, at most ${REGEX_SIZE_LIMIT}); shorten it, or use fewer or smaller counted repeats`);
  }
  return ok({ regex: new LinearRegex(re, translated.names) });
}

class LinearRegex implements ScenarioRegex {
  readonly textLimit: number;

  constructor(
    private readonly re: RE2JS,
    private readonly names: Map<string, number[]>,
  ) {
    this.textLimit = Math.min(REGEX_TEXT_LIMIT, Math.floor(REGEX_STEP_LIMIT / re.programSize()));
  }

  /** The first textLimit code units, not cutting a surrogate pair in two. */
  private bounded(text: string): string {
    const limit = this.textLimit;
    if (text.length <= limit) return text;
    return text.slice(0, isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit);
  }

  // An engine error must not take the server down with the message that caused it: no match.
  test(text: string): boolean {
    try {
      return this.re.test(this.bounded(text));
    } catch {
      return false;
    }
  }

  exec(text: string): RegexMatch | undefined {
    try {
      const input = this.bounded(text);
      // The DFA answers most messages (those that do not match) without tracking groups.
      if (!this.re.test(input)) return undefined;
      const m = this.re.matcher(input);
      if (!m.find()) return undefined;
      const groups: Array<string | undefined> = [];
      for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
      const named = Object.create(null) as Record<string, string | undefined>;
      for (const [name, indexes] of this.names) named[name] = indexes.map((g) => groups[g]).find((v) => v !== undefined);
      return { groups, named };
    } catch {
      return undefined;
    }
  }
}

const isHighSurrogate = (u: number) => u >= 0xd800 && u <= 0xdbff;
