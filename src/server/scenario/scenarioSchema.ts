// The JSON Schema for scenario files, as the parser validates them with ajv. The .json file is made
// from the scenario schema (src/shared/schema/scenario.ts, also the source of scenarioTypes.ts) by
// `node esbuild.mjs`, and kept in the repository: built-in scenarios' "$schema" points at it, and a
// test fails when it is not what the schema makes. The editor gets the same schema inside
// dist/websocket-lab.schema.json.
import schema from './scenario.schema.json';

export const scenarioJsonSchema: object = schema;
