// Environment files in the JetBrains HTTP Client / REST Client layout, so teams can reuse them:
//   http-client.env.json          { "$shared": {...}, "dev": {...}, "prod": {...} }  (committed)
//   http-client.private.env.json  same layout, for secrets (git-ignored), merged on top.
// Every value of the private file is a secret: it is hidden in the timeline, logs, exports and
// copy-as-code wherever a {{variable}} put it (privateEnvSecrets).

import { parseJson } from '../codecs/json';
import { MIN_HIDDEN_SECRET } from '../recording/secretSink';
import type { Result } from '../shared/result';

/** Environment name -> variable name -> value. */
export type EnvFile = Record<string, Record<string, string>>;

export type EnvFileResult = Result<{ env: EnvFile }>;

export const SHARED_ENV = '$shared';

/** Parses one env file. `fileName` prefixes messages so the user knows which file is wrong. */
export function parseEnvFile(text: string, fileName = 'http-client.env.json'): EnvFileResult {
  if (text.trim() === '') return { ok: true, env: {} };
  const parsed = parseJson(text, `${fileName}: JSON`);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  if (!isPlainObject(root)) return { ok: false, error: `${fileName}: expected an object of environments, like { "dev": { "host": "localhost" } }` };
  // Built with Object.fromEntries: a variable named "__proto__" must stay a plain entry.
  const envs: Array<[string, Record<string, string>]> = [];
  for (const [envName, vars] of Object.entries(root)) {
    if (!isPlainObject(vars)) {
      return { ok: false, error: `${fileName}: environment "${envName}" must be an object of variables, got ${kindOf(vars)}` };
    }
    const entries: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(vars)) {
      // Numbers and booleans are accepted because people write { "port": 8080 }.
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return { ok: false, error: `${fileName}: "${envName}"."${name}" must be a string, number or boolean, got ${kindOf(value)}` };
      }
      entries.push([name, String(value)]);
    }
    envs.push([envName, Object.fromEntries(entries)]);
  }
  const env: EnvFile = Object.fromEntries(envs);
  return { ok: true, env };
}

/** Environment names from both files, in file order, without "$shared". */
export function listEnvironments(publicEnv: EnvFile, privateEnv: EnvFile = {}): string[] {
  return [...new Set([...Object.keys(publicEnv), ...Object.keys(privateEnv)])].filter((n) => n !== SHARED_ENV);
}

/**
 * The variables of one environment. Later wins: public $shared, private $shared, public env,
 * private env (so a private value overrides the committed placeholder of the same name).
 */
export function resolveEnvironment(
  envName: string,
  publicEnv: EnvFile,
  privateEnv: EnvFile = {},
): Result<{ vars: Record<string, string> }> {
  const names = listEnvironments(publicEnv, privateEnv);
  if (envName !== SHARED_ENV && !names.includes(envName)) {
    return { ok: false, error: `environment "${envName}" not found (${names.length ? `available: ${names.join(', ')}` : 'no environments are defined'})` };
  }
  return {
    ok: true,
    vars: {
      ...publicEnv[SHARED_ENV],
      ...privateEnv[SHARED_ENV],
      ...publicEnv[envName],
      ...privateEnv[envName],
    },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The values of the private file, every environment's (a timeline recorded under one environment
 * may be exported under another), as secrets to hide. Values shorter than MIN_HIDDEN_SECRET
 * ("1", "dev") are left out: hiding every "1" would make the timeline unreadable, and such a
 * value is no credential.
 */
export function privateEnvSecrets(privateEnv: EnvFile): string[] {
  const values = Object.values(privateEnv).flatMap((vars) => Object.values(vars));
  return [...new Set(values.filter((value) => value.length >= MIN_HIDDEN_SECRET))];
}

/**
 * Both files at once, as the host reads them (either may be missing). An empty `envName` means
 * no environment is selected: only $shared variables apply. `secrets` are the private file's
 * values (privateEnvSecrets).
 */
export function parseEnvFiles(
  publicText: string | undefined,
  privateText: string | undefined,
  envName: string,
): Result<{ variables: Record<string, string>; environments: string[]; secrets: string[] }> {
  const pub = parseEnvFile(publicText ?? '', 'http-client.env.json');
  if (!pub.ok) return pub;
  const priv = parseEnvFile(privateText ?? '', 'http-client.private.env.json');
  if (!priv.ok) return priv;
  const resolved = resolveEnvironment(envName === '' ? SHARED_ENV : envName, pub.env, priv.env);
  if (!resolved.ok) return resolved;
  return { ok: true, variables: resolved.vars, environments: listEnvironments(pub.env, priv.env), secrets: privateEnvSecrets(priv.env) };
}
