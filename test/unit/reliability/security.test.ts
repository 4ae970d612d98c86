// Security properties a user relies on without checking: the mock server is local-only by
// default, webviews run under a strict CSP, secrets stay out of everything that leaves the
// extension, TLS is verified unless turned off, scenarios cannot run code, and a webview message
// cannot name a file.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { startMockServer, parseScenarioText, type Scenario } from '../../../src/server';
import { parseCliArgs } from '../../../src/cli/cliArgs';
import { buildWebviewHtml, renderWebviewHtml, newNonce, type WebviewPage } from '../../../src/panels/webview/webviewHtml';
import { LiveConnection } from '../../../src/client/liveConnection';
import { originOf } from '../../../src/client/secretBinding';
import { newConnectionConfig, type ConnectionConfig } from '../../../src/shared/connection';
import { parseConnectionsFile, serializeConnectionsFile } from '../../../src/formats/connectionsFile';
import { exportJsonl } from '../../../src/formats/jsonl';
import { exportHar } from '../../../src/formats/har';
import { copyAsCode, CODE_TARGETS } from '../../../src/formats/copyAsCode';
import { parseLessonMessage } from '../../../src/shared/protocol/lesson';
import { parseWebviewMessage, type WebviewMessageType } from '../../../src/shared/protocol/timeline';
import type { TimelineEvent } from '../../../src/shared/events';
import { closeAll, onCleanup, recordedSession, withTimeout } from './helpers';

afterEach(closeAll);

const ROOT = join(__dirname, '..', '..', '..');

// ------------------------------------------------------------------ local only

/** Local addresses listening on `port`, from /proc/net/tcp (Linux): the kernel's own view. */
function listeningAddresses(port: number): string[] | undefined {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== '0A') continue; // 0A = LISTEN
      const [hexAddr, hexPort] = f[1].split(':');
      if (parseInt(hexPort, 16) !== port) continue;
      if (hexAddr.length === 8) out.push(hexAddr.match(/../g)!.reverse().map((h) => parseInt(h, 16)).join('.'));
      else out.push(hexAddr === '00000000000000000000000000000000' ? '::' : `v6:${hexAddr}`);
    }
  }
  return out;
}

describe('the mock server is reachable only from this machine by default', () => {
  it('binds 127.0.0.1, not every interface', async () => {
    const server = await startMockServer({ scenario: 'echo' });
    onCleanup(() => server.close());
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const bound = listeningAddresses(server.port);
    if (bound) expect(bound).toEqual(['127.0.0.1']);
    // From another address of this machine, nothing answers on that port.
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      const socket = tcpConnect(server.port, external.address);
      const [err] = (await withTimeout(once(socket, 'error'), 5000, 'the refusal').catch((e) => [e])) as [NodeJS.ErrnoException];
      expect(err.code).toBe('ECONNREFUSED');
      socket.destroy();
    }
  });

  it('the CLI binds 127.0.0.1 unless --host is given', () => {
    expect(parseCliArgs(['mock', '--scenario', 'echo'])).toMatchObject({ command: 'mock', host: '127.0.0.1' });
  });
});

// ------------------------------------------------------------------ webview CSP

/** Every webview bundle the build produces (media/webview/<bundle>/main.ts), so a new one is checked too. */
const BUNDLES = readdirSync(join(ROOT, 'media', 'webview'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'media', 'webview', d.name, 'main.ts')))
  .map((d) => d.name);

function cspOf(html: string): Map<string, string[]> {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(meta, 'a CSP meta tag').not.toBeNull();
  const policy = meta![1].replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

function checkPage(html: string): void {
  const csp = cspOf(html);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  const scriptSrc = csp.get('script-src') ?? [];
  expect(scriptSrc).toHaveLength(1);
  expect(scriptSrc[0]).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/);
  const nonce = scriptSrc[0].slice("'nonce-".length, -1);
  expect(Buffer.from(nonce, 'base64').length).toBeGreaterThanOrEqual(16);
  const all = [...csp.values()].flat();
  expect(all).not.toContain("'unsafe-inline'");
  expect(all).not.toContain("'unsafe-eval'");
  expect(all).not.toContain("'wasm-unsafe-eval'");
  expect(all).not.toContain('*');
  // Every <script> carries this page's nonce and loads a file: no inline code.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toContain(`nonce="${nonce}"`);
    expect(attrs).toMatch(/\bsrc="[^"]+"/);
    expect(body.trim()).toBe('');
  }
  expect(html.match(/<script\b/gi)).toHaveLength(scripts.length);
  // No inline event handlers or javascript: URLs anywhere in the markup.
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
}

class StandInUri {
  constructor(readonly path: string) {}
  with(change: { path: string }): StandInUri {
    return new StandInUri(change.path);
  }
}

describe('webview HTML has a strict CSP, for every bundle', () => {
  it('there are bundles to check (timeline, lesson, ...)', () => {
    expect(BUNDLES).toEqual(expect.arrayContaining(['timeline', 'lesson']));
  });

  const hostile: Partial<WebviewPage> = { title: '</title><script>alert(1)</script>', bodyData: { id: '"><script>alert(2)</script>' } };
  it.each(BUNDLES)('%s: default-src none, scripts by nonce only, no unsafe-inline / unsafe-eval, no inline script', (bundle) => {
    const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
    const pure = buildWebviewHtml({ title: 't', bundle, ...hostile }, { cspSource, nonce: newNonce(), assetUrl: (f) => `${cspSource}/ext/dist/webview/${f}` });
    checkPage(pure);
    // The VS Code wrapper, through a minimal stand-in for vscode.Webview and vscode.Uri.
    const webview = { cspSource, asWebviewUri: (u: StandInUri) => ({ toString: () => `${cspSource}${u.path}` }) };
    const html = renderWebviewHtml(webview as never, new StandInUri('/ext') as never, { title: 't', bundle, ...hostile });
    checkPage(html);
    expect(html).toContain(`src="${cspSource}/ext/dist/webview/${bundle}.js"`);
    // A fresh nonce for every page.
    const again = renderWebviewHtml(webview as never, new StandInUri('/ext') as never, { title: 't', bundle });
    expect(cspOf(again).get('script-src')).not.toEqual(cspOf(html).get('script-src'));
  });
});

// ------------------------------------------------------------------ secrets

/** Latin-1 only (a header value), with characters that every encoding changes. */
const SECRET = 'Bearer sk-live+4f/9Q=a&b?c d"e\\f';
const URL_PASSWORD = 'pa55+w0rd/x=y';

/** Every spelling of `secret` that would still give it away. */
function forms(secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8');
  return [...new Set([
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    encodeURI(secret),
    utf8.toString('base64'),
    utf8.toString('base64').replace(/=+$/, ''),
    utf8.toString('base64url'),
    utf8.toString('hex'),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(1, -1),
  ])];
}

function expectClean(what: string, text: string, secrets: string[]): void {
  const found = secrets.flatMap((s) => forms(s).filter((f) => text.includes(f)).map((f) => JSON.stringify(f)));
  expect(found, `${what} contains a secret as ${found.join(', ')}`).toEqual([]);
}

function secretConfig(url: string): ConnectionConfig {
  const c = newConnectionConfig('conn-1', 'Secret test', url);
  c.headers = [
    { name: 'Authorization', value: '', secret: true },
    { name: 'X-Api-Token', value: SECRET, secret: true },
    { name: 'X-Trace', value: 'trace-1' },
  ];
  return c;
}

function live(config: ConnectionConfig): LiveConnection {
  // What SecretStorage holds: the values, saved for the server the connection points at.
  const origins = [originOf(config.url) ?? ''];
  const c = new LiveConnection(config, {
    retention: 10_000,
    secrets: async () => ({ 'header:authorization': { value: SECRET, origins }, 'header:x-api-token': { value: SECRET, origins } }),
    variables: async () => ({}),
    readFile: async () => {
      throw new Error('no files here');
    },
  });
  onCleanup(() => c.dispose());
  return c;
}

function waitForEvent(c: LiveConnection, pred: (e: TimelineEvent) => boolean, ms = 5000): Promise<TimelineEvent> {
  const seen = c.store.all().find(pred);
  if (seen) return Promise.resolve(seen);
  return withTimeout(new Promise((resolve) => {
    const off = c.onEvent((e) => pred(e) && (off(), resolve(e)));
  }), ms, 'a timeline event');
}

/** Everything that leaves the extension for this connection. */
function outputs(c: LiveConnection, config: ConnectionConfig, logLines: string[]): Array<[string, string]> {
  const events = c.store.all();
  const secrets = [SECRET];
  return [
    ['session events', JSON.stringify(events)],
    ['log lines', logLines.join('\n')],
    ['connections file', serializeConnectionsFile([config, { ...config, id: 'conn-2', headers: config.headers.map((h) => ({ ...h, value: h.secret ? SECRET : h.value })) }])],
    ['JSONL export', exportJsonl(events, { name: config.name, url: config.url, secrets })],
    ['HAR export', exportHar(events, { name: config.name, url: config.url, secrets })],
    ...CODE_TARGETS.map((t): [string, string] => [`copy as ${t}`, copyAsCode(config, t, { secrets: 'placeholder', redact: secrets })]),
    ...CODE_TARGETS.map((t): [string, string] => [`copy as ${t} (secret still in the config)`, copyAsCode({ ...config, headers: config.headers.map((h) => ({ ...h, value: h.secret ? SECRET : h.value })) }, t, { secrets: 'placeholder', redact: secrets })]),
  ];
}

/** What ConnectionsModel writes to the log for each event. */
function logLine(name: string, e: TimelineEvent): string | undefined {
  if (e.kind === 'error') return `${name}: ${e.category}: ${e.message}`;
  if (e.kind === 'open') return `${name}: open${e.protocol ? ` (protocol ${e.protocol})` : ''}`;
  if (e.kind === 'close') return `${name}: closed ${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''}`;
  return undefined;
}

describe('secrets never leave in any output', () => {
  it('a real session against the mock server: events, logs, connections file, JSONL, HAR and copy-as-code are clean', async () => {
    const server = await startMockServer({ scenario: 'echo' });
    onCleanup(() => server.close());
    const config = secretConfig(`ws://alice:${encodeURIComponent(URL_PASSWORD)}@127.0.0.1:${server.port}/feed?x=1`);
    const c = live(config);
    const logs: string[] = [];
    c.onEvent((e) => {
      const line = logLine(config.name, e);
      if (line) logs.push(line);
    });
    expect(await c.connect()).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'open');
    expect(await c.sendComposer('json', '{"hello":"world"}')).toMatchObject({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'message' && e.dir === 'in');
    expect(c.ping('are you there')).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'pong');
    expect(c.close(4000, 'bye')).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'close');

    // The handshake did carry the secret: it is the real thing, only hidden.
    const request = c.store.all().find((e) => e.kind === 'handshake-request');
    expect(request && request.kind === 'handshake-request' && request.headers.find(([n]) => n === 'Authorization')?.[1]).toBe('«secret»');
    for (const [what, text] of outputs(c, config, logs)) {
      // A password typed into the URL is part of the saved URL (see docs/RELIABILITY.md, "Left open").
      expectClean(what, text, what === 'connections file' ? [SECRET] : [SECRET, URL_PASSWORD]);
    }
  });

  it('a server that reflects the secret back (response header, refusal body, messages, ping, close reason): still clean everywhere', async () => {
    const http = createHttpServer();
    let reflect = 'refuse';
    const wss = new WebSocketServer({ noServer: true });
    wss.on('headers', (headers, req) => headers.push(`X-Echo: ${req.headers.authorization}`));
    http.on('upgrade', (req, socket, head) => {
      const token = String(req.headers.authorization);
      if (reflect === 'refuse') {
        const body = `{"error":"bad token ${token}","b64":"${Buffer.from(token).toString('base64')}"}`;
        socket.end(`HTTP/1.1 401 Unauthorized ${token.slice(0, 10)}\r\nWWW-Authenticate: ${token}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(`your token is ${token}`);
        ws.send(Buffer.from(`bin:${token}`));
        ws.send(encodeURIComponent(token));
        ws.ping(Buffer.from(token));
        ws.close(4001, token.slice(0, 120));
      });
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    onCleanup(() => new Promise<void>((r) => {
      for (const ws of wss.clients) ws.terminate();
      http.closeAllConnections();
      http.close(() => r());
    }));
    const port = (http.address() as { port: number }).port;
    const config = secretConfig(`ws://127.0.0.1:${port}/`);
    const c = live(config);
    const logs: string[] = [];
    c.onEvent((e) => {
      const line = logLine(config.name, e);
      if (line) logs.push(line);
    });
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'close');
    reflect = 'accept';
    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'close' && e.code === 4001);
    const kinds = c.store.all().map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['handshake-response', 'error', 'open', 'message', 'ping', 'close']));
    expect(c.store.all().filter((e) => e.kind === 'message')).toHaveLength(3);
    const leaks: string[] = [];
    for (const [what, text] of outputs(c, config, logs)) {
      try {
        expectClean(what, text, [SECRET]);
      } catch (e) {
        leaks.push((e as Error).message.split('\n')[0]);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('the connections file written from a config with secret values keeps only { secret: true } and reads back', () => {
    const config = secretConfig('ws://127.0.0.1:1/');
    config.headers[0].value = SECRET;
    const text = serializeConnectionsFile([config]);
    expectClean('connections file', text, [SECRET]);
    const back = parseConnectionsFile(text);
    expect(back.ok && back.connections[0].headers.slice(0, 2)).toEqual([
      { name: 'Authorization', value: '', secret: true },
      { name: 'X-Api-Token', value: '', secret: true },
    ]);
  });
});

// ------------------------------------------------------------------ TLS

describe('TLS certificates are verified unless the user turns it off', () => {
  it('a new connection, and one read from a file without a tls section, verify certificates', () => {
    expect(newConnectionConfig('a', 'a', 'wss://x/').tls.rejectUnauthorized).toBe(true);
    const parsed = parseConnectionsFile(JSON.stringify({ version: 1, connections: [{ id: 'a', url: 'wss://x/' }] }));
    expect(parsed.ok && parsed.connections[0].tls.rejectUnauthorized).toBe(true);
  });

  it('connecting to a self-signed wss:// mock server with the defaults fails with a TLS error, not silently', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'wslab-tls-'));
    onCleanup(() => rmSync(certDir, { recursive: true, force: true }));
    const server = await startMockServer({ scenario: 'echo', tls: true, certDir });
    onCleanup(() => server.close());
    const config = newConnectionConfig('tls', 'tls', server.url);
    const c = live(config);
    await c.connect();
    const error = await waitForEvent(c, (e) => e.kind === 'error', 10_000);
    expect(error).toMatchObject({ category: 'tls', message: expect.stringMatching(/TLS failed: .*self-signed/) });
    expect(c.store.all().some((e) => e.kind === 'open')).toBe(false);
  }, 30_000);
});

// ------------------------------------------------------------------ scenarios are data

const polluted = () => {
  const probe = {} as Record<string, unknown>;
  return ['polluted', 'polluted2', 'polluted3', 'pwned'].filter((k) => probe[k] !== undefined || k in Object.prototype);
};

describe('scenario files cannot run code', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['a constructor.constructor(...)() template', 'name: x\nrules:\n  - reply: "{{constructor.constructor(\'return process\')()}}"\n', /not a valid path|unknown/],
    ['a template reading message.constructor', 'name: x\nrules:\n  - reply: "{{message.constructor}}"\n', /"constructor" cannot be used in a path/],
    ['a template reading json.__proto__', 'name: x\nrules:\n  - reply: "{{json.__proto__.polluted}}"\n', /"__proto__" cannot be used in a path/],
    ['a template calling a function that does not exist', 'name: x\nrules:\n  - reply: "{{$eval(json.x)}}"\n', /unknown function \$eval/],
    // Regex bombs such as ^(a+)+$ are now harmless (linear-time engine, regex.test.ts); what only a
    // backtracking engine can run is refused.
    ['a regex with a backreference', 'name: x\nrules:\n  - match: { regex: "^(a+)\\\\1$" }\n    reply: hit\n', /regular expression refused: the backreference \\1/],
    ['a regex with a lookahead', 'name: x\nrules:\n  - match: { regex: "^(?=a)(a|a)*$" }\n    reply: hit\n', /regular expression refused: lookahead/],
    ['a lookbehind in a JSON $regex condition', 'name: x\nrules:\n  - match: { json: { user: { $regex: "(?<=\\\\w+\\\\s?)x$" } } }\n    reply: hit\n', /regular expression refused: lookbehind/],
    ['a YAML alias bomb ("billion laughs")', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nname: x\n', /alias|resource/i],
  ];
  it.each(refused)('%s is refused with a message', (_title, text, message) => {
    const started = Date.now();
    const r = parseScenarioText(text, 'bad.wsmock.yaml');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.message).join('\n')).toMatch(message);
      expect(r.errors[0].line).toBeGreaterThanOrEqual(1);
    }
    expect(polluted()).toEqual([]);
  });

  it('a scenario object with a backreference is refused by startMockServer too', async () => {
    const bomb: Scenario = { name: 'bomb', rules: [{ match: { regex: '(x+x+)\\1y' }, reply: 'hit' }] };
    await expect(startMockServer({ scenario: bomb })).rejects.toThrow(/regular expression refused/);
  });

  it('__proto__ keys in a scenario and in client messages stay plain data; a !!js/function tag stays a string', async () => {
    const text = [
      'name: proto',
      'sharedState: { "__proto__": { polluted: yes } }',
      'clientState: { "constructor": { "prototype": { polluted2: yes } } }',
      'rules:',
      '  - match: { text: fn }',
      '    reply: !!js/function "function () { globalThis.pwned = 1; return 1 }"',
      '  - match: { json: { type: merge } }',
      '    do:',
      '      - set: { last: "{{json}}" }',
      '      - reply: { "...": "{{json}}", "__proto__": { polluted3: yes }, ok: true }',
      '  - do: [{ echo: true }]',
    ].join('\n');
    const parsed = parseScenarioText(text, 'proto.wsmock.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.getPrototypeOf(parsed.scenario.sharedState)).toBe(Object.prototype);
    const server = await startMockServer({ scenario: parsed.scenario });
    onCleanup(() => server.close());
    const s = recordedSession({ url: server.url });
    s.session.connect();
    await s.waitFor('open');
    s.session.send({ data: 'fn', opcode: 'text' });
    expect((await s.waitFor('message', (m) => m.dir === 'in')).data).toBe('function () { globalThis.pwned = 1; return 1 }');
    s.session.send({ data: '{"type":"merge","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted2":1}}}', opcode: 'text' });
    const merged = await s.waitFor('message', (m) => m.dir === 'in' && m.data.includes('merge'));
    const reply = JSON.parse(merged.data);
    expect(reply).toMatchObject({ type: 'merge', ok: true });
    expect(Object.prototype.hasOwnProperty.call(reply, '__proto__')).toBe(false);
    expect(polluted()).toEqual([]);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    s.session.send({ data: 'still echoing', opcode: 'text' });
    await s.waitFor('message', (m) => m.dir === 'in' && m.data === 'still echoing');
  });

  it('a client message that would trigger catastrophic backtracking in a naive regex is answered at once (no bomb gets in)', async () => {
    const server = await startMockServer({ scenario: { name: 'safe', rules: [{ match: { regex: '^(a|b)+$' }, reply: 'ab' }, { reply: 'other' }] } });
    onCleanup(() => server.close());
    const s = recordedSession({ url: server.url });
    s.session.connect();
    await s.waitFor('open');
    const started = Date.now();
    s.session.send({ data: `${'a'.repeat(50_000)}!`, opcode: 'text' });
    expect((await s.waitFor('message', (m) => m.dir === 'in')).data).toBe('other');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

// ------------------------------------------------------------------ webview messages cannot name files

describe('a webview message cannot name a file', () => {
  const valid: Record<WebviewMessageType, Record<string, unknown>> = {
    ready: {},
    send: { requestId: 1, format: 'text', body: 'x' },
    sendFile: { requestId: 1 },
    ping: { requestId: 1, payload: '' },
    close: { requestId: 1, code: 1000, reason: '' },
    connect: { requestId: 1 },
    disconnect: { requestId: 1 },
    clear: {},
    resend: { requestId: 1, seq: 3 },
    copyText: { text: 'x' },
    export: { requestId: 1, format: 'har' },
    saveMessage: { requestId: 1, message: { name: 'n', format: 'text', body: 'b' } },
    deleteSavedMessage: { name: 'n' },
    draft: { format: 'json', body: '{"a":1}' },
  };
  const pathy = { path: '/etc/passwd', file: '../../.ssh/id_rsa', uri: 'file:///etc/shadow', target: { $mid: 1, scheme: 'file', path: '/etc/passwd' }, fsPath: 'C:\\Windows\\win.ini' };

  it.each(Object.keys(valid) as WebviewMessageType[])('%s: path-like extra fields are dropped; only the protocol fields reach the host', (type) => {
    const r = parseWebviewMessage({ type, ...valid[type], ...pathy });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message).toEqual({ type, ...valid[type] });
    expect(JSON.stringify(r.message)).not.toMatch(/passwd|ssh|shadow|win\.ini/);
  });

  it('a saved message cannot smuggle fields either', () => {
    const r = parseWebviewMessage({ type: 'saveMessage', requestId: 1, message: { name: 'n', format: 'text', body: 'b', path: '/etc/passwd' } });
    expect(r.ok && r.message).toEqual({ type: 'saveMessage', requestId: 1, message: { name: 'n', format: 'text', body: 'b' } });
  });

  it('sendFile reads only the file the user picked in the dialog; commands that take a file accept only a vscode.Uri, which a webview cannot send', () => {
    const handler = readFileSync(join(ROOT, 'src/panels/timeline/connectionTimeline.ts'), 'utf8');
    const sendFile = handler.slice(handler.indexOf("case 'sendFile'"), handler.indexOf("case 'ping'"));
    expect(sendFile).toContain('showOpenDialog');
    expect(sendFile).toMatch(/readFile\(picked\[0\]\)/);
    expect(sendFile).not.toMatch(/\bm\.(?!type)/);
    const commands = readFileSync(join(ROOT, 'src/panels/connections/connectionCommands.ts'), 'utf8');
    expect(commands).toMatch(/targetArg instanceof vscode\.Uri/);
    expect(commands).toMatch(/uriArg instanceof vscode\.Uri/);
    // Lesson links run only websocketLab.* commands, with short JSON arguments (never a Uri object).
    expect(parseLessonMessage({ type: 'command', command: 'workbench.action.terminal.new', args: [] }).ok).toBe(false);
    expect(parseLessonMessage({ type: 'command', command: 'websocketLab.importHar', args: [{ $mid: 1, path: '/etc/passwd', scheme: 'file' }] })).toMatchObject({ ok: true });
  });
});
