// `{{...}}` substitution for scenario templates. Deliberately tiny: paths, a few named values and
// functions, `||` alternatives and quoted literals. No operators, no code: scenarios are data.

import { randomUUID } from 'node:crypto';
import type { JsonValue, Template } from './scenarioTypes';

export type Term =
  | { kind: 'literal'; value: JsonValue }
  | { kind: 'path'; root: string; segments: string[] }
  | { kind: 'special'; name: '$uuid' | '$timestamp' | '$isoTime' }
  | { kind: 'call'; name: '$sum' | '$length'; arg: { root: string; segments: string[] } };

/** Alternatives: the first term whose value is not undefined/null/'' wins. */
export type Expression = Term[];

export const TEMPLATE_ROOTS = [
  'message', 'json', 'match', 'clientId', 'counter', 'item', 'state', 'shared', 'clients', 'server', 'room', 'gen',
] as const;

const SPECIALS = new Set(['$uuid', '$timestamp', '$isoTime']);
const FUNCTIONS = new Set(['$sum', '$length']);
const PATH_RE = /^[A-Za-z_$][\w$-]*(?:\.[\w$-]+)*$/;
// Reading these through a path would walk the prototype chain instead of the data.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export class TemplateSyntaxError extends Error {}

/**
 * The most characters a template renders to, unless its context says otherwise: what clients put in
 * the state is bounded (stateBounds.ts), but a template may name it many times over.
 */
export const MAX_RENDERED_CHARS = 16 * 1024 * 1024;

export class TemplateLimitError extends Error {}

function tooLong(max: number): TemplateLimitError {
  return new TemplateLimitError(`the template renders more than ${max} characters (the most a template may render)`);
}

function parsePath(text: string): { root: string; segments: string[] } {
  if (!PATH_RE.test(text)) throw new TemplateSyntaxError(`"${text}" is not a valid path (use names separated by dots, e.g. json.user.id)`);
  const [root, ...segments] = text.split('.');
  if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
    throw new TemplateSyntaxError(`unknown template variable "${root}" (known: ${TEMPLATE_ROOTS.join(', ')}, $uuid, $timestamp, $isoTime, $sum(..), $length(..))`);
  }
  const bad = segments.find((s) => FORBIDDEN_SEGMENTS.has(s));
  if (bad) throw new TemplateSyntaxError(`"${bad}" cannot be used in a path`);
  return { root, segments };
}

function parseTerm(raw: string): Term {
  const text = raw.trim();
  if (text === '') throw new TemplateSyntaxError('empty {{ }} expression');
  if (/^'[^']*'$/.test(text) || /^"[^"]*"$/.test(text)) return { kind: 'literal', value: text.slice(1, -1) };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { kind: 'literal', value: Number(text) };
  if (text === 'true' || text === 'false' || text === 'null') return { kind: 'literal', value: JSON.parse(text) as JsonValue };
  if (SPECIALS.has(text)) return { kind: 'special', name: text as '$uuid' };
  const call = /^(\$\w+)\((.*)\)$/.exec(text);
  if (call) {
    if (!FUNCTIONS.has(call[1])) throw new TemplateSyntaxError(`unknown function ${call[1]} (known: ${[...FUNCTIONS].join(', ')})`);
    return { kind: 'call', name: call[1] as '$sum', arg: parsePath(call[2].trim()) };
  }
  if (text.startsWith('$')) throw new TemplateSyntaxError(`unknown value ${text} (known: ${[...SPECIALS].join(', ')})`);
  return { kind: 'path', ...parsePath(text) };
}

export function parseExpression(text: string): Expression {
  return text.split('||').map(parseTerm);
}

const PLACEHOLDER = /\{\{(.*?)\}\}/g;
const parsedCache = new Map<string, Array<string | Expression>>();

/** Splits a string into literal parts and expressions; throws TemplateSyntaxError. */
export function parseTemplateString(text: string): Array<string | Expression> {
  const cached = parsedCache.get(text);
  if (cached) return cached;
  const parts: Array<string | Expression> = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(parseExpression(m[1]));
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  const rest = parts.filter((p) => typeof p === 'string').join('');
  if (rest.includes('{{')) throw new TemplateSyntaxError('"{{" without a matching "}}"');
  if (parsedCache.size > 5000) parsedCache.clear();
  parsedCache.set(text, parts);
  return parts;
}

/** Every template string problem in a JSON template, with the path where it is. */
export function checkTemplate(template: unknown, path: Array<string | number> = []): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const visit = (value: unknown, at: Array<string | number>, isKey = false): void => {
    if (typeof value === 'string') {
      try {
        parseTemplateString(value);
      } catch (e) {
        if (!(e instanceof TemplateSyntaxError)) throw e;
        problems.push({ path: at, message: `${isKey ? 'key' : 'template'} "${value}": ${e.message}` });
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...at, i]));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        visit(k, [...at, k], true);
        visit(v, [...at, k]);
      }
    }
  };
  visit(template, path);
  return problems;
}

/** Names used as {{gen.name}} in a template, to check they are defined. */
export function generatorNames(template: unknown): string[] {
  return JSON.stringify(template ?? null).match(/gen\.[A-Za-z_]\w*/g)?.map((m) => m.slice(4)) ?? [];
}

/** What a template can see. Values may be getters so costly ones are computed only when used. */
export interface TemplateContext {
  vars: Partial<Record<(typeof TEMPLATE_ROOTS)[number], unknown>>;
  /** Next value of a named generator; called at most once per name per render. */
  gen?: (name: string) => JsonValue | undefined;
  /** At most this many characters rendered (default MAX_RENDERED_CHARS); past it, a TemplateLimitError. */
  maxChars?: number;
}

export function readPath(value: unknown, segments: string[]): unknown {
  let current = value;
  for (const seg of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (FORBIDDEN_SEGMENTS.has(seg) || !Object.prototype.hasOwnProperty.call(current, seg)) return undefined;
    current = (current as Record<string, unknown>)[seg];
  }
  return current;
}

function evalTerm(term: Term, ctx: TemplateContext, genCache: Map<string, unknown>): unknown {
  switch (term.kind) {
    case 'literal':
      return term.value;
    case 'special':
      if (term.name === '$uuid') return randomUUID();
      if (term.name === '$timestamp') return Date.now();
      return new Date().toISOString();
    case 'call': {
      const arg = evalPath(term.arg.root, term.arg.segments, ctx, genCache);
      if (term.name === '$length') return Array.isArray(arg) || typeof arg === 'string' ? arg.length : undefined;
      if (!Array.isArray(arg) || !arg.every((n) => typeof n === 'number')) return null;
      return (arg as number[]).reduce((a, b) => a + b, 0);
    }
    case 'path':
      return evalPath(term.root, term.segments, ctx, genCache);
  }
}

function evalPath(root: string, segments: string[], ctx: TemplateContext, genCache: Map<string, unknown>): unknown {
  if (root === 'gen') {
    const name = segments[0];
    if (!name) return undefined;
    if (!genCache.has(name)) genCache.set(name, ctx.gen?.(name));
    return readPath(genCache.get(name), segments.slice(1));
  }
  return readPath(ctx.vars[root as keyof TemplateContext['vars']], segments);
}

function evalExpression(expr: Expression, ctx: TemplateContext, genCache: Map<string, unknown>): unknown {
  let value: unknown;
  for (const term of expr) {
    value = evalTerm(term, ctx, genCache);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return value;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function renderString(text: string, ctx: TemplateContext, genCache: Map<string, unknown>): unknown {
  const parts = parseTemplateString(text);
  if (parts.length === 1 && typeof parts[0] !== 'string') return evalExpression(parts[0], ctx, genCache);
  const max = ctx.maxChars ?? MAX_RENDERED_CHARS;
  let out = '';
  for (const p of parts) {
    out += typeof p === 'string' ? p : asText(evalExpression(p, ctx, genCache));
    if (out.length > max) throw tooLong(max);
  }
  return out;
}

function renderValue(value: unknown, ctx: TemplateContext, genCache: Map<string, unknown>): unknown {
  if (typeof value === 'string') return renderString(value, ctx, genCache);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, ctx, genCache) ?? null);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const rendered = renderValue(v, ctx, genCache);
      if (k === '...') {
        if (rendered && typeof rendered === 'object' && !Array.isArray(rendered)) {
          // Not Object.assign: a client-sent "__proto__" key would replace the prototype.
          for (const [sk, sv] of Object.entries(rendered)) if (!FORBIDDEN_SEGMENTS.has(sk)) out[sk] = sv;
        }
        continue;
      }
      const key = asText(renderString(k, ctx, genCache));
      if (rendered !== undefined && !FORBIDDEN_SEGMENTS.has(key)) out[key] = rendered;
    }
    return out;
  }
  return value;
}

/**
 * A template rendered but not copied: it may share objects with what the context reads (the state,
 * the client's message). For code that measures a value before keeping a copy (stateBounds.ts).
 */
export function renderUncopied(template: Template, ctx: TemplateContext): unknown {
  return renderValue(template, ctx, new Map());
}

/** JSON text of a rendered value, within the context's bound. */
function jsonText(rendered: unknown, ctx: TemplateContext): string {
  const max = ctx.maxChars ?? MAX_RENDERED_CHARS;
  const json = JSON.stringify(rendered ?? null);
  if (json.length > max) throw tooLong(max);
  return json;
}

/** Renders a template to a JSON value (undefined when a whole-value expression had no value). */
export function renderTemplate(template: Template, ctx: TemplateContext): JsonValue | undefined {
  const rendered = renderUncopied(template, ctx);
  // structuredClone-free copy: the rendered value must not share objects with scenario state.
  return rendered === undefined ? undefined : (JSON.parse(jsonText(rendered, ctx)) as JsonValue);
}

/** A rendered template as the text that goes on the wire: strings as is, everything else as JSON. */
export function renderToText(template: Template, ctx: TemplateContext): string {
  const rendered = renderUncopied(template, ctx);
  if (typeof rendered === 'string') {
    const max = ctx.maxChars ?? MAX_RENDERED_CHARS;
    if (rendered.length > max) throw tooLong(max);
    return rendered;
  }
  // Straight to text: no copy first (for a history of a few MB, that was as much heap again).
  return jsonText(rendered, ctx);
}
