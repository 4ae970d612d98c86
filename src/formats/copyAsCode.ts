// "Copy as code": the same connection as a snippet for another client, so a user can reproduce
// a session outside VS Code. Secret values are never written out: the snippet reads them from an
// environment variable ($AUTHORIZATION, process.env.AUTHORIZATION...). That covers secret headers
// and credential headers (Authorization, Cookie...), query parameters marked secret, and secret or
// auth.<token> subprotocols; other known secrets (a URL password, private env values) are scrubbed
// to «secret».

import type { ConnectionConfig, HeaderEntry, QueryParam } from '../shared/connection';
import { isSensitiveHeaderName, redactSecrets, urlCredentialSecrets } from '../recording/redact';
import { isAuthSubprotocol } from '../client/secretBinding';
import { buildUrl } from '../wire/url';

export type CodeTarget = 'browser-js' | 'node-ws' | 'wscat' | 'websocat' | 'python-websockets';

export const CODE_TARGETS: readonly CodeTarget[] = ['browser-js', 'node-ws', 'wscat', 'websocat', 'python-websockets'];

export interface CopyAsCodeOptions {
  /** How secret values appear; only placeholders exist, so a snippet is always safe to paste. */
  secrets: 'placeholder';
  /** Secret values known to the host (env secrets...) to scrub from URLs and other values. */
  redact?: readonly string[];
}

interface Header {
  name: string;
  /** The literal value, or undefined when it must come from `envVar`. */
  value?: string;
  envVar: string;
}

/** A piece of the URL or one subprotocol: literal text, or a secret read from `env`. */
type Piece = { text: string; env?: undefined } | { text?: undefined; env: string };

/** AUTHORIZATION for "Authorization", X_API_KEY for "X-Api-Key". */
export function envVarName(headerName: string): string {
  const name = headerName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

/** POSIX shell single quoting: the only character needing care inside '...' is ' itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const jsString = (s: string) => JSON.stringify(s);
// Python accepts every escape JSON.stringify produces (\" \\ \n \uXXXX...).
const pyString = jsString;
// A line comment ends at any line terminator, including U+2028/U+2029 in JavaScript.
const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]/g, ' ');

export function copyAsCode(config: ConnectionConfig, target: CodeTarget, options: CopyAsCodeOptions = { secrets: 'placeholder' }): string {
  // A password written into the URL is never copied either.
  const hidden = [...(options.redact ?? []), ...urlCredentialSecrets(config.url)];
  const scrub = (s: string) => redactSecrets(s, hidden);
  // One environment variable per secret; names are made unique (a header and a query parameter may share one).
  const taken = new Set<string>();
  const envFor = (name: string) => {
    let v = name;
    for (let n = 2; taken.has(v); n++) v = `${name}_${n}`;
    taken.add(v);
    return v;
  };
  const headers: Header[] = config.headers
    .filter((h: HeaderEntry) => h.enabled !== false && h.name !== '')
    .map((h) => {
      const secret = h.secret || isSensitiveHeaderName(h.name);
      return { name: h.name, value: secret ? undefined : scrub(h.value), envVar: secret ? envFor(envVarName(h.name)) : envVarName(h.name) };
    });
  const url = urlPieces(config.url, config.query, (q) => envFor(envVarName(q.name))).map((p): Piece => (p.env ? p : { text: scrub(p.text!) }));
  const protocols: Piece[] = config.subprotocols.map((p) => {
    if (typeof p !== 'string') return { env: envFor(`SUBPROTOCOL_${envVarName(p.name)}`) };
    return isAuthSubprotocol(p) ? { env: envFor(`SUBPROTOCOL_${envVarName(p.slice(0, p.indexOf('.')))}`) } : { text: p };
  });
  const secretVars = [...headers.filter((h) => h.value === undefined).map((h) => h.envVar), ...[...url, ...protocols].flatMap((p) => (p.env ? [p.env] : []))];
  const insecure = !config.tls.rejectUnauthorized;
  switch (target) {
    case 'browser-js':
      return browserJs(url, protocols, headers, insecure);
    case 'node-ws':
      return nodeWs(url, protocols, headers, insecure, config.perMessageDeflate, secretVars);
    case 'wscat':
      return shellCommand(['wscat', '-c', shellPieces(url), ...protocols.flatMap((p) => ['-s', shellPieces([p])]), ...headers.flatMap((h) => ['-H', shellHeader(h)]), ...(insecure ? ['--no-check'] : [])], secretVars, url);
    case 'websocat': {
      // websocat takes one --protocol value: the offered list, comma-separated as on the wire.
      const list = protocols.flatMap((p, i): Piece[] => (i ? [{ text: ', ' }, p] : [p]));
      return shellCommand(['websocat', ...(insecure ? ['-k'] : []), ...(protocols.length ? ['--protocol', shellPieces(list)] : []), ...headers.flatMap((h) => ['-H', shellHeader(h)]), shellPieces(url)], secretVars, url);
    }
    case 'python-websockets':
      return pythonWebsockets(url, protocols, headers, insecure, config.perMessageDeflate);
    default:
      return `// unknown target ${JSON.stringify(target)}; choose one of ${CODE_TARGETS.join(', ')}`;
  }
}

/**
 * The URL with its query as literal pieces, and each secret query parameter's value as a
 * variable. The snippets URL-encode the variable's value themselves (except the shell ones).
 */
function urlPieces(base: string, query: QueryParam[], envFor: (q: QueryParam) => string): Piece[] {
  // A {{...}} reference is left as it is by buildUrl, so a marker made of one survives the encoding.
  const envs: string[] = [];
  const marked = query.map((q) => (q.secret && q.enabled !== false ? { ...q, value: `{{\uE000${envs.push(envFor(q)) - 1}}}` } : q));
  return buildUrl(base, marked)
    .split(/\{\{\uE000(\d+)\}\}/)
    .map((part, i): Piece => (i % 2 === 1 ? { env: envs[Number(part)] } : { text: part }))
    .filter((p) => p.env !== undefined || p.text !== '');
}

/** Adjacent literal pieces as one. */
function joined(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (p.env === undefined && last && last.env === undefined) out[out.length - 1] = { text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

/** One shell word: literal text single-quoted, secrets as "$VAR" (expanded, nothing else). */
function shellPieces(pieces: Piece[]): string {
  return pieces.length ? joined(pieces).map((p) => (p.env ? `"$${p.env}"` : shellQuote(p.text!))).join('') : "''";
}

/** A JavaScript / Python expression: string literals and variables joined with +. */
function concat(pieces: Piece[], literal: (s: string) => string, variable: (env: string) => string): string {
  return pieces.length ? joined(pieces).map((p) => (p.env ? variable(p.env) : literal(p.text!))).join(' + ') : literal('');
}

/** 'Name: value', or 'Name: '"$VAR" so the shell expands the variable but nothing else. */
function shellHeader(h: Header): string {
  return h.value !== undefined ? shellQuote(`${h.name}: ${h.value}`) : `${shellQuote(`${h.name}: `)}"$${h.envVar}"`;
}

function shellCommand(words: string[], secrets: string[], url: Piece[]): string {
  const inUrl = url.flatMap((p) => (p.env ? [p.env] : []));
  const encode = inUrl.length ? ` ${inUrl.join(', ')} ${inUrl.length > 1 ? 'go' : 'goes'} into the URL as set: URL-encode ${inUrl.length > 1 ? 'them' : 'it'}.` : '';
  const note = secrets.length ? `# Set ${secrets.join(', ')} first (secret values are not copied).${encode}\n` : '';
  return note + words.join(' ') + '\n';
}

function browserJs(url: Piece[], protocols: Piece[], headers: Header[], insecure: boolean): string {
  const lines: string[] = [];
  if (headers.length) {
    lines.push('// Browsers cannot set headers on the WebSocket handshake, so these are NOT sent:');
    for (const h of headers) lines.push(`//   ${oneLine(h.name)}: ${h.value === undefined ? '<secret>' : oneLine(h.value)}`);
    lines.push('// Pass such values in a query parameter, a cookie or the first message instead.');
  }
  if (insecure) lines.push('// Browsers always verify TLS certificates: open the https:// address once and accept the certificate.');
  // A page has no environment: each secret is a constant to fill in.
  const vars = [...url, ...protocols].flatMap((p) => (p.env ? [p.env] : []));
  for (const v of vars) lines.push(`const ${v} = "<secret>"; // fill in: secret values are not copied`);
  const urlExpr = concat(url, jsString, (env) => `encodeURIComponent(${env})`);
  const list = protocols.some((p) => p.env) ? `[${protocols.map((p) => (p.env ? p.env : jsString(p.text!))).join(',')}]` : JSON.stringify(protocols.map((p) => p.text));
  const args = protocols.length ? `${urlExpr}, ${list}` : urlExpr;
  lines.push(
    `const ws = new WebSocket(${args});`,
    'ws.binaryType = "arraybuffer";',
    'ws.addEventListener("open", () => console.log("open", ws.protocol));',
    'ws.addEventListener("message", (event) => console.log("message", event.data));',
    'ws.addEventListener("close", (event) => console.log("close", event.code, event.reason));',
    'ws.addEventListener("error", () => console.log("error"));',
  );
  return lines.join('\n') + '\n';
}

function nodeWs(url: Piece[], protocols: Piece[], headers: Header[], insecure: boolean, deflate: boolean, secretVars: string[]): string {
  const opts: string[] = [];
  if (headers.length) {
    opts.push('  headers: {');
    for (const h of headers) opts.push(`    ${jsString(h.name)}: ${h.value === undefined ? `process.env.${h.envVar}` : jsString(h.value)},`);
    opts.push('  },');
  }
  if (insecure) opts.push('  rejectUnauthorized: false, // TLS certificate verification is OFF');
  if (!deflate) opts.push('  perMessageDeflate: false,');
  const urlExpr = concat(url, jsString, (env) => `encodeURIComponent(process.env.${env})`);
  const list = protocols.some((p) => p.env) ? `[${protocols.map((p) => (p.env ? `process.env.${p.env}` : jsString(p.text!))).join(', ')}]` : JSON.stringify(protocols.map((p) => p.text));
  const args = [urlExpr, ...(protocols.length ? [list] : []), ...(opts.length ? [`{\n${opts.join('\n')}\n}`] : [])];
  return [
    '// npm install ws',
    ...(secretVars.length ? [`// Set ${secretVars.join(', ')} in the environment (secret values are not copied).`] : []),
    'const WebSocket = require("ws");',
    '',
    `const ws = new WebSocket(${args.join(', ')});`,
    'ws.on("open", () => console.log("open", ws.protocol));',
    'ws.on("message", (data, isBinary) => console.log("message", isBinary ? data : data.toString()));',
    'ws.on("close", (code, reason) => console.log("close", code, reason.toString()));',
    'ws.on("error", (err) => console.error("error", err.message));',
    '',
  ].join('\n');
}

function pythonWebsockets(url: Piece[], protocols: Piece[], headers: Header[], insecure: boolean, deflate: boolean): string {
  // websockets refuses an ssl argument for a ws:// URL, so the context only goes with wss://.
  const tlsOff = insecure && /^wss:/i.test(url[0]?.text ?? '');
  const env = (name: string) => `os.environ[${pyString(name)}]`;
  const args = [concat(url, pyString, (name) => `urllib.parse.quote(${env(name)}, safe="")`)];
  if (protocols.length) args.push(`subprotocols=[${protocols.map((p) => (p.env ? env(p.env) : pyString(p.text!))).join(', ')}]`);
  if (headers.length) {
    const items = headers.map((h) => `            ${pyString(h.name)}: ${h.value === undefined ? env(h.envVar) : pyString(h.value)},`);
    args.push(`additional_headers={\n${items.join('\n')}\n        }`);
  }
  if (tlsOff) args.push('ssl=ssl_context');
  if (!deflate) args.push('compression=None');
  const lines = ['# pip install "websockets>=14"', 'import asyncio'];
  if (headers.some((h) => h.value === undefined) || [...url, ...protocols].some((p) => p.env)) lines.push('import os');
  if (tlsOff) lines.push('import ssl');
  if (url.some((p) => p.env)) lines.push('import urllib.parse');
  lines.push('', 'import websockets', '', '', 'async def main():');
  if (tlsOff) {
    lines.push(
      '    # TLS certificate verification is OFF',
      '    ssl_context = ssl.create_default_context()',
      '    ssl_context.check_hostname = False',
      '    ssl_context.verify_mode = ssl.CERT_NONE',
    );
  }
  lines.push(
    '    async with websockets.connect(',
    ...args.map((a) => `        ${a},`),
    '    ) as websocket:',
    '        async for message in websocket:',
    '            print(message)',
    '',
    '',
    'asyncio.run(main())',
    '',
  );
  return lines.join('\n');
}
