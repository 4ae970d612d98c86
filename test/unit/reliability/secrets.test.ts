// Secrets against an attacker (the security review's findings 4 and 7): a committed connections
// file that sends a stored token to another server, and a server that reflects a token back in
// spellings the redaction did not know. Real LiveConnections against real servers on 127.0.0.1;
// what leaks is judged by an independent reader (leaks() below) that decodes what a person would.
// The VS Code side (the modal, SecretStorage keys, URL display) is test/unit/panels/connectionSecrets.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { LiveConnection } from '../../../src/client/liveConnection';
import { originOf, type SecretAnswer, type SecretConsent, type StoredSecret } from '../../../src/client/secretBinding';
import { newConnectionConfig, type ConnectionConfig } from '../../../src/shared/connection';
import type { TimelineEvent } from '../../../src/shared/events';
import { exportJsonl } from '../../../src/formats/jsonl';
import { exportHar } from '../../../src/formats/har';
import { MIN_EDGE } from '../../../src/recording/redact';
import { closeAll, onCleanup, withTimeout } from './helpers';

afterEach(closeAll);

// ------------------------------------------------------------------ real servers

interface Upgrade {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A WebSocket server on 127.0.0.1 that records every upgrade request and runs `onOpen` on each connection. */
async function server(onOpen: (ws: WebSocket, req: Upgrade) => void = () => undefined) {
  const http = createHttpServer();
  const wss = new WebSocketServer({ noServer: true });
  const upgrades: Upgrade[] = [];
  http.on('upgrade', (req, socket, head) => {
    const seen = { url: req.url ?? '', headers: req.headers };
    upgrades.push(seen);
    wss.handleUpgrade(req, socket, head, (ws) => onOpen(ws, seen));
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  onCleanup(() => new Promise<void>((r) => {
    for (const ws of wss.clients) ws.terminate();
    http.closeAllConnections();
    http.close(() => r());
  }));
  const port = (http.address() as { port: number }).port;
  return { url: `ws://127.0.0.1:${port}/feed`, port, origin: `ws://127.0.0.1:${port}`, upgrades };
}

function waitForEvent(c: LiveConnection, pred: (e: TimelineEvent) => boolean, ms = 5000): Promise<TimelineEvent> {
  const seen = c.store.all().find(pred);
  if (seen) return Promise.resolve(seen);
  return withTimeout(new Promise((resolve) => {
    const off = c.onEvent((e) => pred(e) && (off(), resolve(e)));
  }), ms, 'a timeline event');
}

// ------------------------------------------------------------------ finding 4: a secret stays with its origin

const TOKEN = 'tok-4f9Q-stored-secret-7a1c';

/** A connection with a secret header, query parameter and subprotocol, as the file describes them. */
function fileConfig(url: string): ConnectionConfig {
  const c = newConnectionConfig('conn-1', 'Prod', url);
  c.headers = [{ name: 'Authorization', value: '', secret: true }];
  c.query = [{ name: 'token', value: '', secret: true }];
  c.subprotocols = [{ name: 'auth', secret: true }];
  c.reconnect.enabled = false;
  return c;
}

/** What SecretStorage holds for it: the values, saved for `origins`. */
function stored(origins: string[]): Record<string, StoredSecret> {
  return {
    'header:authorization': { value: `Bearer ${TOKEN}`, origins },
    'query:token': { value: TOKEN, origins },
    'subprotocol:auth': { value: `auth.${TOKEN}`, origins },
  };
}

/** A LiveConnection whose user answers each question with the next of `answers` (no answer: Cancel). */
function connection(config: ConnectionConfig, secrets: Record<string, StoredSecret>, answers: SecretAnswer[] | 'no way to ask') {
  const asked: SecretConsent[] = [];
  const allowed: Array<[string[], string]> = [];
  const c = new LiveConnection(config, {
    retention: 1000,
    secrets: async () => secrets,
    ...(answers === 'no way to ask' ? {} : {
      confirmSecrets: async (q: SecretConsent) => {
        asked.push(q);
        return answers.shift();
      },
    }),
    allowSecrets: async (slots, origin) => void allowed.push([slots, origin]),
    variables: async () => ({}),
    readFile: async () => {
      throw new Error('no files here');
    },
  });
  onCleanup(() => c.dispose());
  return { c, asked, allowed };
}

const carriesToken = (u: Upgrade) => JSON.stringify(u).includes(TOKEN);

describe('a stored secret goes only to the server it was saved for', () => {
  it('the file now points the connection at another server: nothing is sent without consent, and the user is told why', async () => {
    const saved = await server();
    const other = await server();
    const { c, asked } = connection(fileConfig(other.url), stored([saved.origin]), []);
    const r = await c.connect();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^Not connected: the secret header Authorization, query parameter token, subprotocol auth was not sent to ws:\/\/127\.0\.0\.1:\d+/);
    expect(other.upgrades, 'the other server saw no handshake at all').toEqual([]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ connection: 'Prod', origin: other.origin });
    expect(asked[0].secrets.map((s) => [s.slot, s.reason, s.origins])).toEqual([
      ['header:authorization', 'other-origin', [saved.origin]],
      ['query:token', 'other-origin', [saved.origin]],
      ['subprotocol:auth', 'other-origin', [saved.origin]],
    ]);
    expect(c.store.all().find((e) => e.kind === 'error')).toMatchObject({ message: expect.stringContaining('was not sent to') });

    // Pointed back where it was saved for, it connects without a question and sends all three.
    c.config = fileConfig(saved.url);
    expect(await c.connect()).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'open');
    expect(asked).toHaveLength(1);
    expect(saved.upgrades[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(saved.upgrades[0].url).toBe(`/feed?token=${TOKEN}`);
    expect(saved.upgrades[0].headers['sec-websocket-protocol']).toBe(`auth.${TOKEN}`);
  });

  it('wss:// changed to ws:// on the same host and port: asked as a downgrade, nothing sent', async () => {
    const plain = await server();
    const { c, asked } = connection(fileConfig(plain.url), stored([`wss://127.0.0.1:${plain.port}`]), [undefined]);
    expect((await c.connect()).ok).toBe(false);
    expect(plain.upgrades).toEqual([]);
    expect(asked[0].secrets.map((s) => s.reason)).toEqual(['downgrade', 'downgrade', 'downgrade']);
  });

  it('"Send Once" sends it this time and asks again next time; "Always" remembers the new origin', async () => {
    const saved = await server();
    const other = await server();
    const { c, asked, allowed } = connection(fileConfig(other.url), stored([saved.origin]), ['once', 'always']);
    expect(await c.connect()).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'open');
    expect(other.upgrades[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(allowed).toEqual([]);
    c.disconnect();
    await waitForEvent(c, (e) => e.kind === 'close');
    expect(await c.connect()).toEqual({ ok: true });
    expect(asked).toHaveLength(2);
    expect(allowed).toEqual([[['header:authorization', 'query:token', 'subprotocol:auth'], other.origin]]);
  });

  it('a secret saved by an earlier version (no origin known) is sent only after the user says yes', async () => {
    const target = await server();
    const { c, asked } = connection(fileConfig(target.url), stored([]), [undefined]);
    expect((await c.connect()).ok).toBe(false);
    expect(asked[0].secrets.map((s) => s.reason)).toEqual(['unbound', 'unbound', 'unbound']);
    expect(target.upgrades).toEqual([]);
  });

  it('where nobody can be asked, a secret never goes to another origin', async () => {
    const saved = await server();
    const other = await server();
    const { c } = connection(fileConfig(other.url), stored([saved.origin]), 'no way to ask');
    expect((await c.connect()).ok).toBe(false);
    expect(other.upgrades.filter(carriesToken)).toEqual([]);
  });

  it('a connection without secrets connects anywhere without a question', async () => {
    const target = await server();
    const config = newConnectionConfig('plain', 'Plain', target.url);
    const { c, asked } = connection(config, {}, []);
    expect(await c.connect()).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'open');
    expect(asked).toEqual([]);
    expect(originOf(target.url)).toBe(target.origin);
  });
});

// ------------------------------------------------------------------ finding 7: re-encodings reflected by a server

/**
 * Long (a JWT-like token) so a close reason cut at 123 bytes holds only part of it, and with
 * characters every encoding changes: + / = & ? space " \ .
 */
const SECRET = `Bearer sk-live+4f/9Q=a&b?c d"e\\f.${'eyJzdWIiOiJhbGljZSIsInNjb3BlIjoiYWRtaW4ifQ'.repeat(2)}.Xy8_-Qk`;
const WINDOW = 12;

/** Every run of WINDOW characters of `s`. */
const windows = (s: string) => Array.from({ length: s.length - WINDOW + 1 }, (_, i) => s.slice(i, i + WINDOW));

const jsonUnescape = (s: string) => s
  .replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
  .replace(/\\(["\\/bfnrt])/g, (_, c) => ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c);
const percentDecode = (s: string) => s.replace(/(%[0-9a-fA-F]{2})+/g, (m) => Buffer.from(m.replace(/%/g, ''), 'hex').toString('utf8'));

/**
 * What of `secret` a person could read in `text`: any WINDOW characters of it, after undoing JSON
 * escapes and percent-encoding (up to three times, in any order) and "+" for space, in hex of any
 * case, or in base64 / base64url decoded from any offset of any base64-looking run.
 */
function leaks(text: string, secret: string): string[] {
  const plain = windows(secret);
  const spelled = [...new Set([...plain, ...windows(JSON.stringify(secret).slice(1, -1))])];
  let variants = new Set([text]);
  for (let round = 0; round < 3; round++) {
    variants = new Set([...variants].flatMap((v) => [v, jsonUnescape(v), percentDecode(v), v.replace(/\+/g, ' ')]));
  }
  const found: string[] = [];
  for (const v of variants) {
    const w = plain.find((x) => v.includes(x));
    if (w) found.push(`as text: ${JSON.stringify(w)}`);
    const hexes = plain.map((x) => Buffer.from(x).toString('hex'));
    const h = hexes.find((x) => v.toLowerCase().includes(x));
    if (h) found.push(`as hex: ${h}`);
    for (const run of v.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
      for (let offset = 0; offset < 4; offset++) {
        const decoded = Buffer.from(run.slice(offset), 'base64').toString('latin1');
        const b = spelled.find((x) => decoded.includes(Buffer.from(x).toString('latin1')));
        if (b) found.push(`as base64 (offset ${offset}) of ${JSON.stringify(b)}`);
      }
    }
  }
  return [...new Set(found)];
}

/** What the server sends back, made from the token the client presented. */
const reflections: Array<[string, (token: string) => string | Buffer]> = [
  ['JSON with \\/ escapes', (t) => `{"echo":${JSON.stringify(t).replace(/\//g, '\\/')}}`],
  ['JSON with every character a \\uXXXX escape (upper-case hex)', (t) => `{"u":"${[...t].map((ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join('')}"}`],
  ['lower-case percent-encoding', (t) => `q=${encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
  ['upper-case hex', (t) => `hex:${Buffer.from(t).toString('hex').toUpperCase()}`],
  ['base64 one byte in', (t) => `b64:${Buffer.from(`x${t}`).toString('base64')}`],
  ['base64url two bytes in', (t) => `b64url:${Buffer.from(`xy${t}`).toString('base64url')}`],
  ['base64 of a JSON document that wraps it', (t) => Buffer.from(JSON.stringify({ user: 'alice', token: t })).toString('base64')],
  ['a binary frame with JSON text inside', (t) => Buffer.from(JSON.stringify({ token: t }))],
  ['a binary frame with base64 text inside', (t) => Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`data=${Buffer.from(`zz${t}`).toString('base64')}`)])],
  ['a binary frame with percent-encoded text inside', (t) => Buffer.from(`token=${encodeURIComponent(t)}`)],
  ['the first part of a secret split over two messages', (t) => `first part: ${t.slice(0, 60)}`],
  ['the second part', (t) => `${t.slice(60)} (second part)`],
];

describe('a server that reflects the secret re-encoded: hidden in every spelling a person could read', () => {
  async function reflected() {
    const srv = await server((ws, req) => {
      const token = String(req.headers.authorization);
      for (const [, make] of reflections) ws.send(make(token));
      // A close reason is at most 123 bytes: the secret is cut.
      ws.close(4001, `bad token ${token}`.slice(0, 123));
    });
    const config = newConnectionConfig('conn-r', 'Reflect', srv.url);
    config.headers = [{ name: 'Authorization', value: '', secret: true }];
    config.reconnect.enabled = false;
    const { c } = connection(config, { 'header:authorization': { value: SECRET, origins: [srv.origin] } }, []);
    expect(await c.connect()).toEqual({ ok: true });
    await waitForEvent(c, (e) => e.kind === 'close');
    const messages = c.store.all().filter((e) => e.kind === 'message' && e.dir === 'in');
    expect(messages).toHaveLength(reflections.length);
    return { c, config, messages };
  }

  /** A message as a person reads it: the text, or a binary payload's bytes as text. */
  const shown = (e: TimelineEvent) => (e.kind === 'message' && e.encoding === 'base64' ? Buffer.from(e.data, 'base64').toString('utf8') : e.kind === 'message' ? e.data : '');

  it.each(reflections.map(([name], i) => [name, i] as const))('%s', async (_name, i) => {
    const { messages } = await reflected();
    expect(leaks(shown(messages[i]), SECRET)).toEqual([]);
    expect(shown(messages[i])).toContain('«secret»');
  });

  it('a close reason cut at 123 bytes', async () => {
    const { c } = await reflected();
    const close = c.store.all().find((e) => e.kind === 'close');
    expect(close?.kind === 'close' && close.reason).toBe('bad token «secret»');
  });

  it('the JSONL and HAR exports of all of it', async () => {
    const { c, config } = await reflected();
    const events = c.store.all();
    for (const [what, text] of [
      ['JSONL', exportJsonl(events, { name: config.name, url: config.url, secrets: [SECRET] })],
      ['HAR', exportHar(events, { name: config.name, url: config.url, secrets: [SECRET] })],
      ['the events', JSON.stringify(events)],
    ]) {
      expect(leaks(text, SECRET), what).toEqual([]);
    }
  });

  it(`a message that ends with fewer than ${MIN_EDGE} characters of a secret keeps them (what cannot be told from chance)`, async () => {
    const srv = await server((ws) => ws.send(`ends with ${SECRET.slice(0, MIN_EDGE - 1)}`));
    const config = newConnectionConfig('conn-s', 'Short', srv.url);
    config.headers = [{ name: 'Authorization', value: '', secret: true }];
    const { c } = connection(config, { 'header:authorization': { value: SECRET, origins: [srv.origin] } }, []);
    await c.connect();
    const m = await waitForEvent(c, (e) => e.kind === 'message' && e.dir === 'in');
    expect(m.kind === 'message' && m.data).toBe(`ends with ${SECRET.slice(0, MIN_EDGE - 1)}`);
  });
});
