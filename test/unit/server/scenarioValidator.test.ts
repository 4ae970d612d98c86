// The mock server's bundle carries the scenario validator precompiled by ajv at build time
// (esbuild.mjs, precompiledScenarioValidator), while tests and scripts compile it from source at
// run time. Both must say the same of every scenario file, and the bundle must not compile code.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/server';

const ROOT = resolve(__dirname, '../../..');

let bundled: { parseScenarioText: typeof parseScenarioText };
let bundleText: string;
let bundleInputs: string[];
const dir = mkdtempSync(join(tmpdir(), 'wslab-server-bundle-'));

beforeAll(async () => {
  const { buildOptions } = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as { buildOptions(o: { production: boolean }): esbuild.BuildOptions[] };
  const options = buildOptions({ production: true }).find((o) => JSON.stringify(o.entryPoints) === JSON.stringify({ server: 'src/server/index.ts' }))!;
  const { outputFiles, metafile } = await esbuild.build({ ...options, write: false, metafile: true, logLevel: 'silent' });
  bundleText = outputFiles.find((f) => f.path.endsWith('server.js'))!.text;
  bundleInputs = Object.keys(metafile.inputs);
  writeFileSync(join(dir, 'server.js'), bundleText);
  bundled = createRequire(join(dir, 'server.js'))('./server.js');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const builtinDir = join(ROOT, 'src/server/scenario/builtin');
const SAMPLES: Array<[string, string]> = [
  ...readdirSync(builtinDir).map((f): [string, string] => [f, readFileSync(join(builtinDir, f), 'utf8')]),
  ['typo', 'name: x\nrules:\n  - match: {text: a}\n    replly: b\n'],
  ['wrong type', '{\n  "name": "x",\n  "pushes": [\n    { "everyMs": "fast", "message": "hi" }\n  ]\n}'],
  ['missing field', 'name: x\npushes:\n  - message: hi\n'],
  ['unknown generator', 'generators:\n  p: {generator: walk}\n'],
  ['bad compression', 'handshake:\n  compression: "yes"\n'],
  ['bad compression field', 'handshake:\n  compression: {level: 12}\n'],
  ['close code as text', 'rules:\n  - close: {code: "{{match.1}}"}\n'],
  ['close code as list', 'rules:\n  - close: {code: [1000]}\n'],
  ['enum', 'limits:\n  rateLimit: {messages: 1, perMs: 1, action: explode}\n'],
  ['pattern', 'name: "Not Lower"\n'],
  ['empty drop', 'faults:\n  drop: {}\n'],
  ['many errors', 'name: 5\nrules: 5\npushes: [{}]\nfeed: {everyMs: 1}\n'],
];

describe('the precompiled scenario validator in dist/server.js', () => {
  it.each(SAMPLES)('%s: the bundle says what the source says', (name, text) => {
    const file = name.endsWith('.json') ? name : `${name.replace(/ /g, '-')}.wsmock.yaml`;
    expect(bundled.parseScenarioText(text, file)).toEqual(parseScenarioText(text, file));
  });

  it('the samples include both verdicts', () => {
    const verdicts = SAMPLES.map(([name, text]) => parseScenarioText(text, `${name}.wsmock.yaml`).ok);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it('compiles no code when the server loads: ajv runtime helpers only, no compiler, no new Function', () => {
    expect(bundleInputs.filter((f) => /node_modules\/ajv\/dist\/(compile|core|ajv)/.test(f))).toEqual([]);
    expect(bundleInputs.some((f) => /node_modules\/ajv\/dist\/runtime\//.test(f))).toBe(true);
    expect(bundleText).not.toMatch(/new Function\(/);
  });
});
