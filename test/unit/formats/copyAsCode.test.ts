import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { newConnectionConfig, type ConnectionConfig } from '../../../src/shared/connection';
import { copyAsCode, envVarName, shellQuote, type CodeTarget } from '../../../src/formats/copyAsCode';

const SECRET = 'sk-live-123';

function config(patch: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    ...newConnectionConfig('c1', 'Chat', 'wss://api.example.com/ws'),
    query: [{ name: 'room', value: "it's a b" }, { name: 'off', value: '1', enabled: false }],
    headers: [
      { name: 'Authorization', value: '', secret: true },
      { name: 'X-Api-Key', value: SECRET, secret: true },
      { name: 'X-Note', value: `say "hi" & $HOME 'now'` },
      { name: 'X-Disabled', value: 'no', enabled: false },
    ],
    subprotocols: ['chat', 'v2'],
    ...patch,
  };
}

/** Runs a shell snippet with the client replaced by a function printing one argument per line. */
function argsOf(command: string, client: string): string[] {
  const script = `${client}() { printf '%s\\n' "$@"; }\n${command}`;
  const out = execFileSync('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '', AUTHORIZATION: 'Bearer env-token', X_API_KEY: 'env-key' }, encoding: 'utf8' });
  return out.trimEnd().split('\n');
}

const URL_WITH_QUERY = 'wss://api.example.com/ws?room=it\'s%20a%20b';

describe('copy as code', () => {
  it('secret header values never appear in any target', () => {
    for (const target of ['browser-js', 'node-ws', 'wscat', 'websocat', 'python-websockets'] as CodeTarget[]) {
      const code = copyAsCode(config(), target, { secrets: 'placeholder' });
      expect(code, target).not.toContain(SECRET);
    }
  });

  it('wscat gets the URL with its query, subprotocols, headers and placeholders, correctly quoted', () => {
    const code = copyAsCode(config({ tls: { rejectUnauthorized: false } }), 'wscat', { secrets: 'placeholder' });
    expect(code).toMatch(/^# Set AUTHORIZATION, X_API_KEY first/);
    expect(argsOf(code, 'wscat')).toEqual([
      '-c', URL_WITH_QUERY,
      '-s', 'chat', '-s', 'v2',
      '-H', 'Authorization: Bearer env-token',
      '-H', 'X-Api-Key: env-key',
      '-H', `X-Note: say "hi" & $HOME 'now'`,
      '--no-check',
    ]);
  });

  it('websocat gets -k, one --protocol list and the headers', () => {
    const code = copyAsCode(config({ tls: { rejectUnauthorized: false } }), 'websocat', { secrets: 'placeholder' });
    expect(argsOf(code, 'websocat')).toEqual([
      '-k', '--protocol', 'chat, v2',
      '-H', 'Authorization: Bearer env-token',
      '-H', 'X-Api-Key: env-key',
      '-H', `X-Note: say "hi" & $HOME 'now'`,
      URL_WITH_QUERY,
    ]);
  });

  it('without TLS overrides there is no insecure flag', () => {
    expect(copyAsCode(config(), 'wscat', { secrets: 'placeholder' })).not.toContain('--no-check');
    expect(copyAsCode(config(), 'websocat', { secrets: 'placeholder' })).not.toMatch(/ -k /);
    expect(copyAsCode(config(), 'node-ws', { secrets: 'placeholder' })).not.toContain('rejectUnauthorized');
  });

  it('browser JavaScript says headers cannot be set and is valid JavaScript', () => {
    const code = copyAsCode(config({ tls: { rejectUnauthorized: false } }), 'browser-js', { secrets: 'placeholder' });
    expect(code).toContain('Browsers cannot set headers');
    expect(code).toContain('//   Authorization: <secret>');
    expect(code).toContain('always verify TLS certificates');
    expect(code).toContain(`new WebSocket(${JSON.stringify(URL_WITH_QUERY)}, ["chat","v2"])`);
    expect(() => new Function(code)).not.toThrow();
  });

  it('Node (ws) reads secrets from process.env and turns verification off when asked', () => {
    const code = copyAsCode(config({ tls: { rejectUnauthorized: false }, perMessageDeflate: false }), 'node-ws', { secrets: 'placeholder' });
    expect(code).toContain('"Authorization": process.env.AUTHORIZATION,');
    expect(code).toContain('"X-Note": "say \\"hi\\" & $HOME \'now\'",');
    expect(code).toContain('rejectUnauthorized: false');
    expect(code).toContain('perMessageDeflate: false');
    expect(() => new Function(code)).not.toThrow();
  });

  const hasPython = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!hasPython)('Python (websockets) uses os.environ, an unverified SSL context for wss, and parses', () => {
    const code = copyAsCode(config({ tls: { rejectUnauthorized: false } }), 'python-websockets', { secrets: 'placeholder' });
    expect(code).toContain('"Authorization": os.environ["AUTHORIZATION"],');
    expect(code).toContain('ssl_context.verify_mode = ssl.CERT_NONE');
    expect(code).toContain('subprotocols=["chat", "v2"]');
    execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code });
  });

  it('Python leaves out the SSL context for a ws:// URL (websockets refuses it)', () => {
    const code = copyAsCode(config({ url: 'ws://localhost:8080', tls: { rejectUnauthorized: false } }), 'python-websockets');
    expect(code).not.toContain('ssl');
  });

  it('websocat gets the message on stdin, byte for byte (one message, newlines and all)', () => {
    const text = `it's "q" \\ $HOME \${x} {{ y }}\nline 2 ü 😀`;
    const code = copyAsCode(config({ headers: [] }), 'websocat', { secrets: 'placeholder', message: { opcode: 'text', data: text } });
    expect(code).toContain(' -n1 --no-line ');
    const stdin = (c: string) => execFileSync('bash', ['--norc', '-c', `websocat() { cat; }\n${c}`], { encoding: 'utf8' });
    expect(stdin(code)).toBe(text);
    const bytes = copyAsCode(config({ headers: [] }), 'websocat', { secrets: 'placeholder', message: { opcode: 'binary', data: new Uint8Array([0, 255, 10]) } });
    expect(bytes).toContain(' -n1 -b ');
    expect(execFileSync('bash', ['--norc', '-c', `websocat() { od -An -tx1; }\n${bytes}`], { encoding: 'utf8' }).trim()).toBe('00 ff 0a');
  });

  it('wscat cannot send binary and says so', () => {
    const code = copyAsCode(config({ headers: [] }), 'wscat', { secrets: 'placeholder', message: { opcode: 'binary', data: new Uint8Array([1]) } });
    expect(code).toMatch(/^# wscat sends only text/);
    expect(code).not.toContain(' -x ');
  });

  it('known secret values are scrubbed from the URL too', () => {
    const code = copyAsCode(config({ url: `wss://h/?key=${SECRET}` }), 'wscat', { secrets: 'placeholder', redact: [SECRET] });
    expect(code).not.toContain(SECRET);
    expect(code).toContain('key=«secret»');
  });

  it('env variable names come from header names', () => {
    expect(envVarName('X-Api-Key')).toBe('X_API_KEY');
    expect(envVarName('2fa')).toBe('_2FA');
  });

  it('shell quoting passes any text through bash unchanged', () => {
    const texts = fc.sample(fc.string({ unit: fc.constantFrom(...`ab '"$\`\\!*?;&|<>(){}[]~# \t`.split('')) }), 50);
    // One bash for all samples: 50 processes took over 20 s on a 2-core machine busy with the soak test.
    const script = texts.map((t) => `printf '%s\\0' ${shellQuote(t)}`).join('\n');
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(texts);
  });

  describe('secret query parameters and subprotocols are read from the environment, never copied', () => {
    const QUERY_SECRET = 'q-s3cret/+=';
    const PROTO_SECRET = 'auth.pl4in-in-file';
    const withSecrets = (patch: Partial<ConnectionConfig> = {}) => config({
      query: [{ name: 'room', value: 'a b' }, { name: 'token', value: QUERY_SECRET, secret: true }],
      subprotocols: ['chat', { name: 'auth', secret: true }, PROTO_SECRET],
      ...patch,
    });

    it('no target contains them', () => {
      for (const target of ['browser-js', 'node-ws', 'wscat', 'websocat', 'python-websockets'] as CodeTarget[]) {
        const code = copyAsCode(withSecrets(), target);
        expect(code, target).not.toContain(QUERY_SECRET);
        expect(code, target).not.toContain(encodeURIComponent(QUERY_SECRET));
        expect(code, target).not.toContain('pl4in-in-file');
      }
    });

    it('wscat and websocat expand them from the shell, the URL with the rest of its query', () => {
      const env = { PATH: process.env.PATH ?? '', AUTHORIZATION: 'a', X_API_KEY: 'k', TOKEN: 'tok', SUBPROTOCOL_AUTH: 'auth.one', SUBPROTOCOL_AUTH_2: 'auth.two' };
      const run = (code: string, client: string) => execFileSync('bash', ['-c', `${client}() { printf '%s\\n' "$@"; }\n${code}`], { env, encoding: 'utf8' }).trimEnd().split('\n');
      const wscat = copyAsCode(withSecrets(), 'wscat');
      expect(wscat).toMatch(/^# Set AUTHORIZATION, X_API_KEY, TOKEN, SUBPROTOCOL_AUTH, SUBPROTOCOL_AUTH_2 first \(secret values are not copied\)\. TOKEN goes into the URL as set: URL-encode it\./);
      expect(run(wscat, 'wscat').slice(0, 8)).toEqual(['-c', 'wss://api.example.com/ws?room=a%20b&token=tok', '-s', 'chat', '-s', 'auth.one', '-s', 'auth.two']);
      expect(run(copyAsCode(withSecrets(), 'websocat'), 'websocat').slice(0, 2)).toEqual(['--protocol', 'chat, auth.one, auth.two']);
    });

    it('Node reads process.env and URL-encodes the query value, and is valid JavaScript', () => {
      const code = copyAsCode(withSecrets(), 'node-ws');
      expect(code).toContain('new WebSocket("wss://api.example.com/ws?room=a%20b&token=" + encodeURIComponent(process.env.TOKEN), ["chat", process.env.SUBPROTOCOL_AUTH, process.env.SUBPROTOCOL_AUTH_2], {');
      expect(() => new Function(code)).not.toThrow();
    });

    it('a browser page gets constants to fill in, and is valid JavaScript', () => {
      const code = copyAsCode(withSecrets(), 'browser-js');
      expect(code).toContain('const TOKEN = "<secret>";');
      expect(code).toContain('new WebSocket("wss://api.example.com/ws?room=a%20b&token=" + encodeURIComponent(TOKEN), ["chat",SUBPROTOCOL_AUTH,SUBPROTOCOL_AUTH_2]);');
      expect(() => new Function(code)).not.toThrow();
    });

    it.skipIf(!hasPython)('Python quotes the query value from os.environ, and parses', () => {
      const code = copyAsCode(withSecrets(), 'python-websockets');
      expect(code).toContain('"wss://api.example.com/ws?room=a%20b&token=" + urllib.parse.quote(os.environ["TOKEN"], safe=""),');
      expect(code).toContain('subprotocols=["chat", os.environ["SUBPROTOCOL_AUTH"], os.environ["SUBPROTOCOL_AUTH_2"]],');
      expect(code).toContain('import urllib.parse');
      execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code });
    });
  });
});
