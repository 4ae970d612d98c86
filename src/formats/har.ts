// HAR 1.2 export in the shape Chrome DevTools uses for WebSockets: one entry per connection
// with `_resourceType: "websocket"` and the frames in `_webSocketMessages`
// ({ type: "send" | "receive", time: epoch seconds, opcode: 1 | 2, data: text or base64 }).
// So a timeline opens in DevTools-compatible tools; harImport.ts reads such captures back.

import type { DecodedMessage, HandshakeRequestEvent, HandshakeResponseEvent, MessageEvent, TimelineEvent } from '../shared/events';
import { eventRedactor, redactSecrets, urlCredentialSecrets } from '../recording/redact';

// Import lives beside it: it reads what other tools write, with their quirks.
export { importHar, type HarConversation, type HarImportResult } from './harImport';

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
