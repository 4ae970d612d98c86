// Building blocks for exercise checks: small predicates ("steps") over the timeline events of the
// exercise connection, and combinators that look for them in order. This file holds the steps
// about the connection itself (handshake, open, ping/pong, close, errors, reconnects) and is the
// one entry point: it re-exports the combinators (checkSteps.ts) and the message steps
// (messageChecks.ts).
// Everything here is pure: the same events always give the same result, so a check can run on a
// live timeline, on an imported JSONL file or in a unit test.
// Messages are written for the learner: what was seen, and what is still missing.

import type { CloseEvent, ErrorCategory, TimelineEvent } from '../shared/events';
import { lastOfKind, single, type Events, type Step } from './checkSteps';

export * from './checkSteps';
export * from './messageChecks';

export function sawOpen(opts: { protocol?: string; extensionsInclude?: string } = {}): Step {
  const parts = [
    opts.protocol !== undefined ? `subprotocol "${opts.protocol}"` : '',
    opts.extensionsInclude !== undefined ? `the ${opts.extensionsInclude} extension` : '',
  ].filter((p) => p !== '');
  return single(
    parts.length > 0 ? `the connection opening with ${parts.join(' and ')}` : 'the connection opening',
    (e): e is Extract<TimelineEvent, { kind: 'open' }> =>
      e.kind === 'open' &&
      (opts.protocol === undefined || e.protocol === opts.protocol) &&
      (opts.extensionsInclude === undefined || e.extensions.includes(opts.extensionsInclude)),
    (e) => (parts.length > 0 ? `the connection open with ${describeNegotiated(e.protocol, e.extensions)}` : 'the connection open'),
    (events, from) => {
      const open = lastOfKind(events, from, 'open');
      return open ? `The connection opened with ${describeNegotiated(open.protocol, open.extensions)}.` : undefined;
    },
  );
}

function describeNegotiated(protocol: string, extensions: string): string {
  const p = protocol ? `subprotocol "${protocol}"` : 'no subprotocol';
  const x = extensions ? `extensions "${extensions}"` : 'no extensions';
  return `${p} and ${x}`;
}

export function sawPongWithRtt(): Step {
  return {
    wanted: 'a ping you send, answered by a pong with its round-trip time',
    find(events, from) {
      const ping = events.findIndex((e, i) => i >= from && e.kind === 'ping' && e.dir === 'out');
      if (ping < 0) return undefined;
      for (let i = ping + 1; i < events.length; i++) {
        const e = events[i];
        if (e.kind === 'pong' && e.dir === 'in' && e.rttMs !== undefined) return { index: i, seen: `a pong after ${e.rttMs} ms` };
      }
      return undefined;
    },
    nearMiss: (events, from) =>
      events.slice(from).some((e) => e.kind === 'ping' && e.dir === 'out') ? 'The ping was sent; no pong came back yet.' : 'No ping sent yet.',
  };
}

/** A ping from the server, answered by our pong with the same payload (RFC 6455 §5.5.3). */
export function sawPingAnswered(): Step {
  return {
    wanted: 'a ping from the server, answered by a pong',
    find(events, from) {
      for (let i = from; i < events.length; i++) {
        const ping = events[i];
        if (ping.kind !== 'ping' || ping.dir !== 'in') continue;
        for (let j = i + 1; j < events.length; j++) {
          const pong = events[j];
          if (pong.kind === 'pong' && pong.dir === 'out' && pong.payloadHex === ping.payloadHex) {
            return { index: j, seen: 'a server ping answered by a pong' };
          }
        }
      }
      return undefined;
    },
    nearMiss: (events, from) =>
      events.slice(from).some((e) => e.kind === 'ping' && e.dir === 'in') ? 'A ping arrived but no pong was sent back.' : 'No ping from the server yet: stay connected a little longer.',
  };
}

export interface CloseFilter {
  code?: number;
  reason?: string;
  initiator?: CloseEvent['initiator'];
  wasClean?: boolean;
}

export function describeClose(e: CloseEvent): string {
  const by = e.initiator === 'network' ? 'the connection dropped' : `started by the ${e.initiator}`;
  const reason = e.reason ? `, reason "${e.reason}"` : '';
  return `close ${e.code}${e.codeName ? ` (${e.codeName})` : ''}${reason}, ${by}, ${e.wasClean ? 'clean' : 'not clean'}`;
}

export function sawClose(f: CloseFilter): Step {
  const details = [f.code !== undefined ? `code ${f.code}` : '', f.reason !== undefined ? `reason "${f.reason}"` : ''].filter((p) => p !== '');
  const by = f.initiator === 'network' ? ', the connection dropping' : f.initiator ? `, started by the ${f.initiator}` : '';
  const clean = f.wasClean === undefined ? '' : f.wasClean ? ', clean' : ', not clean';
  const wanted = details.length === 0 && f.wasClean === false && !f.initiator
    ? 'the connection dropping (a close that is not clean)'
    : `a close${details.length > 0 ? ` with ${details.join(', ')}` : ''}${by}${clean}`;
  return single(
    wanted,
    (e): e is CloseEvent =>
      e.kind === 'close' &&
      (f.code === undefined || e.code === f.code) &&
      (f.reason === undefined || e.reason === f.reason) &&
      (f.initiator === undefined || e.initiator === f.initiator) &&
      (f.wasClean === undefined || e.wasClean === f.wasClean),
    (e) => `a ${describeClose(e)}`,
    (events, from) => {
      const close = lastOfKind(events, from, 'close');
      return close ? `The last close was a ${describeClose(close)}.` : 'The connection has not closed yet.';
    },
  );
}

export function sawHandshake(f: { status: number; acceptValid?: boolean }): Step {
  return single(
    `a handshake response with status ${f.status}${f.acceptValid ? ' and a valid Sec-WebSocket-Accept' : ''}`,
    (e): e is Extract<TimelineEvent, { kind: 'handshake-response' }> =>
      e.kind === 'handshake-response' && e.status === f.status && (f.acceptValid === undefined || e.acceptValid === f.acceptValid),
    (e) => `the handshake response ${e.status} ${e.statusText}`.trim(),
    (events, from) => {
      const r = lastOfKind(events, from, 'handshake-response');
      return r ? `The last handshake response was ${r.status}${r.acceptValid === false ? ' with an invalid Sec-WebSocket-Accept' : ''}.` : 'No handshake yet: connect first.';
    },
  );
}

/**
 * A message you send that carries the Sec-WebSocket-Accept value of the handshake before it: the
 * value changes with every connection's key, so it proves the handshake was really read.
 */
export function sawAcceptValueSent(): Step {
  const acceptBefore = (events: Events, i: number): string | undefined => {
    for (let j = i - 1; j >= 0; j--) {
      const e = events[j];
      if (e.kind === 'handshake-response') return e.status === 101 ? e.headers.find(([n]) => n.toLowerCase() === 'sec-websocket-accept')?.[1] : undefined;
    }
    return undefined;
  };
  return {
    wanted: 'a message you send with the Sec-WebSocket-Accept value from the 101 response',
    find(events, from) {
      for (let i = from; i < events.length; i++) {
        const e = events[i];
        if (e.kind !== 'message' || e.dir !== 'out' || e.encoding !== 'utf8') continue;
        const accept = acceptBefore(events, i);
        if (accept && e.data.includes(accept)) return { index: i, seen: `the accept value ${accept} sent` };
      }
      return undefined;
    },
    nearMiss: (events, from) =>
      events.slice(from).some((e) => e.kind === 'message' && e.dir === 'out')
        ? 'A message was sent, but it does not contain this connection’s Sec-WebSocket-Accept value (run WebSocket Lab: Show Handshake to read it).'
        : 'Nothing sent yet: open the handshake (WebSocket Lab: Show Handshake), copy the Sec-WebSocket-Accept value and send it.',
  };
}

/** The server refused the upgrade with this HTTP status (seen as a response or as an error). */
export function sawRefusal(status: number): Step {
  return single(
    `the server refusing the handshake with ${status}`,
    (e): e is TimelineEvent =>
      (e.kind === 'handshake-response' && e.status === status) ||
      (e.kind === 'error' && e.category === 'handshake-rejected' && e.status === status),
    () => `the handshake refused with ${status}`,
  );
}

export function sawError(f: { category: ErrorCategory }): Step {
  return single(
    `a ${f.category} error`,
    (e): e is Extract<TimelineEvent, { kind: 'error' }> => e.kind === 'error' && e.category === f.category,
    (e) => `the ${e.category} error "${e.message}"`,
  );
}

/** The session trying again by itself: a scheduled reconnect or a connection attempt after the first. */
export function sawReconnectAttempt(): Step {
  return single(
    'a reconnect attempt',
    (e): e is TimelineEvent => e.kind === 'reconnect-scheduled' || (e.kind === 'connecting' && e.attempt > 0),
    (e) => (e.kind === 'reconnect-scheduled' ? `reconnect attempt ${e.attempt} scheduled` : 'a reconnect attempt'),
  );
}

export function sawReconnectScheduled(): Step {
  return single(
    'a reconnect scheduled by the session',
    (e): e is Extract<TimelineEvent, { kind: 'reconnect-scheduled' }> => e.kind === 'reconnect-scheduled',
    (e) => `reconnect attempt ${e.attempt} scheduled after ${e.delayMs} ms`,
  );
}

/** A message queued while disconnected, then (after the connection opens again) sent. */
