// The verbs of a scenario action, apart from the schema that lists them (scenario.ts), so the
// server's checks read them without building the schema.

/** The verbs of an action; the other fields of an action are modifiers of one of them. */
export const ACTION_VERBS = ['echo', 'reply', 'broadcast', 'publish', 'direct', 'join', 'leave', 'leaveAll', 'set', 'add', 'append', 'ack', 'close', 'terminate'] as const;
