// Checks a JSON Schema cannot express: regexes compile, close codes are sendable, each action
// has exactly one verb with modifiers that fit it, templates parse, generators exist, the initial
// state fits its bound.

import { ACTION_VERBS, type Action, type Rule, type Scenario } from './scenarioTypes';
import { CONDITION_OPERATORS, JSON_TYPE_NAMES } from '../../shared/schema/scenarioNames';
import { checkTemplate, generatorNames } from './template';
import { isValidWireCloseCode, SENDABLE_CLOSE_CODES_TEXT } from '../../wire/closeCodes';
import type { DataPath } from './scenarioPositions';
import { compileScenarioRegex } from './regexSafety';
import { DEFAULT_STATE_LIMITS, jsonBytes } from './stateBounds';

export interface PathProblem {
  path: DataPath;
  message: string;
  atKey?: boolean;
}

const MODIFIERS: Record<string, string[]> = {
  broadcast: ['exceptSender'],
  publish: ['room', 'exceptSender'],
  direct: ['to', 'ifMissing'],
  set: ['scope'],
  add: ['scope'],
  append: ['scope', 'maxItems'],
};
const REQUIRED_MODIFIERS: Record<string, string[]> = { publish: ['room'], direct: ['to'] };
const OPERATORS = new Set<string>(CONDITION_OPERATORS);
const TYPE_NAMES = new Set<string>(JSON_TYPE_NAMES);

// A regex runs on every client message, on a linear-time engine: what JavaScript rejects, and what
// that engine cannot do (backreferences, lookaround), is refused here with the construct named.
function checkRegex(pattern: string, flags: string | undefined, path: DataPath, out: PathProblem[]): void {
  const compiled = compileScenarioRegex(pattern, flags);
  if (!compiled.ok) out.push({ path, message: compiled.error });
}

function checkCloseCode(code: number | string, path: DataPath, out: PathProblem[]): void {
  if (typeof code === 'number' && !isValidWireCloseCode(code)) {
    out.push({ path, message: `close code ${code} cannot be sent; use ${SENDABLE_CLOSE_CODES_TEXT}` });
  }
  if (typeof code === 'string') out.push(...checkTemplate(code, path));
}

function checkAction(action: Action, path: DataPath, out: PathProblem[]): void {
  const keys = Object.keys(action);
  const verbs = keys.filter((k) => (ACTION_VERBS as readonly string[]).includes(k));
  if (verbs.length !== 1) {
    out.push({
      path,
      message: verbs.length === 0
        ? `an action needs one verb: ${ACTION_VERBS.join(', ')}`
        : `an action has exactly one verb, found ${verbs.join(' and ')}: split it into separate actions`,
    });
    return;
  }
  const verb = verbs[0];
  for (const key of keys) {
    if (key !== verb && !(MODIFIERS[verb] ?? []).includes(key)) {
      out.push({ path: [...path, key], atKey: true, message: `"${key}" does not apply to "${verb}"${MODIFIERS[verb] ? ` (it takes ${MODIFIERS[verb].join(', ')})` : ''}` });
    }
  }
  for (const key of REQUIRED_MODIFIERS[verb] ?? []) {
    if (!(key in action)) out.push({ path, message: `"${verb}" needs "${key}"` });
  }
  if (action.close) checkCloseCode(action.close.code, [...path, 'close', 'code'], out);
  for (const key of keys) {
    if (key === 'close' && action.close) {
      out.push(...checkTemplate(action.close.reason ?? '', [...path, 'close', 'reason']));
    } else if (key !== 'maxItems' && key !== 'scope' && key !== 'exceptSender') {
      out.push(...checkTemplate(action[key as keyof Action], [...path, key]));
    }
  }
}

function checkActions(actions: Action[] | undefined, path: DataPath, out: PathProblem[]): void {
  actions?.forEach((a, i) => checkAction(a, [...path, i], out));
}

function checkRule(rule: Rule, path: DataPath, out: PathProblem[]): void {
  const m = rule.match;
  if (m?.regex !== undefined) checkRegex(m.regex, m.flags, [...path, 'match', 'regex'], out);
  for (const [field, cond] of Object.entries(m?.json ?? {})) {
    if (!cond || typeof cond !== 'object' || Array.isArray(cond)) continue;
    const ops = Object.keys(cond).filter((k) => k.startsWith('$'));
    if (ops.length === 0) continue;
    const condPath = [...path, 'match', 'json', field];
    for (const op of Object.keys(cond)) {
      if (!OPERATORS.has(op)) out.push({ path: [...condPath, op], atKey: true, message: `unknown condition "${op}" (known: ${[...OPERATORS].join(', ')})` });
    }
    const c = cond as Record<string, unknown>;
    if ('$regex' in c) {
      if (typeof c.$regex !== 'string') out.push({ path: [...condPath, '$regex'], message: '"$regex" must be a string' });
      else checkRegex(c.$regex, undefined, [...condPath, '$regex'], out);
    }
    if ('$in' in c && !Array.isArray(c.$in)) out.push({ path: [...condPath, '$in'], message: '"$in" must be an array' });
    if ('$exists' in c && typeof c.$exists !== 'boolean') out.push({ path: [...condPath, '$exists'], message: '"$exists" must be true or false' });
    if ('$type' in c && !TYPE_NAMES.has(String(c.$type))) out.push({ path: [...condPath, '$type'], message: `"$type" must be one of ${[...TYPE_NAMES].join(', ')}` });
  }
  checkActions(rule.do, [...path, 'do'], out);
  if (rule.reply !== undefined) out.push(...checkTemplate(rule.reply, [...path, 'reply']));
  if (rule.close) {
    checkCloseCode(rule.close.code, [...path, 'close', 'code'], out);
    out.push(...checkTemplate(rule.close.reason ?? '', [...path, 'close', 'reason']));
  }
}

/** Semantic problems of a scenario that already passed the schema. */
export function checkScenario(s: Scenario): PathProblem[] {
  const out: PathProblem[] = [];
  const hs = s.handshake;
  if (hs?.requireSubprotocol && !hs.subprotocols?.length) {
    out.push({ path: ['handshake', 'requireSubprotocol'], message: 'requireSubprotocol needs a non-empty "subprotocols" list' });
  }
  if (s.heartbeat && s.heartbeat.timeoutMs > s.heartbeat.intervalMs * 10) {
    out.push({ path: ['heartbeat', 'timeoutMs'], message: 'timeoutMs should not be more than 10 × intervalMs' });
  }
  checkActions(s.onConnect, ['onConnect'], out);
  checkActions(s.onDisconnect, ['onDisconnect'], out);
  s.rules?.forEach((r, i) => checkRule(r, ['rules', i], out));
  s.pushes?.forEach((p, i) => {
    const path = ['pushes', i];
    if (p.to === 'room' && p.room === undefined) out.push({ path, message: 'a push with "to": "room" needs "room"' });
    if (p.room !== undefined && p.to !== 'room') out.push({ path: [...path, 'room'], atKey: true, message: '"room" only applies with "to": "room"' });
    if (p.requireAck && (p.to ?? 'client') !== 'client') out.push({ path: [...path, 'requireAck'], atKey: true, message: '"requireAck" only applies to per-client pushes ("to": "client")' });
    out.push(...checkTemplate(p.message, [...path, 'message']));
    if (p.room !== undefined) out.push(...checkTemplate(p.room, [...path, 'room']));
  });
  if (s.feed) out.push(...checkTemplate(s.feed.message, ['feed', 'message']));
  // Past its bound from the start, the state would refuse every write: say so where it is written.
  const stateFits = (field: 'sharedState' | 'clientState', limit: 'maxSharedStateBytes' | 'maxClientStateBytes'): void => {
    if (s[field] === undefined) return;
    const max = s.limits?.[limit] ?? DEFAULT_STATE_LIMITS[limit];
    const bytes = jsonBytes(s[field]);
    if (bytes > max) out.push({ path: [field], message: `"${field}" is ${bytes} bytes of JSON, over limits.${limit} (${max})` });
  };
  stateFits('sharedState', 'maxSharedStateBytes');
  stateFits('clientState', 'maxClientStateBytes');

  const defined = new Set(Object.keys(s.generators ?? {}));
  const used: Array<[DataPath, unknown]> = [
    [['onConnect'], s.onConnect], [['onDisconnect'], s.onDisconnect], [['rules'], s.rules], [['feed'], s.feed],
    ...(s.pushes ?? []).map((p, i): [DataPath, unknown] => [['pushes', i, 'message'], p.message]),
  ];
  for (const [path, value] of used) {
    for (const name of generatorNames(value)) {
      if (!defined.has(name)) out.push({ path, message: `{{gen.${name}}} is used but "generators" has no "${name}"` });
    }
  }
  return out;
}
