// JSON as the user typed it: parsing with the exact place of the first error, and re-spacing
// (pretty/minify) that keeps every token as written. The webview imports this (through
// payload.ts) to check and format as the user types, so it must stay browser-safe: no Buffer,
// no Node built-ins. Failures are returned, never thrown.

import { describeChar, locate, type Failure } from './textPosition';

export type JsonResult =
  | { ok: true; value: unknown }
  | (Failure & { position: number; line: number; column: number; /** The message without its location. */ problem: string });

/**
 * JSON.parse with an exact error location. V8's messages differ between versions and some carry
 * no position at all, so on failure a small scanner finds the first character that cannot be
 * part of valid JSON (the same place V8 stops when it does report a position).
 */
export function parseJson(text: string, what = 'JSON'): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const found = findJsonError(text) ?? { offset: 0, problem: 'not valid JSON' };
    const at = locate(text, found.offset);
    return {
      ok: false,
      error: `${what} error at line ${at.line}, column ${at.column} (offset ${at.offset}): ${found.problem}`,
      position: at.offset,
      line: at.line,
      column: at.column,
      problem: found.problem,
    };
  }
}

/** The first syntax error in `text`, or undefined when it is valid JSON (RFC 8259, as JSON.parse reads it). */
export function findJsonError(s: string): { offset: number; problem: string } | undefined {
  const n = s.length;
  let i = 0;
  const stack: string[] = [];
  let expectValue = true;
  const fail = (offset: number, problem: string) => ({ offset, problem });
  const skipWs = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const isDigit = (k: number) => k < n && s[k] >= '0' && s[k] <= '9';
  const digits = () => {
    while (isDigit(i)) i++;
  };

  const scanString = (): { offset: number; problem: string } | undefined => {
    const start = i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        i++;
        if (i >= n) break;
        if ('"\\/bfnrt'.includes(s[i])) i++;
        else if (s[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(s[i + k] ?? '')) {
              return fail(i + k, `\\u must be followed by 4 hex digits, found ${describeChar(s, i + k)}`);
            }
          }
          i += 5;
        } else return fail(i, `invalid escape '\\${s[i]}' (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
        continue;
      }
      if (c < 0x20) return fail(i, `control character ${describeChar(s, i)} inside a string must be escaped`);
      i++;
    }
    const at = locate(s, start);
    return fail(n, `unterminated string (opened at line ${at.line}, column ${at.column})`);
  };

  // After '{' or ',' inside an object: a "key" followed by ':'.
  const scanKey = (): { offset: number; problem: string } | undefined => {
    skipWs();
    if (s[i] === '}') return fail(i, "trailing comma: JSON does not allow ',' before '}'");
    if (s[i] !== '"') return fail(i, `expected a property name in double quotes, found ${describeChar(s, i)}`);
    const e = scanString();
    if (e) return e;
    skipWs();
    if (s[i] !== ':') return fail(i, `expected ':' after the property name, found ${describeChar(s, i)}`);
    i++;
    return undefined;
  };

  for (;;) {
    skipWs();
    if (expectValue) {
      const c = s[i];
      if (i >= n) return fail(i, 'expected a value, but the text ends here');
      if (c === '{' || c === '[') {
        i++;
        skipWs();
        if (s[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
          continue;
        }
        stack.push(c);
        if (c === '{') {
          const e = scanKey();
          if (e) return e;
        }
        continue;
      }
      if (c === '"') {
        const e = scanString();
        if (e) return e;
      } else if (c === '-' || isDigit(i)) {
        if (c === '-') i++;
        if (!isDigit(i)) return fail(i, `expected a digit after '-', found ${describeChar(s, i)}`);
        if (s[i] === '0') {
          i++;
          if (isDigit(i)) return fail(i, 'numbers cannot have leading zeros');
        } else digits();
        if (s[i] === '.') {
          i++;
          if (!isDigit(i)) return fail(i, `expected a digit after the decimal point, found ${describeChar(s, i)}`);
          digits();
        }
        if (s[i] === 'e' || s[i] === 'E') {
          i++;
          if (s[i] === '+' || s[i] === '-') i++;
          if (!isDigit(i)) return fail(i, `expected a digit in the exponent, found ${describeChar(s, i)}`);
          digits();
        }
      } else {
        const word = ['true', 'false', 'null'].find((w) => w[0] === c);
        if (!word) {
          return fail(i, `expected a value (object, array, string, number, true, false or null), found ${describeChar(s, i)}`);
        }
        for (let k = 0; k < word.length; k++, i++) {
          if (s[i] !== word[k]) return fail(i, `expected '${word}', found ${describeChar(s, i)}`);
        }
      }
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i >= n ? undefined : fail(i, `unexpected ${describeChar(s, i)} after the end of the JSON value`);
    const close = top === '{' ? '}' : ']';
    if (s[i] === ',') {
      i++;
      if (top === '{') {
        const e = scanKey();
        if (e) return e;
      } else {
        skipWs();
        if (s[i] === ']') return fail(i, "trailing comma: JSON does not allow ',' before ']'");
      }
      expectValue = true;
    } else if (s[i] === close) {
      stack.pop();
      i++;
    } else {
      const after = top === '{' ? 'a property value' : 'an array element';
      return fail(i, `expected ',' or '${close}' after ${after}, found ${describeChar(s, i)}`);
    }
  }
}

/**
 * Pretty-prints or minifies JSON by re-spacing its tokens, not by JSON.parse + stringify: that
 * would silently round big integers (12345678901234567890) and drop duplicate keys the user typed.
 */
export function formatJson(body: string, mode: 'pretty' | 'minify'): { ok: true; text: string } | Failure {
  const parsed = parseJson(body);
  if (!parsed.ok) return parsed;
  let out = '';
  let depth = 0;
  const newline = () => (mode === 'pretty' ? '\n' + '  '.repeat(depth) : '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') {
      const start = i++;
      while (body[i] !== '"') i += body[i] === '\\' ? 2 : 1;
      out += body.slice(start, i + 1);
    } else if (c === '{' || c === '[') {
      const j = skipJsonWs(body, i + 1);
      if (body[j] === (c === '{' ? '}' : ']')) {
        out += c + body[j];
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') out += ',' + newline();
    else if (c === ':') out += mode === 'pretty' ? ': ' : ':';
    else if (!' \t\r\n'.includes(c)) out += c;
  }
  return { ok: true, text: out };
}

function skipJsonWs(s: string, i: number): number {
  while (i < s.length && ' \t\r\n'.includes(s[i])) i++;
  return i;
}
