// Turns scenario text (JSON or YAML) into a validated Scenario, or into errors that each say what
// is wrong and at which line and column. Never throws: a bad file must not take anything down.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { validateScenario as validate } from './scenarioValidator';
import { checkScenario, type PathProblem } from './scenarioChecks';
import { describePath, pointerToPath, positionOf, type DataPath } from './scenarioPositions';
import type { Scenario } from './scenarioTypes';

export interface ScenarioError {
  line: number;
  column: number;
  message: string;
}

export type ParseScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** Closest allowed name, for "did you mean" hints on typos. */
function closest(word: string, candidates: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = tmp;
      }
    }
    return row[b.length];
  };
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function fieldName(path: DataPath): string {
  return path.length ? `"${describePath(path)}"` : 'the scenario';
}

/** One ajv error as a path problem with a sentence a scenario author understands. */
function translate(e: ErrorObject): PathProblem {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = closest(name, allowed);
      return {
        path: [...path, name],
        atKey: true,
        message: `unknown field "${name}" in ${fieldName(path)}${hint ? ` — did you mean "${hint}"?` : ''}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      };
    }
    case 'required':
      return { path, message: `${fieldName(path)} is missing required field "${String(p.missingProperty)}"` };
    case 'type':
      return { path, message: `${fieldName(path)} must be ${String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, not ${describeValue(e.data)}` };
    case 'enum':
      return { path, message: `${fieldName(path)} must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, message: `${fieldName(path)} must be ${JSON.stringify(p.allowedValue)}` };
    case 'discriminator':
      if (p.error === 'mapping') {
        const known = ((e.parentSchema as { oneOf?: Array<{ properties: { generator: { const: string } } }> }).oneOf ?? []).map((b) => b.properties.generator.const);
        return { path: [...path, 'generator'], message: `unknown generator ${JSON.stringify((e.data as Record<string, unknown>)?.generator)} (known: ${known.join(', ')})` };
      }
      return { path, message: `${fieldName(path)} needs "generator" (a generator name)` };
    case 'pattern':
      return { path, message: `${fieldName(path)} ${JSON.stringify(e.data)} does not match the pattern ${String(p.pattern)}` };
    case 'maximum':
    case 'minimum':
      return { path, message: `${fieldName(path)} must be at ${e.keyword === 'maximum' ? 'most' : 'least'} ${String(p.limit)}, got ${JSON.stringify(e.data)}` };
    default:
      return { path, message: `${fieldName(path)} ${e.message ?? 'is invalid'}` };
  }
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false', object: 'an object', array: 'an array',
};

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * anyOf (used for `compression: boolean | object`) reports one error per branch; keep the
 * branch that says something specific instead of "must be boolean" + "must be object".
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const deeper = errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + '/'));
      return !deeper && !errors.some((o) => o.keyword === 'discriminator' && o.instancePath === e.instancePath);
    }
    if (anyOfPaths.has(e.instancePath) && e.keyword === 'type') return false;
    return true;
  });
}

function anyOfMessage(e: ErrorObject): string | undefined {
  if (e.keyword === 'anyOf' && e.instancePath.endsWith('/compression')) {
    return '"handshake.compression" must be true, false, or an object of permessage-deflate parameters';
  }
  return undefined;
}

/**
 * Where a YAML syntax error is. The yaml library starts the range of an indentation error (a key
 * indented one space too far, a "-" missing) at the line's first space, so it would be reported
 * at column 1; what the user has to fix is the text after those spaces. Tabs are kept: a tab used
 * as indentation is itself the mistake.
 */
function errorOffset(text: string, offset: number): number {
  let i = offset;
  while (text[i] === ' ') i++;
  return i < text.length && text[i] !== '\n' && text[i] !== '\r' ? i : offset;
}

export function parseScenarioText(text: string, fileName: string): ParseScenarioResult {
  try {
    return parseUnsafe(text, fileName);
  } catch (e) {
    // A parser bug must still come back as a message, not a crash of the extension or CLI.
    return { ok: false, errors: [{ line: 1, column: 1, message: `could not read the scenario: ${(e as Error).message}` }] };
  }
}

function parseUnsafe(text: string, fileName: string): ParseScenarioResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((err) => {
        const pos = lineCounter.linePos(errorOffset(text, err.pos[0]));
        return { line: pos.line, column: pos.col, message: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') };
      }),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const start = positionOf(doc, lineCounter, []);
    return { ok: false, errors: [{ ...start, message: 'a scenario must be an object (a mapping of fields such as name, rules, pushes)' }] };
  }
  const problems: PathProblem[] = [];
  if (!validate(data)) {
    for (const e of simplify(validate.errors ?? [])) {
      const special = anyOfMessage(e);
      problems.push(special ? { path: pointerToPath(e.instancePath), message: special } : translate(e));
    }
  } else {
    problems.push(...checkScenario(data as unknown as Scenario));
  }
  if (problems.length) {
    const seen = new Set<string>();
    const errors: ScenarioError[] = [];
    for (const p of problems) {
      const pos = positionOf(doc, lineCounter, p.path, p.atKey);
      const key = `${pos.line}:${pos.column}:${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push({ ...pos, message: p.message });
    }
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, errors };
  }
  const scenario = data as unknown as Scenario;
  if (!scenario.name) scenario.name = basename(fileName).replace(/\.(wsmock\.)?(json|ya?ml)$/i, '') || 'scenario';
  return { ok: true, scenario };
}

export async function loadScenarioFile(path: string): Promise<ParseScenarioResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'file not found' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    return { ok: false, errors: [{ line: 1, column: 1, message: `cannot read ${path}: ${why}` }] };
  }
  return parseScenarioText(text, path);
}

/** "file.yaml:3:7: message" lines, for the CLI and logs. */
export function formatScenarioErrors(fileName: string, errors: ScenarioError[]): string {
  return errors.map((e) => `${fileName}:${e.line}:${e.column}: ${e.message}`).join('\n');
}
