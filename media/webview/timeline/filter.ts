// The timeline filter: direction, kind groups and a text or /regex/ search.
// Compiling is separate from matching so a bad regex is reported once and the list keeps its
// previous filter instead of going blank.

import type { TimelineEvent } from '../../../src/shared/events';
import { eventDir, eventGroup, type KindGroup } from '../../../src/shared/eventKinds';

export interface FilterSpec {
  direction: 'all' | 'in' | 'out';
  /** A group missing from the map counts as shown. */
  kinds: Partial<Record<KindGroup, boolean>>;
  search: string;
}

/** Lazily cached search texts of an event, by store index. */
export interface SearchTexts {
  lower(index: number): string;
  raw(index: number): string;
}

export type Matcher = (e: TimelineEvent, index: number, texts: SearchTexts) => boolean;

export type CompiledFilter = { ok: true; match: Matcher; active: boolean } | { ok: false; error: string };

/** "/re/flags" is a regular expression; anything else is a case-insensitive substring. */
export function compileFilter(spec: FilterSpec): CompiledFilter {
  let textTest: ((index: number, texts: SearchTexts) => boolean) | undefined;
  const search = spec.search.trim();
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(search);
  if (regex) {
    let re: RegExp;
    try {
      // 'g' and 'y' make test() stateful, which would skip matches between events.
      re = new RegExp(regex[1], regex[2].replace(/[gy]/g, ''));
    } catch (err) {
      return { ok: false, error: `Invalid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}` };
    }
    textTest = (i, t) => re.test(t.raw(i));
  } else if (search.startsWith('/') && search.length > 1 && !search.slice(1).includes('/')) {
    return { ok: false, error: 'A regular expression needs a closing slash: /pattern/flags' };
  } else if (search) {
    const needle = search.toLowerCase();
    textTest = (i, t) => t.lower(i).includes(needle);
  }

  const dir = spec.direction;
  const kinds = spec.kinds;
  const kindsActive = Object.values(kinds).some((v) => v === false);
  const active = dir !== 'all' || kindsActive || textTest !== undefined;
  const match: Matcher = (e, i, t) => {
    if (dir !== 'all' && eventDir(e) !== dir) return false;
    if (kindsActive && kinds[eventGroup(e)] === false) return false;
    return textTest ? textTest(i, t) : true;
  };
  return { ok: true, match, active };
}
