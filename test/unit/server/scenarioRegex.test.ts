// Scenario regexes keep JavaScript's meaning on the linear-time engine: what a rule matches, and
// the groups a template reads ({{match.1}}, {{match.groups.name}}), are what `new RegExp(pattern,
// flags).exec(text)` gives, for the syntax and flags people write — checked against V8 itself on
// texts short enough for it to be quick.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchMessage, type MatchGroups } from '../../../src/server/scenario/matcher';
import { compileScenarioRegex } from '../../../src/server/scenario/regexSafety';
import { FULL } from '../reliability/helpers';

const msg = (text: string) => ({ text, binary: false, jsonOk: false });

/** What the matcher gave before the linear-time engine: V8's exec as a template sees it. */
function v8Groups(pattern: string, flags: string, text: string): MatchGroups | undefined {
  const m = new RegExp(pattern, flags).exec(text);
  if (!m) return undefined;
  return { ...Object.fromEntries(m.map((g, i) => [String(i), g])), groups: { ...(m.groups ?? {}) } };
}

function ours(pattern: string, flags: string, text: string): MatchGroups | undefined {
  const g = matchMessage({ regex: pattern, flags }, msg(text));
  return g && { ...g, groups: { ...(g.groups as object) } };
}

// [pattern, flags, texts]
const CASES: Array<[string, string, string[]]> = [
  // The built-in close-codes scenario and the examples in the docs.
  ['^close\\s+(\\S+)(?:\\s+(.*))?$', '', ['close 4000 going away', 'close 1000', 'close\u00a04000', 'closed', 'close 4000 a\nb']],
  ['^name (\\w+)$', '', ['name Ada', 'name Ada Lovelace', 'name é']],
  ['^close (\\d+)$', '', ['close 4001', 'close x']],
  // Named groups, also one that takes no part.
  ['(?<user>\\w+)@(?<host>[\\w.]+)', '', ['mail ada@example.org now', 'no address']],
  ['^(?<verb>get|set)(?: (?<key>\\w+))?$', '', ['get', 'set color', 'put x']],
  // Flags.
  ['hello', 'i', ['HeLLo there', 'help']],
  ['^b$', 'm', ['a\nb\nc', 'abc']],
  ['^b$', '', ['a\nb\nc', 'b']],
  ['a.c', 's', ['a\nc', 'abc']],
  ['a.c', '', ['a\nc', 'a\rc', 'a\u2028c', 'a\u0085c', 'abc']],
  ['a.c', 'u', ['a😀c', 'abc']],
  ['^\\p{Lu}+', 'u', ['ÄÖÜabc', 'abc']],
  ['\\p{Script=Greek}+', 'u', ['abc αβγ def']],
  ['\\P{L}+', 'u', ['abc 123 def']],
  ['[\\p{N}\\s]+', 'u', ['abc 1 2 3 def']],
  ['\\u{1F600}+', 'u', ['x😀😀y']],
  ['[😀-😂]', 'u', ['x😁y']],
  ['ß', 'iu', ['STRASSE', 'ß']],
  // JavaScript's classes, not RE2's: [] and [^], \s with Unicode spaces, \d and \w ASCII only.
  ['x[]?y', '', ['xy', 'x]y']],
  ['x[^]y', '', ['x\ny', 'xy']],
  ['^\\s+$', '', ['\u00a0\ufeff\u2028\t\v', ' x ']],
  ['^[\\S]+$', '', ['abc', 'a\u00a0c']],
  ['^\\d+$', '', ['123', '١٢٣']],
  ['^\\w+$', 'i', ['abc_1', 'ABC', 'é']],
  ['[\\d-z]+', '', ['1-z', 'y']],
  ['[a-]+', '', ['a-a', 'b']],
  ['[\\b]', '', ['a\bb']],
  // Annex B: \1 without a group is an octal escape, a lone { or ] is itself, \c before a digit.
  ['\\101\\8', '', ['A8', 'a8']],
  ['a{', '', ['a{']],
  ['a{1', '', ['a{1']],
  ['x{2,3}', '', ['xxxx', 'x']],
  ['{}]', '', ['{}]']],
  ['\\c1', '', ['\\c1']],
  ['[\\c1]', '', ['\u0011']],
  ['\\cJ\\0', '', ['\n\0']],
  ['\\x41\\u0042\\uD83D\\uDE00', '', ['AB😀']],
  ['\\/\\.\\*', '', ['/.*']],
  // Quantifiers, lazy ones and counted ones.
  ['<.+?>', '', ['<a><b>']],
  ['(a|ab)(c|bcd)(d*)', '', ['abcd']],
  ['^(\\d{1,3})(?:,(\\d{3}))*$', '', ['1,234,567', '1234']],
  ['(a)|(b)', '', ['b']],
  ['^(?:)$', '', ['']],
  ['', '', ['anything']],
];

describe('a scenario regex matches what JavaScript matches', () => {
  it.each(CASES.map(([p, f, texts]) => [`/${p}/${f}`, p, f, texts] as const))('%s', (_title, pattern, flags, texts) => {
    for (const text of texts) {
      expect(ours(pattern, flags, text), JSON.stringify(text)).toEqual(v8Groups(pattern, flags, text));
    }
  });

  it('a named group called __proto__ or constructor is a plain entry', () => {
    const g = ours('(?<constructor>\\w+)', '', 'abc');
    expect(g).toMatchObject({ 0: 'abc', 1: 'abc', groups: { constructor: 'abc' } });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a $regex condition on a JSON field runs on the same engine', () => {
    const json = { user: 'ada', n: 5 };
    const m = (cond: unknown) => matchMessage({ json: { user: cond as never } }, { text: JSON.stringify(json), binary: false, json, jsonOk: true });
    expect(m({ $regex: '^a.a$' })).toEqual({});
    expect(m({ $regex: '^b' })).toBeUndefined();
    expect(matchMessage({ json: { n: { $regex: '5' } } }, { text: '{"n":5}', binary: false, json, jsonOk: true })).toBeUndefined(); // not a string
  });

  // Random patterns over a small alphabet, each compared with V8 on random short texts. Left
  // out: patterns V8 rejects or we refuse (backreferences, lookaround), and captures inside a
  // repeated group, where JavaScript forgets a group that took no part in the last repetition
  // and RE2 keeps it (whole-match results are still compared for those).
  it('random patterns give what V8 gives, on random short texts', () => {
    const pattern = fc.string({
      unit: fc.constantFrom('a', 'b', '(', ')', '|', '*', '+', '?', '[', ']', '[^', '^', '$', '.', '-', '{', '}', ',', '1', '{1,2}', '(?:', 'A', ' ', '\n',
        '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '\\b', '\\B', '\\1', '\\0', '\\x41', '\\u0061', '\\cA', '\\c', '\\t', '\\-', '\\.', '\\k', '(?<n>', '(?=', '(?<!'),
      maxLength: 12,
    });
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', ' ', '\n', '1', '-'), maxLength: 10 });
    fc.assert(fc.property(pattern, fc.constantFrom('', 'i', 'm', 's', 'u', 'ims'), fc.array(text, { minLength: 1, maxLength: 5 }), (p, flags, texts) => {
      try {
        new RegExp(p, flags);
      } catch {
        return true;
      }
      const compiled = compileScenarioRegex(p, flags);
      if (!compiled.ok) {
        // Only what needs backtracking is refused.
        expect(compiled.error, `/${p}/${flags}`).toMatch(/^regular expression refused: (the backreference|lookahead|negative lookahead|lookbehind|negative lookbehind) /);
        return true;
      }
      const repeatedGroup = /\)(?:[*+?]|\{\d)/.test(p);
      for (const t of texts) {
        const expected = v8Groups(p, flags, t);
        const actual = ours(p, flags, t);
        if (repeatedGroup) expect(actual?.[0], `/${p}/${flags} on ${JSON.stringify(t)}`).toEqual(expected?.[0]);
        else expect(actual, `/${p}/${flags} on ${JSON.stringify(t)}`).toEqual(expected);
      }
      return true;
    }), { numRuns: FULL ? 5000 : 500 });
  });
});
