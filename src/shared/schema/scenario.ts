// Mock-server scenario files (*.wsmock.json / *.wsmock.yaml). This schema is the one source: the
// scenario types (src/server/scenario/scenarioTypes.ts) are read from it, and the JSON Schema that
// VS Code completes and checks scenario files with, and that the server validates them with
// (src/server/scenario/scenario.schema.json, written by `node esbuild.mjs`), is made from it.
// A scenario is data only: it never runs code. Checks a JSON Schema cannot express (regexes compile,
// one verb per action, templates parse...) are in src/server/scenario/scenarioChecks.ts.
import * as v from 'valibot';
import { anyJson, type JsonValue } from './json';
import { ACTION_VERBS, CONDITION_OPERATORS, JSON_TYPE_NAMES } from './scenarioNames';

type Step<T> = v.PipeItem<T, T, v.BaseIssue<unknown>>;
const described = <T>(description?: string): Step<T>[] => (description ? [v.description<T, string>(description)] : []);

/** A whole number, with the bounds given. */
function int(min?: number, max?: number, description?: string) {
  const steps: Step<number>[] = [v.integer()];
  if (min !== undefined) steps.push(v.minValue(min));
  if (max !== undefined) steps.push(v.maxValue(max));
  return v.pipe(v.number(), ...steps, ...described<number>(description));
}
const num = () => v.number();

/**
 * The longest timer or delay a scenario may ask for: one day. Node runs a delay over 2^31-1 ms
 * (24.8 days) after 1 ms instead, so an uncapped `everyMs: 3000000000` pushed every millisecond.
 * Every field that sets a timer or a time window uses `ms` (a test checks every *Ms field has it).
 */
export const MAX_SCENARIO_TIMER_MS = 86_400_000;
const ms = (min: number, description?: string) => int(min, MAX_SCENARIO_TIMER_MS, description);
/** The most bytes of JSON a state bound may be set to (V8's strings stop at about 512 MiB). */
const MAX_STATE_BOUND_BYTES = 256 * 1024 * 1024;
const str = (description?: string) => v.pipe(v.string(), ...described<string>(description));
const bool = (description?: string) => v.pipe(v.boolean(), ...described<boolean>(description));
const list = <T extends v.GenericSchema>(item: T, description?: string) => v.pipe(v.array(item), ...described<v.InferOutput<T>[]>(description));
const jsonObject = (description: string) => v.pipe(v.record(v.string(), anyJson), v.description(description));

/**
 * What to send. A string is sent as a text frame after `{{...}}` substitution; any other JSON
 * value is sent as JSON text, with `{{...}}` substituted in its string leaves. A leaf that is
 * exactly one `{{expr}}` keeps the expression's type (number, object...). The object key "..."
 * spreads an object value into the surrounding object.
 */
const template = (description = 'A string (sent as a text frame) or a JSON value (sent as JSON text); {{...}} is substituted in strings.') =>
  v.pipe(anyJson, v.description(description));

export const closeSpec = v.strictObject({
  /** A number, or a template such as "{{match.1}}" (checked when it runs). */
  code: v.pipe(v.union([v.pipe(v.number(), v.integer()), v.string()]), v.description('1000-1003, 1007-1014 or 3000-4999, or a template like "{{match.1}}" checked when it runs.')),
  reason: v.optional(str('At most 123 bytes once substituted.')),
});

export const compressionConfig = v.strictObject({
  threshold: v.optional(int(0, undefined, 'Messages smaller than this many bytes are not compressed.')),
  level: v.optional(int(0, 9)),
  serverNoContextTakeover: v.optional(bool()),
  clientNoContextTakeover: v.optional(bool()),
  serverMaxWindowBits: v.optional(int(9, 15)),
  clientMaxWindowBits: v.optional(int(9, 15)),
});

export const authVia = v.picklist(['header', 'query', 'subprotocol']);

export const handshakeConfig = v.strictObject({
  /** Supported subprotocols in the server's order of preference. */
  subprotocols: v.optional(list(v.pipe(v.string(), v.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)), 'Supported subprotocols, in the server\'s order of preference.')),
  requireSubprotocol: v.optional(bool('Refuse with 400 when the client offers none of the supported subprotocols.')),
  compression: v.optional(v.pipe(v.union([v.boolean(), compressionConfig]), v.description('permessage-deflate (RFC 7692): true, false, or parameters.'))),
  auth: v.optional(
    v.strictObject({
      token: v.pipe(v.string(), v.minLength(1)),
      via: v.optional(
        v.pipe(v.array(authVia), v.minLength(1), v.description('header: Authorization: Bearer <token>; query: ?token=<token>; subprotocol: Sec-WebSocket-Protocol auth.<token>.')),
      ),
    }),
  ),
  /** Allowed Origin values, replacing the default list of local pages; "*" allows any. */
  origins: v.optional(
    list(
      v.string(),
      'Origins whose pages may connect (others get 403). Without this list: http(s)://localhost, 127.0.0.1 and [::1] on any port, and VS Code webviews. "*" allows every web site: any page the user opens could then use this server. Requests without Origin (not from a web page) are always allowed.',
    ),
  ),
  /** Refuse handshakes: every `every`-th one (1 = all) gets `status`. */
  refuse: v.optional(
    v.strictObject({
      status: int(300, 599),
      every: v.optional(int(1, undefined, 'Refuse every n-th handshake (1 = all).')),
      retryAfterSeconds: v.optional(int(0)),
      body: v.optional(str()),
    }),
  ),
});

export const limitsConfig = v.strictObject({
  maxConnections: v.optional(int(1, undefined, 'Default 1000. While this many clients are connected, further handshakes are refused with 503 and Retry-After: 1.')),
  maxConnectionsPerIp: v.optional(int(1, undefined, "While this many clients from one address are connected, further handshakes from it are refused with 429. Default 100 for another machine's address; none for this machine's own (every local client shares it).")),
  maxTcpConnections: v.optional(int(1, undefined, 'TCP connections of any kind (WebSocket, HTTP, /sse, requests still arriving). Default maxConnections + 100. Over it a new connection is answered 503 with Retry-After: 1 and closed (with TLS: closed).')),
  maxTcpConnectionsPerIp: v.optional(int(1, undefined, 'TCP connections from one address. Default maxConnectionsPerIp + 100 where that applies. Over it: 429 with Retry-After: 1 (with TLS: closed).')),
  headersTimeoutMs: v.optional(int(100, 600_000, 'Default 10000. A connection whose request headers (plain HTTP or a WebSocket upgrade) or TLS handshake have not all arrived after this long is answered 408 and closed.')),
  maxMessageBytes: v.optional(int(1, undefined, 'Default 104857600 (100 MiB, as ws); larger messages close the connection with 1009.')),
  maxBufferedBytes: v.optional(int(1, undefined, 'Default 16777216 (16 MiB). A client with more than this many bytes waiting to be sent to it (it is not reading) is closed with 1013 Try Again Later; other clients are not affected.')),
  rateLimit: v.optional(
    v.strictObject({
      messages: int(1),
      perMs: ms(1),
      action: v.optional(v.pipe(v.picklist(['close', 'drop']), v.description('close: close with 1008; drop: ignore the message.'))),
    }),
  ),
  // State bounds, in bytes of JSON (src/server/scenario/stateBounds.ts): what clients write cannot grow the server without bound.
  maxSharedStateBytes: v.optional(int(2, MAX_STATE_BOUND_BYTES, 'Default 4194304 (4 MiB). The most JSON the shared state may hold: a set or add past it is refused with an error event; an append drops the oldest items of its list to make room.')),
  maxClientStateBytes: v.optional(int(2, MAX_STATE_BOUND_BYTES, "Default 65536. The same bound for each client's state.")),
  maxTotalClientStateBytes: v.optional(int(2, MAX_STATE_BOUND_BYTES, "Default 8388608 (8 MiB). The same bound for all clients' state together.")),
  maxStateValueBytes: v.optional(int(1, MAX_STATE_BOUND_BYTES, 'Default 262144. The most JSON one value written by set, add or append may hold; a larger one is refused with an error event (the message is still recorded and relayed).')),
});

export const heartbeatConfig = v.pipe(
  v.strictObject({ intervalMs: ms(10), timeoutMs: ms(10) }),
  v.description('The server pings every intervalMs and terminates a peer whose pong has not arrived within timeoutMs.'),
);

export const invalidFrameKind = v.picklist(['invalid-utf8', 'reserved-opcode', 'masked']);

export const faultsConfig = v.strictObject({
  latency: v.optional(v.strictObject({ ms: ms(0), jitterMs: v.optional(ms(0)) })),
  drop: v.optional(
    v.pipe(
      v.strictObject({ afterMessages: v.optional(int(1)), afterMs: v.optional(ms(1)) }),
      v.minEntries(1),
      v.description('Drop the connection without a close frame.'),
    ),
  ),
  fragment: v.optional(v.strictObject({ frames: int(2, 64) })),
  invalidFrame: v.optional(
    v.strictObject({
      kind: invalidFrameKind,
      afterMessages: v.optional(int(0, undefined, 'Send it after this many client messages (0 = on connect). Default 1.')),
    }),
  ),
  slowReader: v.optional(
    v.pipe(
      v.strictObject({ pauseMs: ms(1), readMs: v.optional(ms(1)) }),
      v.description('Stop reading from the socket for pauseMs, then read for readMs, repeatedly.'),
    ),
  ),
});

const decimals = () => v.optional(int(0, 10));
const values = () => v.pipe(v.array(anyJson), v.minLength(1));

export const generatorSpec = v.pipe(
  v.variant('generator', [
    v.strictObject({ generator: v.literal('randomWalk'), start: num(), step: num(), min: v.optional(num()), max: v.optional(num()), decimals: decimals() }),
    v.strictObject({ generator: v.literal('sensor'), min: num(), max: num(), decimals: decimals() }),
    v.strictObject({ generator: v.literal('randomInt'), min: v.pipe(v.number(), v.integer()), max: v.pipe(v.number(), v.integer()) }),
    v.strictObject({ generator: v.literal('sequence'), start: v.optional(num()), step: v.optional(num()) }),
    v.strictObject({ generator: v.literal('cycle'), values: values() }),
    v.strictObject({ generator: v.literal('pick'), values: values() }),
    v.strictObject({ generator: v.literal('repeat'), value: anyJson, count: int(0, 100000) }),
  ]),
  // ajv's discriminator: an unknown generator is reported as such, not as a miss of every branch.
  v.metadata({ type: 'object', required: ['generator'], discriminator: { propertyName: 'generator' } }),
);

export type JsonTypeName = (typeof JSON_TYPE_NAMES)[number];

/** A value the field must equal, or an object of operators (checked by scenarioChecks.ts). */
export type JsonCondition = JsonValue | { $regex?: string; $in?: JsonValue[]; $exists?: boolean; $type?: JsonTypeName; $ne?: JsonValue };

const jsonCondition = v.pipe(
  anyJson as v.GenericSchema<JsonCondition>,
  v.description(`A value the field must equal, or an object of operators: ${CONDITION_OPERATORS.join(', ')}.`),
);

export const match = v.strictObject({
  /** Exact text. */
  text: v.optional(str('The message text must equal this.')),
  regex: v.optional(str('JavaScript regular expression tested on the text; groups are {{match.1}}...')),
  flags: v.optional(v.pipe(v.string(), v.regex(/^[imsu]*$/))),
  /** Field path (dots) → expected value or condition. */
  json: v.optional(v.pipe(v.record(v.string(), jsonCondition), v.description('Field path (dots, e.g. params.0) → expected value or condition.'))),
  binary: v.optional(bool()),
  /** Text that is not valid JSON. */
  invalidJson: v.optional(bool('true: the text is not valid JSON.')),
});

export const stateScope = v.picklist(['client', 'shared']);


/** One step. Exactly one verb (echo, reply, broadcast...) plus that verb's modifiers. */
export const action = v.pipe(
  v.strictObject({
    echo: v.optional(v.pipe(v.literal(true), v.description('Send the message back verbatim, same opcode.'))),
    reply: v.optional(template()),
    broadcast: v.optional(template()),
    publish: v.optional(template('Send to the members of `room`.')),
    direct: v.optional(template('Send to the client whose id is `to`.')),
    join: v.optional(v.pipe(v.union([v.string(), v.array(v.string())]), v.description('Room name(s); a template yielding an array joins each.'))),
    leave: v.optional(v.string()),
    leaveAll: v.optional(v.literal(true)),
    set: v.optional(v.pipe(v.record(v.string(), anyJson), v.description('Path → value template.'))),
    add: v.optional(v.pipe(v.record(v.string(), anyJson), v.description('Path → number to add.'))),
    append: v.optional(v.pipe(v.record(v.string(), anyJson), v.description('Path → value appended to the array there.'))),
    ack: v.optional(template('Acknowledge a pushed message by id.')),
    close: v.optional(closeSpec),
    terminate: v.optional(v.pipe(v.literal(true), v.description('Drop the connection without a close frame.'))),
    // modifiers
    exceptSender: v.optional(v.boolean()),
    room: v.optional(v.string()),
    to: v.optional(v.string()),
    ifMissing: v.optional(template('Replied to the sender when `to` is not connected.')),
    scope: v.optional(stateScope),
    maxItems: v.optional(int(1)),
  }),
  v.description(`Exactly one verb (${ACTION_VERBS.join(', ')}) with its modifiers.`),
);

const actions = (description: string) => list(action, description);

export const rule = v.strictObject({
  match: v.optional(match),
  delayMs: v.optional(ms(0)),
  do: v.optional(list(action)),
  /** Shorthand for a `reply` action after `do`. */
  reply: v.optional(template()),
  /** Shorthand for a `close` action, run last. */
  close: v.optional(closeSpec),
});

export const push = v.strictObject({
  everyMs: ms(10),
  /** 'client': one timer per client, sent to it; 'all': one timer, sent to everyone; 'room': to a room's members. */
  to: v.optional(v.picklist(['client', 'all', 'room'])),
  room: v.optional(v.string()),
  /** Send one message per item (`{{item}}`) on each tick. */
  forEach: v.optional(v.array(anyJson)),
  message: template(),
  /** Per-client pushes only: resend un-acked messages with "redelivery": true. */
  requireAck: v.optional(v.strictObject({ timeoutMs: ms(10), maxRedeliveries: v.optional(int(0)), idField: v.optional(v.string()) })),
});

export const feedConfig = v.strictObject({
  everyMs: ms(10),
  message: template(),
  /** How many past feed messages /poll and /sse can replay. */
  keep: v.optional(int(1, 10000)),
  /** How long /poll waits for a new message before answering with none. */
  pollTimeoutMs: v.optional(ms(10)),
});

export const scenario = v.pipe(
  v.strictObject({
    $schema: v.optional(v.string()),
    name: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]*$/), v.description('Short id, lower case (defaults to the file name).'))),
    title: v.optional(v.string()),
    /** One paragraph shown when picking a scenario. */
    description: v.optional(str('One paragraph shown when picking the scenario.')),
    handshake: v.optional(handshakeConfig),
    limits: v.optional(limitsConfig),
    heartbeat: v.optional(heartbeatConfig),
    faults: v.optional(faultsConfig),
    /** Initial per-client state, copied for each new client (`{{state.x}}`). */
    clientState: v.optional(jsonObject('Initial state of each client ({{state.x}}).')),
    /** Initial state shared by all clients (`{{shared.x}}`). */
    sharedState: v.optional(jsonObject('Initial state shared by all clients ({{shared.x}}).')),
    /** Named value generators, used in templates as `{{gen.name}}`. */
    generators: v.optional(v.pipe(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)), generatorSpec), v.description('Named value generators, used as {{gen.name}}.'))),
    onConnect: v.optional(actions('Actions run when a client connects (e.g. a greeting).')),
    onDisconnect: v.optional(actions('Actions run after a client disconnected (replies go nowhere; broadcasts reach the others).')),
    /** Checked in order for each client message; the first that matches runs. */
    rules: v.optional(list(rule, 'Checked in order for each client message; the first rule that matches runs.')),
    pushes: v.optional(v.array(push)),
    /** A server-wide feed, also served over Server-Sent Events (/sse) and long-polling (/poll). */
    feed: v.optional(feedConfig),
  }),
  v.metadata({ $id: 'https://websocket-lab.local/scenario.schema.json' }),
  v.title('WebSocket Lab mock server scenario'),
  v.description(
    'A mock WebSocket server described as data. Templates are strings or JSON values whose strings may contain {{...}} substitutions: message.text, json.<path>, match.<n>, clientId, counter, item, state.<path>, shared.<path>, clients, server.clients, room.name/size/members/peers, gen.<name>, $uuid, $timestamp, $isoTime, $sum(path), $length(path); alternatives with ||, literals in quotes.',
  ),
);

/**
 * Schemas that the JSON Schema names once under `definitions` and refers to (the editor shows
 * them by name, and the file stays readable). Keys are the definition names.
 */
export const SCENARIO_DEFINITIONS = {
  closeSpec,
  handshake: handshakeConfig,
  limits: limitsConfig,
  faults: faultsConfig,
  generator: generatorSpec,
  match,
  action,
  rule,
  push,
  feed: feedConfig,
};
