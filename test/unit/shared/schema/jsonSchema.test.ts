// The JSON Schemas VS Code and the scenario parser read are made from our schemas (src/shared/schema)
// by the build. These tests check that what is registered is what the build writes, that it says
// of real files what our readers say, and that the repository's scenario.schema.json is current.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { editorJsonSchema } from '../../../../src/shared/schema/jsonSchema';
import { parseConnectionsFile, serializeConnectionsFile } from '../../../../src/formats/connectionsFile';
import { newConnectionConfig, type ConnectionConfig } from '../../../../src/shared/connection';

const ROOT = resolve(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface BuildConfig {
  STATIC_ASSETS: Array<[string, string]>;
  REPOSITORY_SCHEMAS: Array<[string, string]>;
  schemaFiles(): Promise<Map<string, string>>;
}
let build: BuildConfig;
let files: Map<string, string>;
beforeAll(async () => {
  build = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as BuildConfig;
  files = await build.schemaFiles();
}, 60_000);

const urlFor = (contribution: 'jsonValidation' | 'yamlValidation', fileName: string) =>
  (pkg.contributes[contribution] as Array<{ fileMatch: string[]; url: string }>)
    .find((v) => v.fileMatch.some((m) => (m.startsWith('*') ? fileName.endsWith(m.slice(1)) : fileName.endsWith(m))))
    ?.url.replace(/^\.\//, '');

/** The schema VS Code uses for `fileName`: the file package.json names, as the build writes it. */
function registeredSchema(contribution: 'jsonValidation' | 'yamlValidation', fileName: string): object {
  const url = urlFor(contribution, fileName);
  expect(url, `package.json ${contribution} for ${fileName}`).toBeDefined();
  const text = files.get(url!);
  expect(text, `the build writes ${url}`).toBeDefined();
  return JSON.parse(text!);
}

function validator(schema: object) {
  // VS Code's checker takes draft-07; ajv in its default (draft-07) mode reads the same keywords.
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return (data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

/** A saved file as the extension writes it, with every kind of setting used. */
function savedFile(): string {
  const full: ConnectionConfig = {
    ...newConnectionConfig('conn-1', 'Prod', 'wss://api.example.com/ws?v={{version}}'),
    query: [{ name: 'room', value: 'lobby' }, { name: 'debug', value: '1', enabled: false }],
    headers: [{ name: 'Authorization', value: 'Bearer x', secret: true }, { name: 'X-Client', value: 'lab' }],
    subprotocols: ['chat.v2', 'chat.v1'],
    heartbeat: { pingIntervalMs: 15_000, pongTimeoutMs: 5_000 },
    tls: { rejectUnauthorized: false, caFile: '/certs/ca.pem' },
    savedMessages: [{ name: 'subscribe', description: 'ticks', format: 'json', body: '{"type":"subscribe"}' }],
  };
  return serializeConnectionsFile([full, newConnectionConfig('conn-2', 'Echo', 'ws://localhost:8080')]);
}

describe('the connections file schema VS Code checks .vscode/websocket-lab.json with', () => {
  it('is registered in package.json and written into the package by the build', () => {
    const url = urlFor('jsonValidation', '/ws/.vscode/websocket-lab.json');
    expect(build.STATIC_ASSETS.map(([, to]) => to)).toContain(url);
    expect(readFileSync(join(ROOT, '.vscodeignore'), 'utf8')).toContain(`!${url}\n`);
  });

  it('finds nothing wrong in a file the extension saved, which the reader reads back', () => {
    const text = savedFile();
    expect(validator(registeredSchema('jsonValidation', '/ws/.vscode/websocket-lab.json'))(JSON.parse(text))).toEqual([]);
    expect(parseConnectionsFile(text).ok).toBe(true);
  });

  it('flags what the reader refuses, at the same field', () => {
    const check = validator(registeredSchema('jsonValidation', '/ws/.vscode/websocket-lab.json'));
    const file = JSON.parse(savedFile());
    file.connections[1].reconnect.baseDelayMs = 700_000;
    file.connections[0].savedMessages[0].format = 'xml';
    expect(check(file)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/connections\/1\/reconnect\/baseDelayMs /), expect.stringMatching(/^\/connections\/0\/savedMessages\/0\/format /)]));
    const read = parseConnectionsFile(JSON.stringify(file));
    expect(!read.ok && read.error).toMatch(/^connections\[0\]\.savedMessages\[0\]\.format must be one of/);
  });

  it('offers the defaults and descriptions the reader uses', () => {
    type Node = { properties: Record<string, Node>; items: Node; required?: string[] };
    const schema = registeredSchema('jsonValidation', '/ws/.vscode/websocket-lab.json') as { definitions: Record<string, Node> };
    const conn = schema.definitions.connectionsFile.properties.connections.items;
    expect(conn.required).toEqual(['id', 'url']);
    expect(conn.properties.reconnect.properties.baseDelayMs).toMatchObject({ type: 'integer', minimum: 0, maximum: 600_000, default: 500, description: expect.any(String) });
  });
});

describe('the scenario schema', () => {
  it('VS Code checks scenario files, JSON and YAML alike, with the schema that says the built-in scenarios are fine', () => {
    const json = registeredSchema('jsonValidation', 'my.wsmock.json');
    expect(registeredSchema('yamlValidation', 'my.wsmock.yaml')).toEqual(json);
    const check = validator(json);
    const dir = join(ROOT, 'src/server/scenario/builtin');
    for (const f of readdirSync(dir)) expect(check(JSON.parse(readFileSync(join(dir, f), 'utf8'))), f).toEqual([]);
    expect(check({ name: 'x', rulez: [] })).toEqual(expect.arrayContaining([expect.stringContaining('must NOT have additional properties')]));
  });

  it('the repository copy the parser validates with is what the schema makes (run `node esbuild.mjs` after changing it)', () => {
    for (const [, to] of build.REPOSITORY_SCHEMAS) expect(readFileSync(join(ROOT, to), 'utf8'), to).toBe(files.get(to));
  });

  it('the editor file is what editorJsonSchema() makes', () => {
    const [[, to]] = build.STATIC_ASSETS;
    expect(JSON.parse(files.get(to)!)).toEqual(editorJsonSchema());
  });
});
