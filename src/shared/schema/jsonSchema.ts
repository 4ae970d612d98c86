// The JSON Schemas made from our valibot schemas, for what reads JSON Schema: VS Code (completion,
// hovers and problems while a file is edited) and ajv (the mock server's scenario check).
// Build time only: esbuild.mjs writes them (dist/websocket-lab.schema.json and the repository's
// src/server/scenario/scenario.schema.json), and tests check the files are up to date. No bundle
// imports this file, so the converter is a devDependency.
import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import type { JSONSchema7 } from 'json-schema';
import type * as v from 'valibot';
import { connectionsFile } from './connections';
import { SCENARIO_DEFINITIONS, scenario } from './scenario';

type Json = Record<string, unknown>;

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/**
 * Keywords that say one JSON type's rules: a union of single types can merge them. Not objects: a
 * `boolean | {...}` stays an anyOf, which the scenario parser explains as a whole.
 */
const TYPE_KEYWORDS = new Set(['type', 'items', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems']);

/**
 * Tidies what the converter writes into what a person would write: no empty `required`, no
 * `items: {}` or `additionalProperties: {}` (they allow anything anyway), no `propertyNames` that
 * only says "string" (every JSON key is one), and `anyOf` of single types as one `type` list,
 * which is also what makes ajv say "must be a whole number or a string" rather than "must match
 * a schema in anyOf".
 */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = tidy(value);
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  for (const key of ['items', 'additionalProperties']) {
    if (out[key] && typeof out[key] === 'object' && Object.keys(out[key] as Json).length === 0) delete out[key];
  }
  const names = out.propertyNames as Json | undefined;
  if (names?.type === 'string') {
    delete names.type;
    if (Object.keys(names).length === 0) delete out.propertyNames;
  }
  const anyOf = out.anyOf as Json[] | undefined;
  if (anyOf?.every((b) => typeof b.type === 'string' && Object.keys(b).every((k) => TYPE_KEYWORDS.has(k)))) {
    const types = anyOf.map((b) => b.type as string);
    const merged: Json = {};
    for (const b of anyOf) for (const [k, val] of Object.entries(b)) if (k !== 'type') merged[k] = val;
    // Merge only when no two branches set the same keyword (their rules stay apart by type).
    const keywordCount = anyOf.reduce((n, b) => n + Object.keys(b).length - 1, 0);
    if (new Set(types).size === types.length && keywordCount === Object.keys(merged).length) {
      delete out.anyOf;
      Object.assign(out, { type: types, ...merged });
    }
  }
  return out;
}

/** Our `notes` (problems.ts) word our own messages; the converter would copy them in as a keyword. */
const withoutNotes: ConversionConfig['overrideAction'] = ({ valibotAction, jsonSchema }) => {
  if (valibotAction.type !== 'metadata' || !('notes' in (valibotAction as unknown as { metadata: object }).metadata)) return undefined;
  const { notes: _notes, ...rest } = jsonSchema as Json;
  return rest;
};

function convert(schema: v.GenericSchema, config: ConversionConfig = {}): Json {
  return tidy(toJsonSchema(schema, { target: 'draft-07', overrideAction: withoutNotes, ...config })) as Json;
}

/** The schema of `.vscode/websocket-lab.json`. */
export function connectionsJsonSchema(): JSONSchema7 {
  return convert(connectionsFile) as JSONSchema7;
}

/**
 * The schema of scenario files, with the shared parts named under `definitions` (draft-07's
 * place for them, which VS Code and ajv both read).
 */
export function scenarioJsonSchema(): JSONSchema7 {
  const raw = convert(scenario, {
    definitions: SCENARIO_DEFINITIONS as Record<string, v.GenericSchema>,
    overrideRef: ({ referenceId }) => `#/definitions/${referenceId}`,
  });
  const { $defs, $schema, ...rest } = raw;
  // $schema first, then the scenario, then its definitions: the order a person reads it in.
  return { $schema: $schema ?? DRAFT_07, ...rest, definitions: $defs } as JSONSchema7;
}

/**
 * The one schema file VS Code gets for both of our file kinds (package.json jsonValidation and
 * yamlValidation both point at it). One file rather than two because the package has a file
 * budget (test/unit/packaging.test.ts); a document is taken for a connections file when it has
 * "connections" or "version" (a scenario may have neither), otherwise for a scenario.
 */
export function editorJsonSchema(): JSONSchema7 {
  const { definitions, $id: _id, $schema: _schema, ...scenarioRoot } = scenarioJsonSchema() as Json;
  const { $schema: _s, ...connectionsRoot } = connectionsJsonSchema() as Json;
  return {
    $schema: DRAFT_07,
    title: 'WebSocket Lab files',
    description: 'Scenario files (*.wsmock.json, *.wsmock.yaml) and the workspace connections file (.vscode/websocket-lab.json).',
    if: { anyOf: [{ required: ['connections'] }, { required: ['version'] }] },
    then: { $ref: '#/definitions/connectionsFile' },
    else: { $ref: '#/definitions/scenario' },
    definitions: { ...(definitions as Json), scenario: scenarioRoot, connectionsFile: connectionsRoot },
  } as JSONSchema7;
}
