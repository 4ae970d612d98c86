// The scenario file check: ajv against scenario.schema.json, with the options the parser's
// messages rely on (every error, each with the failing schema and data; ajv's discriminator, so an
// unknown generator is named as such).
// Compiled here when first imported (tests, scripts run from source). The bundles replace this
// module with the same validator that ajv generates at build time (esbuild.mjs,
// precompiledScenarioValidator): the mock server and the CLI never generate code at run time, and
// carry ajv's small runtime helpers rather than its compiler.
import Ajv, { type ValidateFunction } from 'ajv';
import { scenarioJsonSchema } from './scenarioSchema';

export const SCENARIO_AJV_OPTIONS = { allErrors: true, verbose: true, discriminator: true, allowUnionTypes: true };

export const validateScenario: ValidateFunction = new Ajv(SCENARIO_AJV_OPTIONS).compile(scenarioJsonSchema);
