// Spots regular expressions that can take exponential time ("ReDoS"): a scenario's regex runs on
// every message a client sends, so `^(a+)+$` would let one message freeze the whole mock server.
// A deliberately small heuristic, in the spirit of the "star height" check: it refuses
//   - a group repeated without bound (*, +, {n,}) that itself contains an unbounded repeat, and
//   - a group repeated without bound whose alternatives can start with the same character.
// It can refuse a harmless pattern now and then; the message says how to rewrite it.

interface Group {
  start: number;
  /** Something inside is repeated without bound. */
  unbounded: boolean;
  /** The first token of each alternative, as written (e.g. "a", "\\d", "[0-9]", "."). */
  firsts: Array<string | undefined>;
}

const isUnbounded = (q: string): boolean => q === '*' || q === '+' || /^\{\d+,\}$/.test(q);

/** Why `pattern` may backtrack exponentially, or undefined when no such shape was found. */
export function regexHazard(pattern: string): string | undefined {
  const stack: Group[] = [{ start: -1, unbounded: false, firsts: [undefined] }];
  let i = 0;
  let lastGroup: Group | undefined;
  const top = () => stack[stack.length - 1];
  const noteFirst = (token: string) => {
    const g = top();
    if (g.firsts[g.firsts.length - 1] === undefined) g.firsts[g.firsts.length - 1] = token;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    let atomEnd = i + 1;
    lastGroup = undefined;
    if (c === '\\') {
      atomEnd = Math.min(pattern.length, i + 2);
      noteFirst(pattern.slice(i, atomEnd));
    } else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      atomEnd = Math.min(pattern.length, j + 1);
      noteFirst(pattern.slice(i, atomEnd));
    } else if (c === '(') {
      const look = /^\(\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)?/.exec(pattern.slice(i));
      stack.push({ start: i, unbounded: false, firsts: [undefined] });
      i += look ? look[0].length : 1;
      continue;
    } else if (c === ')') {
      if (stack.length > 1) {
        lastGroup = stack.pop();
        noteFirst(pattern.slice(lastGroup!.start, i + 1));
      }
    } else if (c === '|') {
      top().firsts.push(undefined);
      i++;
      continue;
    } else if (c === '^' || c === '$') {
      i++;
      continue;
    } else {
      noteFirst(c);
    }
    // A quantifier after this atom?
    const q = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(pattern.slice(atomEnd));
    const quant = q ? q[0].replace(/\?$/, '') || q[0] : '';
    if (lastGroup) {
      const repeated = q !== null && isUnbounded(quant);
      if (repeated && lastGroup.unbounded) {
        return `nested repetition: the group at position ${lastGroup.start} is repeated with "${quant}" and repeats something inside it without bound, which can take exponential time on a message that almost matches (rewrite it without the inner repeat, e.g. (a+)+ → a+)`;
      }
      if (repeated && overlapping(lastGroup.firsts)) {
        return `overlapping alternatives: the group at position ${lastGroup.start} is repeated with "${quant}" and two of its alternatives can start with the same character, which can take exponential time on a message that almost matches (make the alternatives start differently, or use a character class)`;
      }
      if (lastGroup.unbounded || repeated) top().unbounded = true;
    } else if (q !== null && isUnbounded(quant)) {
      top().unbounded = true;
    }
    i = atomEnd + (q ? q[0].length : 0);
  }
  return undefined;
}

const CLASS_OF: Record<string, (ch: string) => boolean> = {
  '\\d': (ch) => /\d/.test(ch),
  '\\w': (ch) => /\w/.test(ch),
  '\\s': (ch) => /\s/.test(ch),
};

/** Whether two alternatives' first tokens could match the same character (conservative). */
function overlapping(firsts: Array<string | undefined>): boolean {
  const tokens = firsts.map((t) => t ?? '');
  for (let a = 0; a < tokens.length; a++) {
    for (let b = a + 1; b < tokens.length; b++) {
      if (mayOverlap(tokens[a], tokens[b])) return true;
    }
  }
  return false;
}

function mayOverlap(x: string, y: string): boolean {
  // An empty alternative or a group/class we do not analyse: assume the worst only for the
  // cases that are known to blow up; plain classes and groups are compared as written.
  if (x === '' || y === '') return false;
  if (x === y) return true;
  if (x === '.' || y === '.') return true;
  const literal = (t: string) => (t.length === 1 ? t : t.length === 2 && t[0] === '\\' && !/[dDwWsSbBnrtfv0-9ux]/.test(t[1]) ? t[1] : undefined);
  for (const [cls, other] of [[x, y], [y, x]]) {
    const test = CLASS_OF[cls];
    if (!test) continue;
    const lit = literal(other);
    if (lit !== undefined && test(lit)) return true;
    if (other === '\\d' && cls === '\\w') return true;
    if (/^\\[DWS]$/.test(other)) return true;
  }
  return false;
}
