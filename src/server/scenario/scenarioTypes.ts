// The shape of a mock-server scenario, as it appears in a *.wsmock.json / *.wsmock.yaml file.
// Read from the scenario schema (src/shared/schema/scenario.ts), the same schema that
// scenario.schema.json — what the editor completes and the parser validates with — is made from:
// the runtime's types cannot disagree with what a file may say. A scenario is data only.
import type { InferOutput } from 'valibot';
import type * as S from '../../shared/schema/scenario';

export type { JsonValue } from '../../shared/schema/json';
export type { JsonCondition, JsonTypeName } from '../../shared/schema/scenario';
export { ACTION_VERBS } from '../../shared/schema/scenarioNames';

/**
 * What to send. A string is sent as a text frame after `{{...}}` substitution; any other JSON
 * value is sent as JSON text, with `{{...}}` substituted in its string leaves. A leaf that is
 * exactly one `{{expr}}` keeps the expression's type (number, object...). The object key "..."
 * spreads an object value into the surrounding object.
 */
export type Template = import('../../shared/schema/json').JsonValue;

/** A parsed scenario: what the file says, and always a name (the parser takes the file's when it has none). */
export type Scenario = InferOutput<typeof S.scenario> & { name: string };

export type CompressionConfig = InferOutput<typeof S.compressionConfig>;
export type AuthVia = InferOutput<typeof S.authVia>;
export type HandshakeConfig = InferOutput<typeof S.handshakeConfig>;
export type LimitsConfig = InferOutput<typeof S.limitsConfig>;
export type HeartbeatConfig = InferOutput<typeof S.heartbeatConfig>;
export type InvalidFrameKind = InferOutput<typeof S.invalidFrameKind>;
export type FaultsConfig = InferOutput<typeof S.faultsConfig>;
export type GeneratorSpec = InferOutput<typeof S.generatorSpec>;
export type Match = InferOutput<typeof S.match>;
export type CloseSpec = InferOutput<typeof S.closeSpec>;
export type StateScope = InferOutput<typeof S.stateScope>;
/** One step. Exactly one verb (echo, reply, broadcast...) plus that verb's modifiers. */
export type Action = InferOutput<typeof S.action>;
export type ActionVerb = (typeof import('../../shared/schema/scenarioNames').ACTION_VERBS)[number];
export type Rule = InferOutput<typeof S.rule>;
export type Push = InferOutput<typeof S.push>;
export type FeedConfig = InferOutput<typeof S.feedConfig>;
