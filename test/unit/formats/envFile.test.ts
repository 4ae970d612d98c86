import { describe, expect, it } from 'vitest';
import { listEnvironments, parseEnvFile, parseEnvFiles, resolveEnvironment } from '../../../src/formats/envFile';

const PUBLIC = JSON.stringify({
  $shared: { path: '/ws', token: 'placeholder' },
  dev: { host: 'localhost:8080' },
  prod: { host: 'api.example.com', port: 443 },
});
const PRIVATE = JSON.stringify({ $shared: { token: 'shared-secret' }, prod: { token: 'prod-secret' }, staging: { host: 's' } });

describe('environment files', () => {
  it('lists environments from both files without $shared', () => {
    const pub = parseEnvFile(PUBLIC);
    const priv = parseEnvFile(PRIVATE);
    expect(pub.ok && priv.ok && listEnvironments(pub.env, priv.env)).toEqual(['dev', 'prod', 'staging']);
  });

  it('an environment overrides $shared, and the private file overrides the public one', () => {
    const r = parseEnvFiles(PUBLIC, PRIVATE, 'prod');
    expect(r).toEqual({
      ok: true,
      variables: { path: '/ws', token: 'prod-secret', host: 'api.example.com', port: '443' },
      environments: ['dev', 'prod', 'staging'],
      secrets: ['shared-secret', 'prod-secret'],
    });
    const dev = parseEnvFiles(PUBLIC, PRIVATE, 'dev');
    expect(dev.ok && dev.variables.token).toBe('shared-secret');
  });

  it('no selected environment means only $shared variables', () => {
    const r = parseEnvFiles(PUBLIC, undefined, '');
    expect(r.ok && r.variables).toEqual({ path: '/ws', token: 'placeholder' });
  });

  it('an unknown environment is named with the available ones', () => {
    const pub = parseEnvFile(PUBLIC);
    expect(pub.ok && resolveEnvironment('qa', pub.env)).toEqual({ ok: false, error: 'environment "qa" not found (available: dev, prod)' });
  });

  it('a JSON error gives the file, line and column', () => {
    const r = parseEnvFile('{\n  "dev": {\n    "host": "x",\n  }\n}', 'http-client.private.env.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^http-client\.private\.env\.json: JSON error at line 4, column 3/);
      expect([r.line, r.column]).toEqual([4, 3]);
    }
  });

  it('a non-object environment or an object value is refused by name', () => {
    expect(parseEnvFile('{"dev": [1]}')).toEqual({ ok: false, error: 'http-client.env.json: environment "dev" must be an object of variables, got an array' });
    expect(parseEnvFile('{"dev": {"a": {"b": 1}}}')).toEqual({ ok: false, error: 'http-client.env.json: "dev"."a" must be a string, number or boolean, got an object' });
  });

  it('a variable named __proto__ is an ordinary variable', () => {
    const r = parseEnvFiles('{"dev": {"__proto__": "x"}}', undefined, 'dev');
    expect(r.ok && Object.prototype.hasOwnProperty.call(r.variables, '__proto__') && r.variables['__proto__']).toBe('x');
  });

  it('missing or empty files mean no variables', () => {
    expect(parseEnvFiles(undefined, undefined, '')).toEqual({ ok: true, variables: {}, environments: [], secrets: [] });
  });

  it('every value of the private file is a secret, in every environment, whichever is selected (shorter than 4 characters: none)', () => {
    const r = parseEnvFiles(PUBLIC, JSON.stringify({ $shared: { token: 'shared-secret' }, prod: { token: 'prod-secret', n: 7, on: true, pin: '1234' } }), 'dev');
    expect(r.ok && r.secrets).toEqual(['shared-secret', 'prod-secret', 'true', '1234']);
    expect(parseEnvFiles(PUBLIC, undefined, 'prod')).toMatchObject({ secrets: [] });
  });
});
