// Character sets for regexTranslate.ts, as JavaScript defines them (RE2's \s and `.` differ), and
// how to write a set or a code point as RE2 pattern text.

export type Range = [number, number];

export interface CharSet {
  ranges: Range[];
  /** RE2 class items we do not expand ourselves (\p{Greek}). */
  raw: string[];
}

export const MAX_CP = 0x10ffff;
export const DIGIT: Range[] = [[0x30, 0x39]];
export const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// JavaScript's \s: WhiteSpace and LineTerminator (RE2's \s has only [\t\n\f\r ]).
export const SPACE: Range[] = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
// What JavaScript's `.` does not match without the s flag (RE2's `.` leaves out only \n).
export const LINE_TERMINATORS: Range[] = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];
export const ALL: Range[] = [[0, MAX_CP]];

export function complement(ranges: Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

export const PERL_CLASSES: Record<string, Range[]> = {
  d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE),
};

// Unicode general categories RE2 knows, by every name JavaScript accepts for them.
export const CATEGORIES: Record<string, string> = {};
for (const [short, ...long] of [
  ['C', 'Other'], ['Cc', 'Control'], ['Cf', 'Format'], ['Co', 'Private_Use'], ['Cs', 'Surrogate'],
  ['L', 'Letter'], ['Ll', 'Lowercase_Letter'], ['Lm', 'Modifier_Letter'], ['Lo', 'Other_Letter'], ['Lt', 'Titlecase_Letter'], ['Lu', 'Uppercase_Letter'],
  ['M', 'Mark', 'Combining_Mark'], ['Mc', 'Spacing_Mark'], ['Me', 'Enclosing_Mark'], ['Mn', 'Nonspacing_Mark'],
  ['N', 'Number'], ['Nd', 'Decimal_Number', 'digit'], ['Nl', 'Letter_Number'], ['No', 'Other_Number'],
  ['P', 'Punctuation', 'punct'], ['Pc', 'Connector_Punctuation'], ['Pd', 'Dash_Punctuation'], ['Pe', 'Close_Punctuation'], ['Pf', 'Final_Punctuation'], ['Pi', 'Initial_Punctuation'], ['Po', 'Other_Punctuation'], ['Ps', 'Open_Punctuation'],
  ['S', 'Symbol'], ['Sc', 'Currency_Symbol'], ['Sk', 'Modifier_Symbol'], ['Sm', 'Math_Symbol'], ['So', 'Other_Symbol'],
  ['Z', 'Separator'], ['Zl', 'Line_Separator'], ['Zp', 'Paragraph_Separator'], ['Zs', 'Space_Separator'],
]) {
  for (const name of [short, ...long]) CATEGORIES[name] = short;
}


/** A code point as RE2 pattern text: letters and digits as they are, anything else as \x{…}. */
export function lit(cp: number): string {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? String.fromCharCode(cp) : `\\x{${cp.toString(16)}}`;
}

export function classText(set: CharSet, negate: boolean): string {
  const items = set.ranges.map(([lo, hi]) => (lo === hi ? lit(lo) : `${lit(lo)}-${lit(hi)}`)).join('') + set.raw.join('');
  // JavaScript's [] matches nothing and [^] anything; in RE2 "[]" would open a class holding "]".
  if (items === '') return negate ? '[\\x{0}-\\x{10ffff}]' : '[^\\x{0}-\\x{10ffff}]';
  return `[${negate ? '^' : ''}${items}]`;
}
