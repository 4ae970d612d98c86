// The connections file has one schema (src/shared/schema/connections.ts). These tests show what
// that buys a user: the Edit Connection form and the file reader accept exactly the same values
// (they used to disagree: base delay 10–600000 in the form, any number >= 0 in the file), and
// every field the schema defines is read from a file and refused, by name, when it is wrong.
import { describe, expect, it, vi } from 'vitest';
import type * as v from 'valibot';

// The form is VS Code UI: a stand-in that picks one setting, records the input box it opens, then
// answers Escape (undefined) everywhere.
const ui = vi.hoisted(() => ({ pick: undefined as string | undefined, inputs: [] as Array<{ prompt?: string; validateInput: (s: string) => string | undefined }> }));
vi.mock('vscode', () => ({
  window: {
    showQuickPick: async (items: Array<{ label: string }>) => {
      const label = ui.pick;
      ui.pick = undefined;
      return items.find((i) => i.label === label);
    },
    showInputBox: async (options: { prompt?: string; validateInput: (s: string) => string | undefined }) => {
      ui.inputs.push(options);
      return undefined;
    },
    showOpenDialog: async () => undefined,
  },
}));

import { editConnection } from '../../../../src/panels/connections/editConnection';
import { parseConnectionsFile } from '../../../../src/formats/connectionsFile';
import { newConnectionConfig } from '../../../../src/shared/connection';
import { connection, connectionSettings } from '../../../../src/shared/schema/connections';
import { rangeOf } from '../../../../src/shared/schema/problems';

/** The form's number fields: its label, and the setting it edits. */
const FORM_NUMBERS: Array<[label: string, path: string[]]> = [
  ['Reconnect base delay', ['reconnect', 'baseDelayMs']],
  ['Reconnect max delay', ['reconnect', 'maxDelayMs']],
  ['Reconnect max attempts', ['reconnect', 'maxAttempts']],
  ['Circuit breaker', ['reconnect', 'circuitBreakerThreshold']],
  ['Heartbeat ping interval', ['heartbeat', 'pingIntervalMs']],
  ['Pong timeout', ['heartbeat', 'pongTimeoutMs']],
  ['Handshake timeout', ['handshakeTimeoutMs']],
  ['Max message size', ['maxMessageSize']],
];

/** What the form's input box for `label` says of `text` (undefined = accepted). */
async function formSays(label: string): Promise<{ prompt?: string; validate: (text: string) => string | undefined }> {
  ui.inputs = [];
  ui.pick = label;
  const live = { config: newConnectionConfig('a', 'A', 'ws://localhost:1/') };
  await editConnection({ update: async () => undefined } as never, live as never);
  expect(ui.inputs, label).toHaveLength(1);
  return { prompt: ui.inputs[0].prompt, validate: ui.inputs[0].validateInput };
}

/** What the file reader says of a file whose only connection sets `path` to `value`. */
function fileSays(path: string[], value: unknown): string | undefined {
  const entry: Record<string, unknown> = { id: 'a', url: 'ws://a/' };
  let at = entry;
  for (const key of path.slice(0, -1)) at = (at[key] = {}) as Record<string, unknown>;
  at[path[path.length - 1]] = value;
  const r = parseConnectionsFile(JSON.stringify({ version: 1, connections: [entry] }));
  return r.ok ? undefined : r.error;
}

const settingAt = (path: string[]) => path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], connectionSettings) as v.GenericSchema;

describe('the Edit Connection form and the connections file accept the same values', () => {
  it.each(FORM_NUMBERS)('%s', async (label, path) => {
    const form = await formSays(label);
    const { min, max } = rangeOf(settingAt(path));
    expect(min, 'every setting has a lower bound').toBeTypeOf('number');
    const edges = [min!, min! - 1, ...(max === undefined ? [min! + 1_000_000_000] : [max, max + 1])].filter((n) => n >= 0);
    for (const n of edges) {
      const inRange = n >= min! && (max === undefined || n <= max);
      expect(form.validate(String(n)) === undefined, `form, ${n}`).toBe(inRange);
      expect(fileSays(path, n) === undefined, `file, ${n}`).toBe(inRange);
    }
    // Both say the same range: the prompt and the file's message are worded from the schema.
    expect(form.prompt).toContain(max === undefined ? `${min} or more` : `${min}–${max}`);
    expect(fileSays(path, -1)).toContain(max === undefined ? `>= ${min}` : `from ${min} to ${max}`);
  });
});

/** A value of the right type for a leaf schema, and one of a wrong type. */
function samples(schema: v.GenericSchema): { good: unknown; bad: unknown } {
  const inner = (schema as { wrapped?: v.GenericSchema }).wrapped ?? schema;
  const t = inner as unknown as { type: string; options?: unknown[]; literal?: unknown };
  const range = rangeOf(inner);
  switch (t.type) {
    case 'number': return { good: range.min ?? 0, bad: 'ten' };
    case 'boolean': return { good: false, bad: 'yes' };
    case 'string': return { good: 'x', bad: 42 };
    case 'picklist': return { good: t.options![t.options!.length - 1], bad: 'not-an-option' };
    case 'literal': return { good: t.literal, bad: { no: 1 } };
    case 'array': return { good: [], bad: {} };
    default: throw new Error(`no sample for ${t.type}`);
  }
}

/** Every leaf field of the connection schema, as a path from the connection. */
function leaves(schema: v.GenericSchema, path: string[] = []): Array<[string[], v.GenericSchema]> {
  const inner = ((schema as { wrapped?: v.GenericSchema }).wrapped ?? schema) as { type: string; entries?: Record<string, v.GenericSchema> };
  if (inner.type === 'object' && inner.entries) return Object.entries(inner.entries).flatMap(([k, s]) => leaves(s, [...path, k]));
  return [[path, schema]];
}

describe('every field of a saved connection', () => {
  const fields = leaves(connection).filter(([p]) => p[0] !== 'id' && p[0] !== 'url');

  it('covers the settings people edit', () => {
    expect(fields.map(([p]) => p.join('.'))).toEqual(expect.arrayContaining(['reconnect.baseDelayMs', 'heartbeat.pongTimeoutMs', 'tls.caFile', 'savedMessages', 'queueLimit']));
  });

  it.each(fields.map(([p, s]) => [p.join('.'), p, s] as const))('%s is read from the file, and a wrong value is refused by name', (name, path, schema) => {
    const { good, bad } = samples(schema);
    expect(fileSays(path, good)).toBeUndefined();
    const entry: Record<string, unknown> = { id: 'a', url: 'ws://a/' };
    let at = entry;
    for (const key of path.slice(0, -1)) at = (at[key] = {}) as Record<string, unknown>;
    at[path[path.length - 1]] = good;
    const r = parseConnectionsFile(JSON.stringify({ connections: [entry] }));
    const read = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], r.ok ? r.connections[0] : {});
    expect(read).toEqual(good);
    expect(fileSays(path, bad)).toMatch(new RegExp(`^connections\\[0\\]\\.${name.replace(/\./g, '\\.')} must be .+, got ${JSON.stringify(JSON.stringify(bad)).slice(1, -1).replace(/[{}[\]]/g, '\\$&')}$`));
  });
});
