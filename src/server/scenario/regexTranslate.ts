// JavaScript regular expression syntax → RE2 syntax, for the linear-time engine scenario regexes
// run on (regexSafety.ts says why). The pattern is read with JavaScript's rules, Annex B ones too
// without the u flag (a lone `{` or `]` is itself, `\8` is "8", `\12` an octal escape when there
// are fewer groups), and written as RE2 text that means the same where the two differ: `[]`
// matches nothing and `[^]` anything (RE2 would read "[]a]" as a class), `\s` and `.` follow
// JavaScript's whitespace and line terminators, code points are written as \x{…}. Backreferences
// and lookaround are refused, naming the construct and its position. Named groups are written as
// plain groups and their names kept here, since JavaScript allows names RE2 does not.

import { RE2JS } from 're2js';
import { ALL, CATEGORIES, classText, complement, LINE_TERMINATORS, lit, PERL_CLASSES, type CharSet } from './regexClasses';

/** RE2's own limit on a counted repeat such as a{1,1000}. */
const MAX_REPEAT = 1000;

/** What a linear-time engine cannot run, with the 0-based offset of the construct in the pattern. */
export class Refusal extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

const WHY_LINEAR = 'scenario regexes run in linear time (RE2), which has no backreferences or lookaround';

export interface Translation {
  source: string;
  /** Group name → capture indexes (a name may be used once per alternative). */
  names: Map<string, number[]>;
}

const isHighSurrogate = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLowSurrogate = (u: number) => u >= 0xdc00 && u <= 0xdfff;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);

interface Frame {
  dotAll: boolean;
  /** Estimated program size of what this group holds so far. */
  size: number;
  /** Size of the last atom, which a quantifier multiplies. */
  last: number;
}

/** One escape or character: a code point, a set, or (outside classes) an assertion. */
interface Piece {
  len: number;
  cp?: number;
  set?: CharSet;
  negate?: boolean;
  assertion?: string;
}

/** Counts capturing groups (JavaScript's \N means a group only if there are N of them). */
function scanGroups(p: string): { count: number; named: boolean } {
  let count = 0;
  let named = false;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      if (p[i + 1] !== '?') count++;
      else if (p[i + 2] === '<' && p[i + 3] !== '=' && p[i + 3] !== '!') {
        count++;
        named = true;
      }
    }
  }
  return { count, named };
}

/**
 * The RE2 text of `pattern` (which V8 accepted with these flags), or a Refusal. Its program size
 * is estimated on the way (repeats written out), so a pattern too large for `sizeLimit` is refused
 * before RE2 compiles anything; any other throw is a bug of this file.
 */
export function translateRegex(pattern: string, unicode: boolean, dotAll: boolean, sizeLimit: number): Translation {
  return new Translator(pattern, unicode, dotAll, sizeLimit).translate();
}

/**
 * Reads a pattern V8 accepted, with JavaScript's rules (Annex B ones too without the u flag), in
 * one pass without recursion, so its time is linear in the pattern however deeply it nests.
 */
class Translator {
  private i = 0;
  private out = '';
  private total = 0;
  private groups = 0;
  private readonly names = new Map<string, number[]>();
  private readonly stack: Frame[];
  private readonly captures: number;
  private readonly namedGroups: boolean;

  constructor(
    private readonly p: string,
    private readonly unicode: boolean,
    dotAll: boolean,
    private readonly sizeLimit: number,
  ) {
    this.stack = [{ dotAll, size: 0, last: 0 }];
    const scan = scanGroups(p);
    this.captures = scan.count;
    this.namedGroups = scan.named || unicode;
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  translate(): Translation {
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i];
      if (c === '(') {
        this.open();
        continue;
      }
      if (c === '|') {
        this.out += '|';
        this.i++;
        this.grow(1);
        this.top.last = 0;
        continue;
      }
      if (c === '^' || c === '$') {
        this.out += c;
        this.i++;
        this.grow(1);
        continue;
      }
      if (c === ')') this.close();
      else if (c === '[') this.atom(this.charClass(), 1);
      else if (c === '.') {
        this.i++;
        this.atom(classText({ ranges: this.top.dotAll ? ALL : LINE_TERMINATORS, raw: [] }, !this.top.dotAll), 1);
      } else if (c === '\\') {
        const piece = this.escape(this.i);
        this.i += piece.len;
        if (piece.assertion !== undefined) {
          this.out += piece.assertion;
          this.grow(1);
          continue;
        }
        this.atom(this.pieceText(piece), 1);
      } else if (c === '*' || c === '+' || c === '?') {
        throw new Error(`a quantifier with nothing to repeat at ${this.i}`);
      } else {
        const piece = this.literal(this.i);
        this.i += piece.len;
        this.atom(lit(piece.cp!), 1);
      }
      this.quantifier();
    }
    if (this.stack.length !== 1) throw new Error('unbalanced parentheses');
    return { source: this.out, names: this.names };
  }

  private grow(n: number): void {
    this.top.size += n;
    this.total += n;
    if (this.total > this.sizeLimit) {
      throw new Refusal(`it is too large (more than ${this.sizeLimit} instructions once its repeats are written out, near character ${this.i + 1}); shorten it, or use fewer or smaller counted repeats`, this.i);
    }
  }

  private atom(text: string, size: number): void {
    this.out += text;
    this.grow(size);
    this.top.last = size;
  }

  private pieceText(piece: Piece): string {
    return piece.set ? classText(piece.set, piece.negate ?? false) : lit(piece.cp!);
  }

  private open(): void {
    const p = this.p;
    const at = this.i;
    let frame: Frame = { dotAll: this.top.dotAll, size: 0, last: 0 };
    if (p[at + 1] !== '?') {
      this.out += '(';
      this.groups++;
      this.i++;
    } else if (p[at + 2] === ':') {
      this.out += '(?:';
      this.i += 3;
    } else if (p[at + 2] === '=' || p[at + 2] === '!') {
      throw new Refusal(`${p[at + 2] === '=' ? 'lookahead (?=…)' : 'negative lookahead (?!…)'} at character ${at + 1}: ${WHY_LINEAR}; match the text itself, or use another rule or a json condition`, at);
    } else if (p[at + 2] === '<' && (p[at + 3] === '=' || p[at + 3] === '!')) {
      throw new Refusal(`${p[at + 3] === '=' ? 'lookbehind (?<=…)' : 'negative lookbehind (?<!…)'} at character ${at + 1}: ${WHY_LINEAR}; match the text itself, or use another rule or a json condition`, at);
    } else if (p[at + 2] === '<') {
      const end = p.indexOf('>', at + 3);
      const name = decodeGroupName(p.slice(at + 3, end));
      this.groups++;
      const indexes = this.names.get(name);
      if (indexes) indexes.push(this.groups);
      else this.names.set(name, [this.groups]);
      this.out += '(';
      this.i = end + 1;
    } else {
      // Modifiers (?ims-ims:…): RE2 writes them alike; `s` only changes how we write `.`.
      const m = /\(\?([ims]*)(?:-([ims]*))?:/y;
      m.lastIndex = at;
      const found = m.exec(p);
      if (!found) throw new Error(`an unknown group at ${at}`);
      const on = found[1];
      const off = found[2] ?? '';
      if (on.includes('s')) frame = { ...frame, dotAll: true };
      if (off.includes('s')) frame = { ...frame, dotAll: false };
      const re2On = on.replace('s', '');
      const re2Off = off.replace('s', '');
      this.out += re2On || re2Off ? `(?${re2On}${re2Off ? `-${re2Off}` : ''}:` : '(?:';
      this.i += found[0].length;
    }
    this.stack.push(frame);
    this.grow(2);
  }

  private close(): void {
    const inner = this.stack.pop()!;
    if (this.stack.length === 0) throw new Error(`an unmatched ) at ${this.i}`);
    this.out += ')';
    this.i++;
    // The group's size was already counted in the total; the parent now holds it.
    this.top.size += inner.size;
    this.top.last = inner.size;
  }

  /** A quantifier after an atom: RE2 writes them alike, but counts only up to 1000. */
  private quantifier(): void {
    const p = this.p;
    const at = this.i;
    const c = p[at];
    let text: string;
    let len: number;
    let copies: number;
    if (c === '*' || c === '+' || c === '?') {
      text = c;
      len = 1;
      copies = 1;
    } else if (c === '{') {
      const braces = /\{(\d+)(?:(,)(\d*))?\}/y;
      braces.lastIndex = at;
      const m = braces.exec(p);
      if (!m) return; // Without the u flag a `{` that is no quantifier is a literal: the next atom.
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
        throw new Refusal(`the repeat ${m[0]} at character ${at + 1} counts past ${MAX_REPEAT}, the most scenario regexes allow; use * or + instead`, at);
      }
      // Written out again: RE2 would read a count with a leading zero as literal text.
      text = m[2] === undefined ? `{${min}}` : max === Infinity ? `{${min},}` : `{${min},${max}}`;
      len = m[0].length;
      copies = Math.max(1, max === Infinity ? min + 1 : max);
    } else {
      return;
    }
    if (p[at + len] === '?') {
      text += '?';
      len++;
    }
    this.out += text;
    this.i += len;
    const last = this.top.last;
    this.grow(last * (copies - 1) + 1);
    this.top.last = last * copies + 1;
  }

  /** A character outside an escape; a surrogate pair is one code point. */
  private literal(at: number): Piece {
    const cp = this.p.codePointAt(at)!;
    return { cp, len: cp > 0xffff ? 2 : 1 };
  }

  /** `\…` outside a class. */
  private escape(at: number): Piece {
    const p = this.p;
    const c = p[at + 1];
    if (c === 'b' || c === 'B') return { len: 2, assertion: `\\${c}` };
    if (c >= '1' && c <= '9') {
      let end = at + 1;
      while (isDigit(p[end])) end++;
      const n = Number(p.slice(at + 1, end));
      if (this.unicode || n <= this.captures) {
        throw new Refusal(`the backreference \\${n} at character ${at + 1}: ${WHY_LINEAR}; write the group's pattern again instead`, at);
      }
      // Annex B: no such group, so \8 is "8" and \12 an octal escape.
      if (c === '8' || c === '9') return { len: 2, cp: c.charCodeAt(0) };
      return this.octal(at);
    }
    if (c === 'k' && this.namedGroups) {
      const end = p.indexOf('>', at);
      throw new Refusal(`the backreference ${p.slice(at, end + 1)} at character ${at + 1}: ${WHY_LINEAR}; write the group's pattern again instead`, at);
    }
    if (c === 'c' && !isLetter(p[at + 2])) return { len: 1, cp: 0x5c }; // Annex B: a lone backslash.
    return this.classOrCharEscape(at);
  }

  /** `\…` that means the same inside and outside a class. */
  private classOrCharEscape(at: number): Piece {
    const p = this.p;
    const c = p[at + 1];
    const perl = PERL_CLASSES[c];
    if (perl) return { len: 2, set: { ranges: perl, raw: [] } };
    if ((c === 'p' || c === 'P') && this.unicode) return this.property(at);
    switch (c) {
      case 'f': return { len: 2, cp: 0x0c };
      case 'n': return { len: 2, cp: 0x0a };
      case 'r': return { len: 2, cp: 0x0d };
      case 't': return { len: 2, cp: 0x09 };
      case 'v': return { len: 2, cp: 0x0b };
      case 'c':
        if (isLetter(p[at + 2])) return { len: 3, cp: p.charCodeAt(at + 2) % 32 };
        break;
      case '0':
        return this.unicode ? { len: 2, cp: 0 } : this.octal(at);
      case 'x':
        if (isHex(p[at + 2]) && isHex(p[at + 3])) return { len: 4, cp: parseInt(p.slice(at + 2, at + 4), 16) };
        break;
      case 'u':
        return this.unicodeEscape(at);
    }
    // An identity escape: the character itself.
    const cp = p.codePointAt(at + 1)!;
    return { len: cp > 0xffff ? 3 : 2, cp };
  }

  /** Annex B octal: up to three digits, at most \377. */
  private octal(at: number): Piece {
    let value = 0;
    let end = at + 1;
    while (end < at + 4 && isOctal(this.p[end]) && value * 8 + Number(this.p[end]) <= 0o377) {
      value = value * 8 + Number(this.p[end]);
      end++;
    }
    return { len: end - at, cp: value };
  }

  /** \uXXXX (a surrogate pair of them is one code point), \u{…} with the u flag, else "u". */
  private unicodeEscape(at: number): Piece {
    const p = this.p;
    if (this.unicode && p[at + 2] === '{') {
      const end = p.indexOf('}', at);
      return { len: end + 1 - at, cp: parseInt(p.slice(at + 3, end), 16) };
    }
    const hex4 = (from: number) => (/^[0-9a-fA-F]{4}$/.test(p.slice(from, from + 4)) ? parseInt(p.slice(from, from + 4), 16) : undefined);
    const unit = hex4(at + 2);
    if (unit === undefined) return { len: 2, cp: 0x75 };
    if (isHighSurrogate(unit) && p[at + 6] === '\\' && p[at + 7] === 'u') {
      const low = hex4(at + 8);
      if (low !== undefined && isLowSurrogate(low)) return { len: 12, cp: 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00) };
    }
    return { len: 6, cp: unit };
  }

  /** \p{…} and \P{…} (u flag): general categories and scripts RE2 knows, Any and ASCII. */
  private property(at: number): Piece {
    const p = this.p;
    const negate = p[at + 1] === 'P';
    const end = p.indexOf('}', at);
    const body = p.slice(at + 3, end);
    const len = end + 1 - at;
    const [key, value] = body.includes('=') ? body.split('=') : [undefined, body];
    if (key === undefined && value === 'Any') return { len, set: { ranges: ALL, raw: [] }, negate };
    if (key === undefined && value === 'ASCII') return { len, set: { ranges: [[0, 0x7f]], raw: [] }, negate };
    const category = key === undefined || key === 'General_Category' || key === 'gc' ? CATEGORIES[value] : undefined;
    let name = category;
    if (name === undefined && (key === 'Script' || key === 'sc') && /^[A-Za-z_]+$/.test(value)) {
      try {
        RE2JS.compile(`\\p{${value}}`);
        name = value;
      } catch {
        // Not a script name RE2 knows (it knows the long ones: Greek, not Grek).
      }
    }
    if (name === undefined) {
      throw new Refusal(`the Unicode property ${p.slice(at, end + 1)} at character ${at + 1} is not available in scenario regexes (general categories such as \\p{L} or \\p{Lu} and scripts such as \\p{Script=Greek} are)`, at);
    }
    return { len, set: { ranges: [], raw: [`\\${negate ? 'P' : 'p'}{${name}}`] } };
  }

  /** `[…]`: read with JavaScript's rules, written as RE2 ranges. */
  private charClass(): string {
    const p = this.p;
    let i = this.i + 1;
    let negate = false;
    if (p[i] === '^') {
      negate = true;
      i++;
    }
    const set: CharSet = { ranges: [], raw: [] };
    const add = (piece: Piece) => {
      if (piece.cp !== undefined) set.ranges.push([piece.cp, piece.cp]);
      else if (piece.negate) set.ranges.push(...complement(piece.set!.ranges)); // only Any and ASCII
      else {
        set.ranges.push(...piece.set!.ranges);
        set.raw.push(...piece.set!.raw);
      }
    };
    while (p[i] !== ']') {
      if (i >= p.length) throw new Error('an unclosed class');
      const a = this.classAtom(i);
      i += a.len;
      if (p[i] === '-' && p[i + 1] !== ']') {
        const b = this.classAtom(i + 1);
        i += 1 + b.len;
        if (a.cp !== undefined && b.cp !== undefined) {
          set.ranges.push([a.cp, b.cp]);
        } else {
          // Annex B: with \d or the like at an end, the hyphen is itself.
          add(a);
          add({ len: 1, cp: 0x2d });
          add(b);
        }
        continue;
      }
      add(a);
    }
    this.i = i + 1;
    return classText(set, negate);
  }

  private classAtom(at: number): Piece {
    const p = this.p;
    if (p[at] !== '\\') return this.literal(at);
    const c = p[at + 1];
    if (c === 'b') return { len: 2, cp: 0x08 };
    if (c === '-') return { len: 2, cp: 0x2d };
    if (!this.unicode) {
      // Annex B inside a class: \c with a digit or _, octal escapes, \8 and \9, a lone backslash.
      if (c === 'c' && (isDigit(p[at + 2]) || p[at + 2] === '_')) return { len: 3, cp: p.charCodeAt(at + 2) % 32 };
      if (c === 'c' && !isLetter(p[at + 2])) return { len: 1, cp: 0x5c };
      if (isOctal(c)) return this.octal(at);
      if (c === '8' || c === '9') return { len: 2, cp: c.charCodeAt(0) };
    }
    return this.classOrCharEscape(at);
  }
}

/** A group name may spell characters as \uXXXX or \u{…}. */
function decodeGroupName(name: string): string {
  return name.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (_, braced: string | undefined, four: string | undefined) =>
    braced !== undefined ? String.fromCodePoint(parseInt(braced, 16)) : String.fromCharCode(parseInt(four!, 16)));
}
