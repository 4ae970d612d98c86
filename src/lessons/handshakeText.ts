// The opening handshake of a connection as the HTTP text that went over the wire: the Upgrade
// request, the server's response and what the client checked. Shown by "Show Handshake" (the
// walkthrough's "Read the handshake" step and lesson 2's exercise send the learner there).
// Header values come from the timeline, where secrets are already redacted.
import type { TimelineEvent } from '../shared/events';

type Request = Extract<TimelineEvent, { kind: 'handshake-request' }>;
type Response = Extract<TimelineEvent, { kind: 'handshake-response' }>;

/** The latest handshake in a timeline: its request and, when one came, the response to it. */
export function latestHandshake(events: readonly TimelineEvent[]): { request: Request; response?: Response } | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const request = events[i];
    if (request.kind !== 'handshake-request') continue;
    const response = events.slice(i + 1).find((e): e is Response => e.kind === 'handshake-response');
    return { request, response };
  }
  return undefined;
}

function requestTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname || '/'}${u.search}`;
  } catch {
    return url;
  }
}

const headerLines = (headers: ReadonlyArray<readonly [string, string]>) => headers.map(([n, v]) => `${n}: ${v}`);

export function handshakeText(title: string, events: readonly TimelineEvent[]): string {
  const found = latestHandshake(events);
  if (!found) return `# ${title}\n# No handshake yet: connect first, then run "WebSocket Lab: Show Handshake" again.\n`;
  const { request, response } = found;
  const lines = [`# ${title}: the opening handshake (RFC 6455 §4)`, '', `${request.method} ${requestTarget(request.url)} HTTP/1.1`, ...headerLines(request.headers), ''];
  if (!response) {
    lines.push('# No response yet.');
  } else {
    lines.push(`HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd(), ...headerLines(response.headers), '');
    if (response.body) lines.push(response.body, '');
    if (response.acceptValid === true) {
      lines.push('# Sec-WebSocket-Accept is valid: it equals base64(SHA-1(Sec-WebSocket-Key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).');
    } else if (response.acceptValid === false) {
      lines.push('# Sec-WebSocket-Accept is NOT valid for the key sent: a client must fail this connection.');
    }
    if (response.status === 101) {
      lines.push(`# Negotiated: ${response.protocol ? `subprotocol "${response.protocol}"` : 'no subprotocol'}, ${response.extensions ? `extensions "${response.extensions}"` : 'no extensions'}.`);
    }
  }
  return `${lines.join('\n')}\n`;
}
