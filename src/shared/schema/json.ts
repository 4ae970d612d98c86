// JSON values: what a JSON (or JSON-like YAML) document can hold, as a type and as a schema.
import * as v from 'valibot';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Checks that a value is JSON all the way down (used where a file carries free-form JSON). */
export const jsonValue: v.GenericSchema<JsonValue> = v.lazy(() =>
  v.union([v.null(), v.boolean(), v.number(), v.string(), v.array(jsonValue), v.record(v.string(), jsonValue)]),
);

/**
 * Any value, typed as JSON, and not checked: for scenario templates and conditions, which come
 * from a JSON or YAML parser (so are JSON already) and which the JSON Schema leaves open (`{}`).
 */
export const anyJson = v.unknown() as unknown as v.GenericSchema<JsonValue>;
