// How a schema explains itself to a person. Every message a reader gives ("connections[1].reconnect
// .maxDelayMs must be a whole number of milliseconds >= 0, got -1") is worded from the schema of the
// field that failed, so the words cannot drift from the checks they describe.
import * as v from 'valibot';

/** Words a schema carries for people, next to the checks they describe (see `notes`). */
export interface Notes {
  /** What the field expects, when the schema's own words are not the best ("a file path string"). */
  what?: string;
  /** The unit of a number, plural ("milliseconds"). */
  unit?: string;
  /** What a special value means ("0 = unlimited"). */
  note?: string;
  /** The whole sentence to say instead of "<field> must be <what>" (a rule rather than a shape). */
  error?: string;
}

/**
 * Attaches `Notes` to a schema (as valibot metadata: the JSON Schema emitter leaves them out, see
 * jsonSchema.ts). Use inside `v.pipe(...)`.
 */
export function notes<TInput>(n: Notes) {
  return v.metadata<TInput, { notes: Notes }>({ notes: n });
}

/** A path into a value: object keys and list indexes. */
export type Path = Array<string | number>;

type AnySchema = v.GenericSchema & { type: string };
type Action = { kind: string; type: string; requirement?: unknown; metadata?: { notes?: Notes } };
type Shape = AnySchema & {
  pipe?: ReadonlyArray<AnySchema | Action>;
  wrapped?: AnySchema;
  entries?: Record<string, AnySchema>;
  item?: AnySchema;
  items?: AnySchema[];
  value?: AnySchema;
  options?: unknown[];
  key?: string;
  literal?: unknown;
  getter?: (input: unknown) => AnySchema;
};

const WRAPPERS = new Set(['optional', 'exact_optional', 'nullish', 'undefinedable', 'non_optional']);

/** The schema without optional wrappers and lazy indirection. */
function unwrap(schema: AnySchema, input: unknown): Shape {
  let s = schema as Shape;
  for (;;) {
    if (WRAPPERS.has(s.type) && s.wrapped) s = s.wrapped as Shape;
    else if (s.type === 'lazy' && s.getter) s = s.getter(input) as Shape;
    else return s;
  }
}

function actionsOf(schema: Shape): Action[] {
  return (schema.pipe ?? []).filter((p): p is Action => p.kind !== 'schema') as Action[];
}

/** The notes of a schema (its own pipe's). */
export function notesOf(schema: v.GenericSchema): Notes {
  const s = unwrap(schema as AnySchema, undefined);
  return Object.assign({}, ...actionsOf(s).filter((a) => a.type === 'metadata').map((a) => a.metadata?.notes ?? {}));
}

/** The bounds a number schema checks (`minValue` / `maxValue` in its pipe), and its unit. */
export function rangeOf(schema: v.GenericSchema): { min?: number; max?: number; integer: boolean; unit?: string } {
  const actions = actionsOf(unwrap(schema as AnySchema, undefined));
  const req = (type: string) => actions.find((a) => a.type === type)?.requirement as number | undefined;
  return { min: req('min_value'), max: req('max_value'), integer: actions.some((a) => a.type === 'integer'), unit: notesOf(schema).unit };
}

/**
 * Words for what a schema accepts. `style` "prose" is for files people write (one of a, b; true or
 * false), "json" for machine formats, where exact values are quoted (one of "a", "b"; a boolean).
 */
export function describe(schema: v.GenericSchema, style: 'prose' | 'json' = 'prose'): string {
  const s = unwrap(schema as AnySchema, undefined);
  const n = notesOf(s);
  if (n.what) return n.what;
  const actions = actionsOf(s);
  const req = (type: string) => actions.find((a) => a.type === type)?.requirement;
  const lit = (x: unknown) => (style === 'json' || typeof x !== 'string' ? JSON.stringify(x) : x);
  switch (s.type) {
    case 'number': {
      const min = req('min_value') as number | undefined;
      const max = req('max_value') as number | undefined;
      const noun = actions.some((a) => a.type === 'integer') ? 'a whole number' : 'a number';
      const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` >= ${min}` : max !== undefined ? ` <= ${max}` : '';
      return `${noun}${n.unit ? ` of ${n.unit}` : ''}${range}${n.note ? ` (${n.note})` : ''}`;
    }
    case 'string': {
      const min = req('min_length') as number | undefined;
      const max = req('max_length') as number | undefined;
      return `${min ? 'a non-empty string' : 'a string'}${max !== undefined ? ` of at most ${max} characters` : ''}`;
    }
    case 'boolean':
      return style === 'json' ? 'a boolean' : 'true or false';
    case 'null':
      return 'null';
    case 'literal':
      return lit(s.literal);
    case 'picklist':
    case 'enum':
      return `one of ${(s.options ?? []).map(lit).join(', ')}`;
    case 'nullable':
      return `${describe(s.wrapped!, style)} or null`;
    case 'array':
      return 'a list';
    case 'tuple':
    case 'strict_tuple':
      return `a list of ${s.items?.length} items`;
    case 'union':
      return (s.options as AnySchema[]).map((o) => describe(o, style)).join(' or ');
    case 'object':
    case 'strict_object':
    case 'loose_object':
    case 'record':
    case 'variant':
      return 'an object';
    default:
      return 'a valid value';
  }
}

/** The schema of the value at `path` inside `input`, or undefined when the schema has no such place. */
export function schemaAt(schema: v.GenericSchema, path: Path, input: unknown): v.GenericSchema | undefined {
  let s = unwrap(schema as AnySchema, input);
  let value = input;
  for (const key of path) {
    // A variant's place is decided by its discriminator (a message's type, an event's kind).
    if (s.type === 'variant') {
      const tag = s.key!;
      const options = s.options as Shape[];
      const chosen = options.find((o) => unwrap(o.entries![tag], undefined).literal === (value as Record<string, unknown>)?.[tag]);
      if (!chosen) return key === tag ? v.picklist(options.map((o) => String(unwrap(o.entries![tag], undefined).literal))) : undefined;
      s = chosen;
    }
    const next: AnySchema | undefined = s.entries ? s.entries[key] : s.item ?? s.items?.[key as number] ?? s.value;
    if (!next) return undefined;
    value = (value as Record<string | number, unknown> | undefined)?.[key];
    s = unwrap(next, value);
  }
  return s;
}

export interface Problem {
  /** Where, from the root of what was checked. */
  path: Path;
  /** The value found there (undefined when missing). */
  value: unknown;
  /** True when the field is not there at all. */
  missing: boolean;
  /** The schema of that place (for describe / notesOf). */
  schema: v.GenericSchema | undefined;
}

/**
 * Checks `input` against `schema`. Success gives valibot's output: unknown object fields dropped,
 * defaults filled in. Failure gives the first problem (in the schema's field order).
 */
export function check<S extends v.GenericSchema>(schema: S, input: unknown): { ok: true; value: v.InferOutput<S> } | ({ ok: false } & Problem) {
  const r = v.safeParse(schema, input, { abortEarly: true });
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const items = issue.path ?? [];
  const path = items.map((p) => p.key as string | number);
  const last = items[items.length - 1];
  const value = last ? last.value : input;
  const missing = !!last && last.type === 'object' && !Object.prototype.hasOwnProperty.call(last.input, last.key as string);
  return { ok: false, path, value, missing, schema: schemaAt(schema, path, input) };
}

/** `connections[1].reconnect.maxDelayMs` */
export function pathText(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** A value as an error message shows it: short JSON, or "nothing" when absent. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.slice(0, 60);
}
