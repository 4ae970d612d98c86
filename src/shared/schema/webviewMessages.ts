// What a webview may send the extension host: the timeline's and the lesson's messages, one schema
// per message type. src/shared/protocol/timeline.ts and lesson.ts read their WebviewToHost /
// LessonToHost types from these and check every incoming message with `readMessage`.
// A webview is untrusted input: a message gets through with only the fields its type defines
// (anything else, say a `path` next to `sendFile`, is dropped), each bounded in size.
import * as v from 'valibot';
import { COMPOSER_FORMATS } from './connectionDefaults';
import { savedMessage } from './connections';
import { check, describe, notesOf, show } from './problems';
import { notes } from './problems';
import type { Result } from '../result';

/** Largest composer body the host accepts from the webview (16 MiB of text). */
export const MAX_COMPOSER_BODY = 16 * 1024 * 1024;

const requestId = v.pipe(v.number(), v.integer(), v.minValue(0), notes({ what: 'a non-negative integer' }));
const integer = v.pipe(v.number(), v.integer(), notes({ what: 'an integer' }));
const shortString = v.pipe(v.string(), v.maxLength(1000), notes({ what: 'a short string' }));
const bigString = v.pipe(v.string(), v.maxLength(MAX_COMPOSER_BODY), notes({ what: 'a string of at most 16 MiB' }));
const composerFormat = v.picklist(COMPOSER_FORMATS);
const savedMessageName = v.pipe(v.string(), v.maxLength(200));

/** A saved message as the composer sends it: the connections file's saved message, bounded and named. */
const composedSavedMessage = v.pipe(
  v.object({
    name: v.pipe(savedMessage.entries.name, v.maxLength(200), v.check((s) => s.trim() !== '')),
    format: composerFormat,
    body: bigString,
    description: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  }),
  notes({ what: 'a saved message {name, format, body, description?}' }),
);

const message = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) => v.object({ type: v.literal(type), ...entries });

/** Timeline webview → host. */
export const timelineWebviewMessage = v.variant('type', [
  message('ready', {}),
  message('send', { requestId, format: composerFormat, body: bigString }),
  message('sendFile', { requestId }),
  message('ping', { requestId, payload: shortString }),
  message('close', { requestId, code: integer, reason: shortString }),
  message('connect', { requestId }),
  message('disconnect', { requestId }),
  message('clear', {}),
  message('resend', { requestId, seq: integer }),
  message('copyText', { text: bigString }),
  message('export', { requestId, format: v.pipe(v.picklist(['jsonl', 'har']), notes({ what: '"jsonl" or "har"' })) }),
  message('saveMessage', { requestId, message: composedSavedMessage }),
  message('deleteSavedMessage', { name: savedMessageName }),
  /** What the composer holds now (sent as the user pauses typing), for Copy as Code. */
  message('draft', { format: composerFormat, body: bigString }),
]);

/** Length of the value as JSON; Infinity when it is not JSON (a BigInt, a cycle). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? Infinity;
  } catch {
    return Infinity;
  }
}

/** Lesson webview → host. */
export const lessonWebviewMessage = v.variant('type', [
  message('ready', {}),
  /** A command link in the lesson was clicked; the host runs only websocketLab.* commands. */
  message('command', {
    // Our command ids are letters only (src/lessons/commandLink.ts writes links by the same rule).
    command: v.pipe(v.string(), v.regex(/^websocketLab\.[A-Za-z]+$/), notes({ error: 'only websocketLab.* commands may be run from a lesson' })),
    // Plain JSON arguments only (never an object a command could take for a Uri), and few.
    args: v.pipe(v.array(v.unknown()), v.maxLength(4), v.check((a) => jsonLength(a) <= 1000), notes({ what: 'a short array' })),
  }),
  /** The learner scrolled a topic into view (progress). */
  message('topicVisible', { topic: v.pipe(v.string(), v.maxLength(200), notes({ what: 'a short string' })) }),
  /** A code block's Copy button: the host puts the text on the clipboard (the webview may not). */
  message('copyCode', { text: v.pipe(v.string(), v.maxLength(100_000), notes({ what: 'a string of at most 100000 characters' })) }),
]);

type Variant = typeof timelineWebviewMessage | typeof lessonWebviewMessage;

/**
 * Checks a message that claims to come from a webview against its type's schema. Returns the typed
 * message with only the fields its type defines, or what was wrong (the host logs it), naming the
 * message type and its field.
 */
export function readMessage<S extends Variant>(schema: S, raw: unknown): Result<{ message: v.InferOutput<S> }> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'message is not an object' };
  const type = (raw as Record<string, unknown>).type;
  const option = (schema.options as ReadonlyArray<v.ObjectSchema<{ type: v.LiteralSchema<string, undefined> }, undefined>>).find((o) => o.entries.type.literal === type);
  if (!option) return { ok: false, error: type === undefined ? 'message has no type' : `unknown message type ${show(type)}` };
  const r = check(option, raw);
  if (r.ok) return { ok: true, message: r.value as v.InferOutput<S> };
  // A problem inside a field (a saved message's name) is reported as that field being wrong.
  const field = String(r.path[0]);
  const fieldSchema = option.entries[field as 'type'] as v.GenericSchema | undefined;
  const n = fieldSchema ? notesOf(fieldSchema) : {};
  return { ok: false, error: `${type}: ${n.error ?? `${field} must be ${fieldSchema ? describe(fieldSchema) : 'left out'}`}` };
}
