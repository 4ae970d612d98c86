import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinScenario, listScenarios, loadScenarioFile, parseScenarioText, scenarioJsonSchema } from '../../../src/server';

const REQUIRED_BUILTINS = [
  'echo', 'chat', 'rooms', 'notifications', 'whiteboard', 'poll', 'game', 'ticker', 'activity-feed', 'signaling', 'iot',
  'request-response', 'pubsub', 'ack', 'auth', 'flaky', 'subprotocols', 'compression', 'heartbeat', 'rate-limit', 'max-size',
  'origin', 'slow-reader', 'latency', 'drop', 'close-codes', 'refuse', 'fragment', 'invalid-utf8', 'reserved-opcode',
  'masked-frame', 'transports',
];

function errorsOf(text: string, file = 'bad.wsmock.yaml'): Array<{ line: number; column: number; message: string }> {
  const r = parseScenarioText(text, file);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.errors;
}

describe('built-in scenarios', () => {
  it('lists every built-in scenario lesson authors rely on, each with a title and a one-paragraph description', () => {
    const list = listScenarios();
    expect(list.map((s) => s.name).sort()).toEqual([...REQUIRED_BUILTINS].sort());
    for (const s of list) {
      expect(s.title.length, s.name).toBeGreaterThan(2);
      expect(s.description.length, s.name).toBeGreaterThan(60);
      expect(s.description, s.name).not.toContain('\n');
    }
  });

  it.each(REQUIRED_BUILTINS)('built-in "%s" passes the same validation as a user file', (name) => {
    const file = join(__dirname, '../../../src/server/scenario/builtin', `${name}.wsmock.json`);
    const r = parseScenarioText(readFileSync(file, 'utf8'), file);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('the example in scenario/README.md is a valid scenario', () => {
    const readme = readFileSync(join(__dirname, '../../../src/server/scenario/README.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const r = parseScenarioText(example, 'README.wsmock.yaml');
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('scenario.schema.json on disk is the schema the parser uses (the extension registers the file)', () => {
    const onDisk = JSON.parse(readFileSync(join(__dirname, '../../../src/server/scenario/scenario.schema.json'), 'utf8'));
    expect(onDisk).toEqual(scenarioJsonSchema);
  });
});

describe('scenario files', () => {
  it('a valid YAML scenario parses, and its name defaults to the file name', () => {
    const r = parseScenarioText('title: Mine\nrules:\n  - match: {text: ping}\n    reply: pong\n', '/x/my-server.wsmock.yaml');
    expect(r.ok && r.scenario.name).toBe('my-server');
  });

  it('bad YAML syntax is reported with its line and column', () => {
    expect(errorsOf('name: x\nrules: [a, b]]\n')).toEqual([{ line: 2, column: 14, message: 'Unexpected flow-seq-end token in YAML stream: "]"' }]);
    // JSON goes through the same parser: a missing comma is found where the next member starts.
    expect(errorsOf('{\n  "name": "x",\n  "title": "y"\n  "rules": []\n}', 'bad.wsmock.json')[0]).toMatchObject({ line: 4, column: 3, message: expect.stringContaining('Missing ,') });
  });

  it('a key indented too far is reported at the key, not at column 1 of its line', () => {
    // "reply" is one space right of "match": yaml's range starts at the line's first space.
    expect(errorsOf('name: x\nrules:\n  - match: {text: a}\n     reply: b\n')).toEqual([{ line: 4, column: 6, message: 'All mapping items must start at the same column' }]);
    // A key indented too little under a sequence item: the key itself, too.
    expect(errorsOf('name: x\nrules:\n  - match:\n      text: a\n    reply: b\n   broadcast: c\n')[0]).toMatchObject({ line: 6, column: 4 });
    // A tab used as indentation is the mistake itself: it stays at the tab.
    expect(errorsOf('name: x\n\trules: 1\n')[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('an unknown field points at the field name and suggests the right one', () => {
    const errors = errorsOf('name: x\nrules:\n  - match: {text: a}\n    replly: b\n');
    expect(errors).toEqual([{ line: 4, column: 5, message: expect.stringContaining('unknown field "replly"') }]);
    expect(errors[0].message).toContain('did you mean "reply"');
  });

  it('a value of the wrong type points at the value', () => {
    const errors = errorsOf('{\n  "name": "x",\n  "pushes": [\n    { "everyMs": "fast", "message": "hi" }\n  ]\n}', 'bad.wsmock.json');
    expect(errors).toEqual([{ line: 4, column: 18, message: expect.stringMatching(/pushes\[0\]\.everyMs.*whole number.*"fast"/) }]);
  });

  it('a regular expression that does not compile points at the pattern', () => {
    const errors = errorsOf('name: x\nrules:\n  - match:\n      regex: "a(b"\n    reply: hi\n');
    expect(errors).toEqual([{ line: 4, column: 14, message: expect.stringContaining('invalid regular expression') }]);
  });

  it('a close code that may not be sent (1005) points at the code', () => {
    const errors = errorsOf('name: x\nrules:\n  - close:\n      code: 1005\n');
    expect(errors).toEqual([{ line: 4, column: 13, message: expect.stringContaining('1005 cannot be sent') }]);
  });

  it('a missing required field names it', () => {
    const errors = errorsOf('name: x\npushes:\n  - message: hi\n');
    expect(errors[0]).toMatchObject({ line: 3, column: 5, message: expect.stringContaining('"everyMs"') });
  });

  it('an unknown generator and an unknown template variable are both explained', () => {
    expect(errorsOf('generators:\n  p: {generator: walk}\n')[0]).toMatchObject({ line: 2, message: expect.stringContaining('unknown generator "walk"') });
    expect(errorsOf('onConnect:\n  - reply: "{{jsn.x}}"\n')[0]).toMatchObject({ line: 2, column: 12, message: expect.stringContaining('unknown template variable "jsn"') });
  });

  it('an action with two verbs, or a generator that is not defined, is rejected', () => {
    expect(errorsOf('onConnect:\n  - {reply: a, broadcast: b}\n')[0].message).toContain('exactly one verb');
    expect(errorsOf('onConnect:\n  - reply: "{{gen.nope}}"\n')[0].message).toContain('"generators" has no "nope"');
  });

  it('text that is not a mapping is rejected instead of crashing', () => {
    expect(errorsOf('- just\n- a list\n')[0].message).toContain('must be an object');
    expect(errorsOf('')[0].message).toContain('must be an object');
  });

  it('loadScenarioFile reads a file, and a missing file is an error, not an exception', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wslab-scn-'));
    try {
      const file = join(dir, 'ok.wsmock.json');
      writeFileSync(file, JSON.stringify(builtinScenario('echo')));
      expect((await loadScenarioFile(file)).ok).toBe(true);
      const missing = await loadScenarioFile(join(dir, 'missing.yaml'));
      expect(missing.ok ? '' : missing.errors[0].message).toContain('file not found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
