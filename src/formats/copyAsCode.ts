// "Copy as code": the same connection as a snippet for another client, so a user can reproduce
// a session outside VS Code: it connects, sends the composer's message, logs each reply, and closes
// cleanly once the server has been quiet for QUIET_SECONDS, logging the close code and reason.
// Secret values are never written out: the snippet reads them from an environment variable
// ($AUTHORIZATION, process.env.AUTHORIZATION...). That covers secret headers and credential
// headers (Authorization, Cookie...), query parameters marked secret, and secret or auth.<token>
// subprotocols; other known secrets (a URL password, private env values) are scrubbed to «secret».
// {{variables}} in the message are sent as written: WebSocket Lab fills them in only on its own Send.

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
  /** The message to send once open (the composer's, encoded as Send would); none: only listen. */
  message?: CodeMessage;
}

/** One WebSocket message: a text frame's string or a binary frame's bytes. */
export type CodeMessage = { opcode: 'text'; data: string } | { opcode: 'binary'; data: Uint8Array };

/** The snippets close after this long without a message; long enough for a reply, short for a demo. */
const QUIET_SECONDS = 2;

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
// In a browser the snippet may be pasted into a <script> element, which "</script>" would end.
const htmlSafeJsString = (s: string) => jsString(s).replace(/</g, '\\u003c');
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
  // The message is data, not a secret reference: a known secret value typed into it is scrubbed too.
  const message = options.message?.opcode === 'text' ? { opcode: 'text' as const, data: scrub(options.message.data) } : options.message;
  switch (target) {
    case 'browser-js':
      return browserJs(url, protocols, headers, insecure, message);
    case 'node-ws':
      return nodeWs(url, protocols, headers, insecure, config.perMessageDeflate, secretVars, message);
    case 'wscat': {
      // wscat sends each -x text once open, prints the replies and closes after -w seconds.
      const send = message?.opcode === 'text' ? ['-x', shellQuote(message.data), '-w', String(QUIET_SECONDS)] : [];
      const note = message?.opcode === 'binary' ? '# wscat sends only text: for this binary message use websocat, Node or Python.\n' : '';
      return note + shellCommand(['wscat', '-c', shellPieces(url), ...protocols.flatMap((p) => ['-s', shellPieces([p])]), ...headers.flatMap((h) => ['-H', shellHeader(h)]), ...(insecure ? ['--no-check'] : []), ...send], secretVars, url);
    }
    case 'websocat': {
      // websocat takes one --protocol value: the offered list, comma-separated as on the wire.
      const list = protocols.flatMap((p, i): Piece[] => (i ? [{ text: ', ' }, p] : [p]));
      return websocatCommand(['websocat', ...(insecure ? ['-k'] : []), ...(protocols.length ? ['--protocol', shellPieces(list)] : []), ...headers.flatMap((h) => ['-H', shellHeader(h)])], url, secretVars, message);
    }
    case 'python-websockets':
      return pythonWebsockets(url, protocols, headers, insecure, config.perMessageDeflate, message);
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

/** base64 of bytes, for embedding a binary message in code (btoa exists in Node 16+ and browsers). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A comment line saying that {{variables}} go out as written, when the message has any. */
function variablesNote(message: CodeMessage | undefined, comment: string): string[] {
  return message?.opcode === 'text' && message.data.includes('{{') ? [`${comment} {{...}} is sent as written: WebSocket Lab fills variables in only on its own Send.`] : [];
}

function websocatCommand(words: string[], url: Piece[], secrets: string[], message: CodeMessage | undefined): string {
  if (!message) return shellCommand([...words, shellPieces(url)], secrets, url);
  // -n1: send one message, print one reply, then exit. --no-line sends stdin as one message, newlines
  // and all (without it each line is a message); -b sends the bytes as a binary message.
  const input = message.opcode === 'text' ? `printf '%s' ${shellQuote(message.data)}` : `printf '%s' ${shellQuote(toBase64(message.data))} | base64 -d`;
  const mode = message.opcode === 'text' ? ['-n1', '--no-line'] : ['-n1', '-b'];
  return shellCommand([`${input} |`, ...words, ...mode, shellPieces(url)], secrets, url);
}

function browserJs(url: Piece[], protocols: Piece[], headers: Header[], insecure: boolean, message: CodeMessage | undefined): string {
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
  const urlExpr = concat(url, htmlSafeJsString, (env) => `encodeURIComponent(${env})`);
  const list = protocols.some((p) => p.env) ? `[${protocols.map((p) => (p.env ? p.env : htmlSafeJsString(p.text!))).join(',')}]` : JSON.stringify(protocols.map((p) => p.text)).replace(/</g, '\\u003c');
  const args = protocols.length ? `${urlExpr}, ${list}` : urlExpr;
  lines.push(...variablesNote(message, '//'));
  if (message) {
    lines.push(message.opcode === 'text'
      ? `const message = ${htmlSafeJsString(message.data)};`
      : `const message = Uint8Array.from(atob(${jsString(toBase64(message.data))}), (c) => c.charCodeAt(0)); // binary, ${message.data.length} bytes`);
  }
  lines.push(
    `const ws = new WebSocket(${args});`,
    'ws.binaryType = "arraybuffer";',
    `// Closes cleanly once the server has been quiet for ${QUIET_SECONDS} s; remove closeWhenQuiet() calls to keep listening.`,
    'let quiet;',
    `const closeWhenQuiet = () => { clearTimeout(quiet); quiet = setTimeout(() => ws.close(1000, "done"), ${QUIET_SECONDS * 1000}); };`,
    'ws.addEventListener("open", () => {',
    '  console.log("open", ws.protocol);',
    ...(message ? ['  ws.send(message);'] : []),
    '  closeWhenQuiet();',
    '});',
    'ws.addEventListener("message", (event) => {',
    '  console.log("message", typeof event.data === "string" ? event.data : new Uint8Array(event.data));',
    '  closeWhenQuiet();',
    '});',
    '// An error event carries no details on purpose; the close event that always follows has the code.',
    'ws.addEventListener("error", () => console.log("error"));',
    'ws.addEventListener("close", (event) => {',
    '  clearTimeout(quiet);',
    '  console.log("close", event.code, event.reason, event.wasClean ? "clean" : "not clean");',
    '});',
  );
  return lines.join('\n') + '\n';
}

function nodeWs(url: Piece[], protocols: Piece[], headers: Header[], insecure: boolean, deflate: boolean, secretVars: string[], message: CodeMessage | undefined): string {
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
    ...variablesNote(message, '//'),
    ...(message ? [message.opcode === 'text' ? `const message = ${jsString(message.data)};` : `const message = Buffer.from(${jsString(toBase64(message.data))}, "base64"); // binary, ${message.data.length} bytes`] : []),
    `const ws = new WebSocket(${args.join(', ')});`,
    `// Closes cleanly once the server has been quiet for ${QUIET_SECONDS} s; remove closeWhenQuiet() calls to keep listening.`,
    'let quiet;',
    `const closeWhenQuiet = () => { clearTimeout(quiet); quiet = setTimeout(() => ws.close(1000, "done"), ${QUIET_SECONDS * 1000}); };`,
    'ws.on("open", () => {',
    '  console.log("open", ws.protocol);',
    ...(message ? ['  ws.send(message);'] : []),
    '  closeWhenQuiet();',
    '});',
    'ws.on("message", (data, isBinary) => {',
    '  console.log("message", isBinary ? data : data.toString());',
    '  closeWhenQuiet();',
    '});',
    'ws.on("error", (err) => console.error("error", err.message));',
    'ws.on("close", (code, reason) => {',
    '  clearTimeout(quiet);',
    '  console.log("close", code, reason.toString());',
    '});',
    '',
  ].join('\n');
}

function pythonWebsockets(url: Piece[], protocols: Piece[], headers: Header[], insecure: boolean, deflate: boolean, message: CodeMessage | undefined): string {
  // websockets refuses an ssl argument for a ws:// URL, so the context only goes with wss://.
  const tlsOff = insecure && /^wss:/i.test(url[0]?.text ?? '');
  const env = (name: string) => `os.environ[${pyString(name)}]`;
  const args = [concat(url, pyString, (name) => `urllib.parse.quote(${env(name)}, safe="")`)];
  if (protocols.length) args.push(`subprotocols=[${protocols.map((p) => (p.env ? env(p.env) : pyString(p.text!))).join(', ')}]`);
  if (tlsOff) args.push('ssl=ssl_context');
  if (!deflate) args.push('compression=None');
  if (headers.length) {
    const items = headers.map((h) => `            ${pyString(h.name)}: ${h.value === undefined ? env(h.envVar) : pyString(h.value)},`);
    args.push(`**{HEADERS_ARG: {\n${items.join('\n')}\n        }}`);
  }
  // Debian 12 ships websockets 10.4 and pip installs 14 or later, whose connect() is a new
  // implementation: the snippet keeps to what both have (recv, close_code, close_reason...).
  const lines = ['# pip install websockets (any version from 10.4, the one Debian 12 ships, to today\'s)', 'import asyncio'];
  if (message?.opcode === 'binary') lines.push('import base64');
  if (headers.some((h) => h.value === undefined) || [...url, ...protocols].some((p) => p.env)) lines.push('import os');
  if (tlsOff) lines.push('import ssl');
  if (url.some((p) => p.env)) lines.push('import urllib.parse');
  lines.push('', 'import websockets', 'from websockets.exceptions import ConnectionClosed, WebSocketException', '');
  if (headers.length) {
    lines.push(
      "# websockets 14 renamed connect()'s extra_headers to additional_headers; use the installed version's name.",
      'HEADERS_ARG = "additional_headers" if int(websockets.__version__.split(".")[0]) >= 14 else "extra_headers"',
    );
  }
  lines.push(`QUIET_SECONDS = ${QUIET_SECONDS}  # close cleanly once the server has been quiet this long`);
  lines.push(...variablesNote(message, '#'));
  if (message) lines.push(message.opcode === 'text' ? `MESSAGE = ${pyString(message.data)}` : `MESSAGE = base64.b64decode(${pyString(toBase64(message.data))})  # binary, ${message.data.length} bytes`);
  lines.push('', '', 'async def main():');
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
    '        print("open", websocket.subprotocol)',
    ...(message ? ['        await websocket.send(MESSAGE)'] : []),
    '        while True:',
    '            try:',
    '                message = await asyncio.wait_for(websocket.recv(), QUIET_SECONDS)',
    '            except (asyncio.TimeoutError, ConnectionClosed):',
    '                break',
    '            print("message", message)',
    '    # Leaving the "async with" closed the connection (code 1000) unless the server closed it first.',
    '    print("close", websocket.close_code, websocket.close_reason)',
    '',
    '',
    'try:',
    '    asyncio.run(main())',
    'except (OSError, asyncio.TimeoutError, WebSocketException) as error:',
    '    print("error", repr(error))',
    '',
  );
  return lines.join('\n');
}
