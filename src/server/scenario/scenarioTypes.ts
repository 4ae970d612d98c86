// The shape of a mock-server scenario, as it appears in a *.wsmock.json / *.wsmock.yaml file.
// scenario.schema.json is the authority users see (editor completion, validation errors); these
// types mirror it so the runtime is type-checked. A scenario is data only: it never runs code.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * What to send. A string is sent as a text frame after `{{...}}` substitution; any other JSON
 * value is sent as JSON text, with `{{...}}` substituted in its string leaves. A leaf that is
 * exactly one `{{expr}}` keeps the expression's type (number, object...). The object key "..."
 * spreads an object value into the surrounding object.
 */
export type Template = JsonValue;

export interface Scenario {
  $schema?: string;
  name: string;
  title?: string;
  /** One paragraph shown when picking a scenario. */
  description?: string;
  handshake?: HandshakeConfig;
  limits?: LimitsConfig;
  heartbeat?: HeartbeatConfig;
  faults?: FaultsConfig;
  /** Initial per-client state, copied for each new client (`{{state.x}}`). */
  clientState?: Record<string, JsonValue>;
  /** Initial state shared by all clients (`{{shared.x}}`). */
  sharedState?: Record<string, JsonValue>;
  /** Named value generators, used in templates as `{{gen.name}}`. */
  generators?: Record<string, GeneratorSpec>;
  onConnect?: Action[];
  onDisconnect?: Action[];
  /** Checked in order for each client message; the first that matches runs. */
  rules?: Rule[];
  pushes?: Push[];
  /** A server-wide feed, also served over Server-Sent Events (/sse) and long-polling (/poll). */
  feed?: FeedConfig;
}

export interface CompressionConfig {
  threshold?: number;
  level?: number;
  serverNoContextTakeover?: boolean;
  clientNoContextTakeover?: boolean;
  serverMaxWindowBits?: number;
  clientMaxWindowBits?: number;
}

export type AuthVia = 'header' | 'query' | 'subprotocol';

export interface HandshakeConfig {
  /** Supported subprotocols in the server's order of preference. */
  subprotocols?: string[];
  requireSubprotocol?: boolean;
  compression?: boolean | CompressionConfig;
  auth?: { token: string; via?: AuthVia[] };
  /** Allowed Origin values; a request without Origin (non-browser client) is allowed. */
  origins?: string[];
  /** Refuse handshakes: every `every`-th one (1 = all) gets `status`. */
  refuse?: { status: number; every?: number; retryAfterSeconds?: number; body?: string };
}

export interface LimitsConfig {
  maxConnections?: number;
  maxConnectionsPerIp?: number;
  maxMessageBytes?: number;
  rateLimit?: { messages: number; perMs: number; action?: 'close' | 'drop' };
}

export interface HeartbeatConfig {
  intervalMs: number;
  timeoutMs: number;
}

export type InvalidFrameKind = 'invalid-utf8' | 'reserved-opcode' | 'masked';

export interface FaultsConfig {
  latency?: { ms: number; jitterMs?: number };
  drop?: { afterMessages?: number; afterMs?: number };
  fragment?: { frames: number };
  invalidFrame?: { kind: InvalidFrameKind; afterMessages?: number };
  slowReader?: { pauseMs: number; readMs?: number };
}

export type GeneratorSpec =
  | { generator: 'randomWalk'; start: number; step: number; min?: number; max?: number; decimals?: number }
  | { generator: 'sensor'; min: number; max: number; decimals?: number }
  | { generator: 'randomInt'; min: number; max: number }
  | { generator: 'sequence'; start?: number; step?: number }
  | { generator: 'cycle'; values: JsonValue[] }
  | { generator: 'pick'; values: JsonValue[] }
  | { generator: 'repeat'; value: JsonValue; count: number };

export type JsonCondition =
  | JsonValue
  | { $regex?: string; $in?: JsonValue[]; $exists?: boolean; $type?: JsonTypeName; $ne?: JsonValue };

export type JsonTypeName = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export interface Match {
  /** Exact text. */
  text?: string;
  regex?: string;
  flags?: string;
  /** Field path (dots) → expected value or condition. */
  json?: Record<string, JsonCondition>;
  binary?: boolean;
  /** Text that is not valid JSON. */
  invalidJson?: boolean;
}

export interface CloseSpec {
  /** A number, or a template such as "{{match.1}}" (checked when it runs). */
  code: number | string;
  reason?: string;
}

export type StateScope = 'client' | 'shared';

/** One step. Exactly one verb (echo, reply, broadcast...) plus that verb's modifiers. */
export interface Action {
  echo?: boolean;
  reply?: Template;
  broadcast?: Template;
  publish?: Template;
  direct?: Template;
  join?: string | string[];
  leave?: string;
  leaveAll?: boolean;
  set?: Record<string, Template>;
  add?: Record<string, Template>;
  append?: Record<string, Template>;
  ack?: Template;
  close?: CloseSpec;
  terminate?: boolean;
  // modifiers
  exceptSender?: boolean;
  room?: string;
  to?: string;
  ifMissing?: Template;
  scope?: StateScope;
  maxItems?: number;
}

export const ACTION_VERBS = [
  'echo', 'reply', 'broadcast', 'publish', 'direct', 'join', 'leave', 'leaveAll',
  'set', 'add', 'append', 'ack', 'close', 'terminate',
] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

export interface Rule {
  match?: Match;
  delayMs?: number;
  do?: Action[];
  /** Shorthand for a `reply` action after `do`. */
  reply?: Template;
  /** Shorthand for a `close` action, run last. */
  close?: CloseSpec;
}

export interface Push {
  everyMs: number;
  /** 'client': one timer per client, sent to it; 'all': one timer, sent to everyone; 'room': to a room's members. */
  to?: 'client' | 'all' | 'room';
  room?: string;
  /** Send one message per item (`{{item}}`) on each tick. */
  forEach?: JsonValue[];
  message: Template;
  /** Per-client pushes only: resend un-acked messages with "redelivery": true. */
  requireAck?: { timeoutMs: number; maxRedeliveries?: number; idField?: string };
}

export interface FeedConfig {
  everyMs: number;
  message: Template;
  /** How many past feed messages /poll and /sse can replay. */
  keep?: number;
  /** How long /poll waits for a new message before answering with none. */
  pollTimeoutMs?: number;
}
