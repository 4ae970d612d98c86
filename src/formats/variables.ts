// {{variable}} substitution in URLs, headers and message bodies (the same syntax as the
// VS Code REST Client and JetBrains HTTP Client, so environment files can be shared).
// Browser-safe: the composer previews substitutions in the webview.

export type SubstituteResult = { ok: true; text: string } | { ok: false; error: string; position: number };

export interface VariableReference {
  /** Name as written, e.g. "token" or "$randomInt". */
  name: string;
  /** Words after the name: `{{$randomInt 1 6}}` has args ["1", "6"]. */
  args: string[];
  /** Offset of the opening "{{". */
  start: number;
  /** Offset just past the closing "}}". */
  end: number;
}

export interface VariableOptions {
  /** Clock and randomness, replaceable so tests are deterministic. */
  now?: () => number;
  random?: () => number;
  uuid?: () => string;
}

export const DYNAMIC_VARIABLES = ['$uuid', '$timestamp', '$isoTimestamp', '$randomInt'] as const;

// Any run of non-space characters except braces: environment files may use names like "api.key".
const NAME = /^[^\s{}]+$/;

/** Every {{...}} in the text, in order, or the first malformed one. */
export function findVariableReferences(
  text: string,
): { ok: true; refs: VariableReference[] } | { ok: false; error: string; position: number } {
  const refs: VariableReference[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('{{', from);
    if (start < 0) return { ok: true, refs };
    const close = text.indexOf('}}', start + 2);
    const nextOpen = text.indexOf('{{', start + 2);
    if (close < 0) return { ok: false, error: `'{{' at position ${start} is never closed with '}}'`, position: start };
    if (nextOpen >= 0 && nextOpen < close) {
      return {
        ok: false,
        error: `'{{' at position ${start} is not closed before the next '{{' at position ${nextOpen}`,
        position: start,
      };
    }
    const words = text.slice(start + 2, close).trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) return { ok: false, error: `empty variable '{{}}' at position ${start}`, position: start };
    if (!NAME.test(words[0])) {
      return { ok: false, error: `'${words[0]}' at position ${start} is not a variable name`, position: start };
    }
    refs.push({ name: words[0], args: words.slice(1), start, end: close + 2 });
    from = close + 2;
  }
}

/**
 * Replaces {{name}} with vars[name] and the dynamic {{$uuid}}, {{$timestamp}} (unix seconds),
 * {{$isoTimestamp}}, {{$randomInt}} (0-1000) and {{$randomInt min max}} (inclusive).
 * One pass only: a value that itself contains {{...}} is inserted as is, so values cannot loop.
 */
export function substituteVariables(text: string, vars: Record<string, string>, options: VariableOptions = {}): SubstituteResult {
  const found = findVariableReferences(text);
  if (!found.ok) return found;
  let out = '';
  let last = 0;
  for (const ref of found.refs) {
    const value = resolve(ref, vars, options);
    if (typeof value !== 'string') return value;
    out += text.slice(last, ref.start) + value;
    last = ref.end;
  }
  return { ok: true, text: out + text.slice(last) };
}

function resolve(ref: VariableReference, vars: Record<string, string>, o: VariableOptions): string | { ok: false; error: string; position: number } {
  const fail = (error: string) => ({ ok: false as const, error, position: ref.start });
  const noArgs = () => (ref.args.length ? fail(`{{${ref.name}}} at position ${ref.start} takes no arguments`) : undefined);
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  if (!ref.name.startsWith('$')) {
    if (ref.args.length) return fail(`{{${ref.name}}} at position ${ref.start} takes no arguments (variable names cannot contain spaces)`);
    if (Object.prototype.hasOwnProperty.call(vars, ref.name)) return vars[ref.name];
    const known = Object.keys(vars);
    const hint = known.length ? `defined: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}` : 'no variables are defined; pick an environment';
    return fail(`unknown variable '${ref.name}' at position ${ref.start} (${hint})`);
  }
  switch (ref.name) {
    case '$uuid':
      return noArgs() ?? (o.uuid ?? (() => globalThis.crypto.randomUUID()))();
    case '$timestamp':
      return noArgs() ?? String(Math.floor(now() / 1000));
    case '$isoTimestamp':
      return noArgs() ?? new Date(now()).toISOString();
    case '$randomInt': {
      let min = 0;
      let max = 1000;
      if (ref.args.length) {
        if (ref.args.length !== 2 || !ref.args.every((a) => /^-?\d{1,15}$/.test(a))) {
          return fail(`{{$randomInt}} at position ${ref.start} takes no arguments or two whole numbers: {{$randomInt min max}}`);
        }
        [min, max] = ref.args.map(Number);
        if (min > max) return fail(`{{$randomInt ${min} ${max}}} at position ${ref.start}: min is greater than max`);
      }
      return String(min + Math.floor(random() * (max - min + 1)));
    }
    default:
      return fail(`unknown dynamic variable '${ref.name}' at position ${ref.start} (known: ${DYNAMIC_VARIABLES.join(', ')})`);
  }
}
