// HAR 1.2 export/import in the shape Chrome DevTools uses for WebSockets: one entry per
// connection with `_resourceType: "websocket"` and the frames in `_webSocketMessages`
// ({ type: "send" | "receive", time: epoch seconds, opcode: 1 | 2, data: text or base64 }).
// So a timeline opens in DevTools-compatible tools, and a DevTools capture opens here.

import type { DecodedMessage, HandshakeRequestEvent, HandshakeResponseEvent, MessageEvent, TimelineEvent } from '../shared/events';
import { base64ToBytes } from '../codecs/binaryText';
import { parseJson } from '../codecs/json';
import { utf8ByteLength } from '../codecs/utf8';
import { eventRedactor, redactSecrets, urlCredentialSecrets } from '../recording/redact';
import type { Result } from '../shared/result';

export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  /** Seconds since the epoch, with a fraction. */
  time: number;
  /** 1 = text, 2 = binary (base64 data). */
  opcode: number;
  data: string;
  /** WebSocket Lab's own field (HAR allows `_` fields): what a codec or protocol adapter read in it. */
  _decoded?: DecodedMessage;
}

type HarHeader = { name: string; value: string };

/** One WebSocket connection found in a HAR, its events numbered from 1. */
export interface HarConversation {
  url: string;
  events: TimelineEvent[];
}

export type HarImportResult = Result<{ conversations: HarConversation[] }>;

const toHar = (headers: Array<[string, string]>): HarHeader[] => headers.map(([name, value]) => ({ name, value }));

function queryString(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/**
 * One HAR entry per connection attempt (each handshake request starts one); messages belong to
 * the entry before them. Secrets are redacted from headers, URLs and payloads.
 */
export function exportHar(
  events: readonly TimelineEvent[],
  options: { name: string; url: string; secrets: readonly string[]; creatorVersion?: string },
): string {
  type Conn = { req?: HandshakeRequestEvent; res?: HandshakeResponseEvent; messages: MessageEvent[] };
  // A password written into the URL is as secret as a secret header.
  const secrets = [...options.secrets, ...urlCredentialSecrets(options.url)];
  const conns: Conn[] = [];
  const redactOne = eventRedactor(secrets);
  for (const raw of events) {
    const e = redactOne(raw);
    if (e.kind === 'handshake-request') conns.push({ req: e, messages: [] });
    else if (e.kind === 'handshake-response' && conns.length && !conns[conns.length - 1].res) conns[conns.length - 1].res = e;
    else if (e.kind === 'message') {
      if (!conns.length) conns.push({ messages: [] });
      conns[conns.length - 1].messages.push(e);
    }
  }
  const metaUrl = redactSecrets(options.url, secrets);
  const entries = conns.map(({ req, res, messages }) => {
    const started = req?.time ?? messages[0]?.time ?? 0;
    const url = req?.url ?? metaUrl;
    const wait = res ? Math.max(0, res.time - started) : 0;
    return {
      startedDateTime: new Date(started).toISOString(),
      time: wait,
      request: {
        method: req?.method ?? 'GET',
        url,
        httpVersion: 'HTTP/1.1',
        headers: toHar(req?.headers ?? []),
        queryString: queryString(url),
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        // HAR uses status 0 when no response arrived.
        status: res?.status ?? 0,
        statusText: res?.statusText ?? '',
        httpVersion: 'HTTP/1.1',
        headers: toHar(res?.headers ?? []),
        cookies: [],
        content: { size: 0, mimeType: 'x-unknown' },
        redirectURL: '',
        headersSize: -1,
        bodySize: 0,
        _transferSize: 0,
      },
      cache: {},
      timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait, receive: 0 },
      _resourceType: 'websocket',
      _webSocketMessages: messages.map(
        (m): HarWebSocketMessage => ({
          type: m.dir === 'out' ? 'send' : 'receive',
          time: m.time / 1000,
          opcode: m.opcode === 'text' ? 1 : 2,
          data: m.data,
          ...(m.decoded ? { _decoded: m.decoded } : {}),
        }),
      ),
    };
  });
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'WebSocket Lab', version: options.creatorVersion ?? '0.1.0' },
      pages: [],
      entries,
      comment: redactSecrets(options.name, secrets),
    },
  };
  return JSON.stringify(har, null, 2) + '\n';
}

class HarError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function need<T>(value: unknown, path: string, what: string, test: (v: unknown) => boolean): T {
  if (!test(value)) throw new HarError(`${path} must be ${what}, got ${value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60)}`);
  return value as T;
}

function headersAt(value: unknown, path: string): Array<[string, string]> {
  if (value === undefined) return [];
  const list = need<unknown[]>(value, path, 'a list of headers', Array.isArray);
  return list.map((h, i) => {
    const o = need<Record<string, unknown>>(h, `${path}[${i}]`, 'a {name, value} object', isObj);
    return [need<string>(o.name, `${path}[${i}].name`, 'a string', (v) => typeof v === 'string'), need<string>(o.value, `${path}[${i}].value`, 'a string', (v) => typeof v === 'string')];
  });
}

/** Our own `_decoded` field, when a HAR we exported carries a well-formed one; other tools' files never do. */
function decodedAt(value: unknown): DecodedMessage | undefined {
  if (!isObj(value) || typeof value.protocol !== 'string' || typeof value.type !== 'string' || typeof value.summary !== 'string') return undefined;
  const fields = isObj(value.fields) ? { fields: JSON.parse(JSON.stringify(value.fields)) as DecodedMessage['fields'] } : {};
  return { protocol: value.protocol, type: value.type, summary: value.summary, ...fields };
}

/**
 * Reads the WebSocket connections of a HAR (as DevTools saves them) into timeline events: for
 * each, a handshake request/response pair, then its text and binary messages. Control frames
 * (other opcodes) are skipped.
 */
export function importHar(text: string): HarImportResult {
  const parsed = parseJson(text, 'HAR JSON');
  if (!parsed.ok) return parsed;
  try {
    const root = need<Record<string, unknown>>(parsed.value, 'the HAR file', 'an object with a "log"', isObj);
    const log = need<Record<string, unknown>>(root.log, 'log', 'an object', isObj);
    const entries = need<unknown[]>(log.entries, 'log.entries', 'a list', Array.isArray);
    const conversations: HarConversation[] = [];
    entries.forEach((raw, k) => {
      const at = `log.entries[${k}]`;
      const entry = need<Record<string, unknown>>(raw, at, 'an object', isObj);
      if (entry._webSocketMessages === undefined) return;
      const frames = need<unknown[]>(entry._webSocketMessages, `${at}._webSocketMessages`, 'a list', Array.isArray);
      const started = Date.parse(need<string>(entry.startedDateTime, `${at}.startedDateTime`, 'an ISO date string', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v))));
      const request = need<Record<string, unknown>>(entry.request, `${at}.request`, 'an object', isObj);
      const response = need<Record<string, unknown>>(entry.response, `${at}.response`, 'an object', isObj);
      const resHeaders = headersAt(response.headers, `${at}.response.headers`);
      const header = (name: string) => resHeaders.find(([n]) => n.toLowerCase() === name)?.[1] ?? '';
      const messages = frames.flatMap((f, i): MessageEvent[] => {
        const path = `${at}._webSocketMessages[${i}]`;
        const frame = need<Record<string, unknown>>(f, path, 'an object', isObj);
        const type = need<string>(frame.type, `${path}.type`, '"send" or "receive"', (v) => v === 'send' || v === 'receive');
        const time = need<number>(frame.time, `${path}.time`, 'a number of seconds', (v) => typeof v === 'number' && Number.isFinite(v));
        const opcode = need<number>(frame.opcode, `${path}.opcode`, 'a number', (v) => typeof v === 'number');
        const data = need<string>(frame.data, `${path}.data`, 'a string', (v) => typeof v === 'string');
        if (opcode !== 1 && opcode !== 2) return [];
        let size = utf8ByteLength(data);
        if (opcode === 2) {
          const bytes = base64ToBytes(data);
          if (!bytes.ok) throw new HarError(`${path}.data is not valid base64 (opcode 2 is binary): ${bytes.error}`);
          size = bytes.bytes.length;
        }
        const decoded = decodedAt(frame._decoded);
        return [{
          kind: 'message', seq: 0, dir: type === 'send' ? 'out' : 'in',
          // Microsecond rounding undoes the float error of seconds * 1000.
          time: Math.round(time * 1e6) / 1e3,
          opcode: opcode === 1 ? 'text' : 'binary', size, encoding: opcode === 1 ? 'utf8' : 'base64', data,
          ...(decoded ? { decoded } : {}),
        }];
      });
      const waited = typeof entry.time === 'number' && entry.time > 0 ? entry.time : 0;
      const responseTime = Math.min(started + waited, messages[0]?.time ?? Infinity);
      const url = need<string>(request.url, `${at}.request.url`, 'a string', (v) => typeof v === 'string');
      let seq = 1;
      const events: TimelineEvent[] = [];
      events.push({
        kind: 'handshake-request', seq: seq++, time: started,
        method: need<string>(request.method ?? 'GET', `${at}.request.method`, 'a string', (v) => typeof v === 'string'),
        url,
        headers: headersAt(request.headers, `${at}.request.headers`),
      });
      events.push({
        kind: 'handshake-response', seq: seq++, time: responseTime,
        status: need<number>(response.status, `${at}.response.status`, 'a number', (v) => typeof v === 'number'),
        statusText: typeof response.statusText === 'string' ? response.statusText : '',
        headers: resHeaders, acceptValid: null,
        protocol: header('sec-websocket-protocol'), extensions: header('sec-websocket-extensions'),
      });
      for (const m of messages) events.push({ ...m, seq: seq++ });
      conversations.push({ url, events });
    });
    if (conversations.length === 0) {
      return { ok: false, error: `the HAR has ${entries.length} entries but no WebSocket connection (no entry has _webSocketMessages)` };
    }
    return { ok: true, conversations };
  } catch (e) {
    return { ok: false, error: e instanceof HarError ? e.message : `could not read the HAR: ${(e as Error).message}` };
  }
}
