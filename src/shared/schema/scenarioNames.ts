// Names a scenario file uses, apart from the schema that lists them (scenario.ts), so the server's
// own checks (src/server/scenario/scenarioChecks.ts) read the same lists without building the schema.

/** The verbs of an action; the other fields of an action are modifiers of one of them. */
export const ACTION_VERBS = ['echo', 'reply', 'broadcast', 'publish', 'direct', 'join', 'leave', 'leaveAll', 'set', 'add', 'append', 'ack', 'close', 'terminate'] as const;

/** The operators of a `match.json` condition object. */
export const CONDITION_OPERATORS = ['$regex', '$in', '$exists', '$type', '$ne'] as const;

/** What `$type` may name. */
export const JSON_TYPE_NAMES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;
