// "Copy as code": the same connection as a snippet for another client, so a user can reproduce
// a session outside VS Code. Secret header values are never written out: the snippet reads
// them from an environment variable ($AUTHORIZATION, process.env.AUTHORIZATION...).

import type { ConnectionConfig, HeaderEntry } from '../shared/connection';
import { isSensitiveHeaderName, redactSecrets, urlCredentialSecrets } from '../recording/redact';
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
  const url = scrub(buildUrl(config.url, config.query));
  const headers: Header[] = config.headers
    .filter((h: HeaderEntry) => h.enabled !== false && h.name !== '')
    .map((h) => ({
      name: h.name,
      value: h.secret || isSensitiveHeaderName(h.name) ? undefined : scrub(h.value),
      envVar: envVarName(h.name),
    }));
  const insecure = !config.tls.rejectUnauthorized;
  const protocols = config.subprotocols;
  switch (target) {
    case 'browser-js':
      return browserJs(url, protocols, headers, insecure);
    case 'node-ws':
      return nodeWs(url, protocols, headers, insecure, config.perMessageDeflate);
    case 'wscat':
      return shellCommand(['wscat', '-c', shellQuote(url), ...protocols.flatMap((p) => ['-s', shellQuote(p)]), ...headers.flatMap((h) => ['-H', shellHeader(h)]), ...(insecure ? ['--no-check'] : [])], headers);
    case 'websocat':
      // websocat takes one --protocol value: the offered list, comma-separated as on the wire.
      return shellCommand(['websocat', ...(insecure ? ['-k'] : []), ...(protocols.length ? ['--protocol', shellQuote(protocols.join(', '))] : []), ...headers.flatMap((h) => ['-H', shellHeader(h)]), shellQuote(url)], headers);
    case 'python-websockets':
      return pythonWebsockets(url, protocols, headers, insecure, config.perMessageDeflate);
    default:
      return `// unknown target ${JSON.stringify(target)}; choose one of ${CODE_TARGETS.join(', ')}`;
  }
}

/** 'Name: value', or 'Name: '"$VAR" so the shell expands the variable but nothing else. */
function shellHeader(h: Header): string {
  return h.value !== undefined ? shellQuote(`${h.name}: ${h.value}`) : `${shellQuote(`${h.name}: `)}"$${h.envVar}"`;
}

function shellCommand(words: string[], headers: Header[]): string {
  const secrets = headers.filter((h) => h.value === undefined).map((h) => h.envVar);
  const note = secrets.length ? `# Set ${secrets.join(', ')} first (secret values are not copied).\n` : '';
  return note + words.join(' ') + '\n';
}

function browserJs(url: string, protocols: string[], headers: Header[], insecure: boolean): string {
  const lines: string[] = [];
  if (headers.length) {
    lines.push('// Browsers cannot set headers on the WebSocket handshake, so these are NOT sent:');
    for (const h of headers) lines.push(`//   ${oneLine(h.name)}: ${h.value === undefined ? '<secret>' : oneLine(h.value)}`);
    lines.push('// Pass such values in a query parameter, a cookie or the first message instead.');
  }
  if (insecure) lines.push('// Browsers always verify TLS certificates: open the https:// address once and accept the certificate.');
  const args = protocols.length ? `${jsString(url)}, ${JSON.stringify(protocols)}` : jsString(url);
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

function nodeWs(url: string, protocols: string[], headers: Header[], insecure: boolean, deflate: boolean): string {
  const opts: string[] = [];
  if (headers.length) {
    opts.push('  headers: {');
    for (const h of headers) opts.push(`    ${jsString(h.name)}: ${h.value === undefined ? `process.env.${h.envVar}` : jsString(h.value)},`);
    opts.push('  },');
  }
  if (insecure) opts.push('  rejectUnauthorized: false, // TLS certificate verification is OFF');
  if (!deflate) opts.push('  perMessageDeflate: false,');
  const args = [jsString(url), ...(protocols.length ? [JSON.stringify(protocols)] : []), ...(opts.length ? [`{\n${opts.join('\n')}\n}`] : [])];
  const secretVars = headers.filter((h) => h.value === undefined).map((h) => h.envVar);
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

function pythonWebsockets(url: string, protocols: string[], headers: Header[], insecure: boolean, deflate: boolean): string {
  // websockets refuses an ssl argument for a ws:// URL, so the context only goes with wss://.
  const tlsOff = insecure && /^wss:/i.test(url);
  const args = [pyString(url)];
  if (protocols.length) args.push(`subprotocols=[${protocols.map(pyString).join(', ')}]`);
  if (headers.length) {
    const items = headers.map((h) => `            ${pyString(h.name)}: ${h.value === undefined ? `os.environ[${pyString(h.envVar)}]` : pyString(h.value)},`);
    args.push(`additional_headers={\n${items.join('\n')}\n        }`);
  }
  if (tlsOff) args.push('ssl=ssl_context');
  if (!deflate) args.push('compression=None');
  const lines = ['# pip install "websockets>=14"', 'import asyncio'];
  if (headers.some((h) => h.value === undefined)) lines.push('import os');
  if (tlsOff) lines.push('import ssl');
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
