// Building blocks for exercise checks: small predicates ("steps") over the timeline events of the
// exercise connection, and combinators that look for them in order.
// Everything here is pure: the same events always give the same result, so a check can run on a
// live timeline, on an imported JSONL file or in a unit test.
// Messages are written for the learner: what was seen, and what is still missing.

import type { CloseEvent, ErrorCategory, MessageEvent, TimelineEvent } from '../shared/events';

export interface CheckResult {
  passed: boolean;
  message: string;
}

export type Check = (events: readonly TimelineEvent[]) => CheckResult;
export type Events = readonly TimelineEvent[];

export interface Found {
  /** Index of the event that completed the step: the next step looks after it. */
  index: number;
  /** What the learner did, phrased to follow "Seen ...", e.g. `your message "hi" echoed back`. */
  seen: string;
}

export interface Step {
  /** What is needed, phrased to follow "Still missing:", e.g. "a close with code 4000". */
  wanted: string;
  find(events: Events, from: number): Found | undefined;
  /** Says what came closest when the step was not found (e.g. a close with another code). */
  nearMiss?(events: Events, from: number): string | undefined;
}

// ---------------------------------------------------------------- combinators

/** Passes when the steps happen one after another, in this order. */
export function inOrder(...steps: Step[]): Check {
  return (events) => {
    const seen: string[] = [];
    let from = 0;
    for (const step of steps) {
      const found = step.find(events, from);
      if (!found) return missing(seen, step, events, from, ', then ');
      seen.push(found.seen);
      from = found.index + 1;
    }
    return { passed: true, message: `Done: seen ${seen.join(', then ')}.` };
  };
}

/** Passes when every step happens, in any order. */
export function allOf(...steps: Step[]): Check {
  return (events) => {
    const seen: string[] = [];
    for (const step of steps) {
      const found = step.find(events, 0);
      if (!found) return missing(seen, step, events, 0, ' and ');
      seen.push(found.seen);
    }
    return { passed: true, message: `Done: seen ${seen.join(' and ')}.` };
  };
}

function missing(seen: string[], step: Step, events: Events, from: number, joiner: string): CheckResult {
  const before = seen.length > 0 ? `Seen ${seen.join(joiner)}. ` : '';
  const hint = step.nearMiss?.(events, from);
  return { passed: false, message: `${before}Still missing: ${step.wanted}.${hint ? ` ${hint}` : ''}` };
}

/** The earliest of several alternatives (e.g. a protocol error or a 1007 close). */
export function anyOf(...steps: Step[]): Step {
  return {
    wanted: steps.map((s) => s.wanted).join(', or '),
    find(events, from) {
      const hits = steps.map((s) => s.find(events, from)).filter((f): f is Found => f !== undefined);
      return hits.sort((a, b) => a.index - b.index)[0];
    },
    nearMiss(events, from) {
      for (const s of steps) {
        const hint = s.nearMiss?.(events, from);
        if (hint) return hint;
      }
      return undefined;
    },
  };
}

/** A step made of a test on single events. */
function single<E extends TimelineEvent>(
  wanted: string,
  test: (e: TimelineEvent) => e is E,
  seen: (e: E) => string,
  nearMiss?: Step['nearMiss'],
): Step {
  return {
    wanted,
    find(events, from) {
      for (let i = from; i < events.length; i++) {
        const e = events[i];
        if (test(e)) return { index: i, seen: seen(e) };
      }
      return undefined;
    },
    nearMiss,
  };
}

function lastOfKind<K extends TimelineEvent['kind']>(events: Events, from: number, kind: K) {
  for (let i = events.length - 1; i >= from; i--) {
    const e = events[i];
    if (e.kind === kind) return e as Extract<TimelineEvent, { kind: K }>;
  }
  return undefined;
}

// ---------------------------------------------------------------- message helpers

type JsonMatch = Record<string, string | number | boolean | null>;

/** The message parsed as a JSON object, or undefined (binary, not JSON, not an object). */
export function messageJson(e: MessageEvent): Record<string, unknown> | undefined {
  if (e.encoding !== 'utf8') return undefined;
  try {
    const value: unknown = JSON.parse(e.data);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function jsonMatches(e: MessageEvent, match: JsonMatch): boolean {
  const obj = messageJson(e);
  return !!obj && Object.entries(match).every(([k, v]) => obj[k] === v);
}

/** A short quote of the payload for messages: `"hello"` or `12 bytes of binary`. */
export function preview(e: MessageEvent): string {
  if (e.encoding !== 'utf8') return `${e.size} bytes of binary`;
  return JSON.stringify(e.data.length > 60 ? `${e.data.slice(0, 57)}...` : e.data);
}

const isMessage = (e: TimelineEvent): e is MessageEvent => e.kind === 'message';

export interface MessageFilter {
  dir: 'in' | 'out';
  /** Top-level JSON fields the message must have, with these values. */
  json?: JsonMatch;
  opcode?: 'text' | 'binary';
  /** Composer format of a sent message (json, msgpack...). */
  format?: string;
  /** Payload strictly larger than this many bytes. */
  largerThan?: number;
}

function messagePasses(e: TimelineEvent, f: MessageFilter): e is MessageEvent {
  return (
    isMessage(e) &&
    e.dir === f.dir &&
    (f.opcode === undefined || e.opcode === f.opcode) &&
    (f.format === undefined || e.format === f.format) &&
    (f.largerThan === undefined || e.size > f.largerThan) &&
    (f.json === undefined || jsonMatches(e, f.json))
  );
}

function describeFilter(f: MessageFilter): string {
  const what = f.dir === 'in' ? 'a received' : 'a sent';
  const kind = f.format ? ` ${f.format}` : f.opcode ? ` ${f.opcode}` : '';
  const like = f.json ? ` like ${JSON.stringify(f.json)}` : '';
  const size = f.largerThan !== undefined ? ` larger than ${f.largerThan} bytes` : '';
  return `${what}${kind} message${like}${size}`;
}

// ---------------------------------------------------------------- predicates

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

export function sawMessage(filter: MessageFilter): Step {
  return single(
    describeFilter(filter),
    (e): e is MessageEvent => messagePasses(e, filter),
    (e) => `${e.dir === 'in' ? 'received' : 'sent'} ${preview(e)}`,
  );
}

/** At least `n` messages matching the filter; completes at the n-th one. */
export function countMessages(filter: MessageFilter, n: number, label = `${describeFilter(filter).replace(/^an? /, '')}s`): Step {
  const count = (events: Events, from: number) => events.slice(from).filter((e) => messagePasses(e, filter)).length;
  return {
    wanted: `at least ${n} ${label}`,
    find(events, from) {
      let seen = 0;
      for (let i = from; i < events.length; i++) {
        if (messagePasses(events[i], filter) && ++seen === n) return { index: i, seen: `${n} ${label}` };
      }
      return undefined;
    },
    nearMiss: (events, from) => `${count(events, from)} so far.`,
  };
}

/** A sent message followed by a received one with the same payload and frame type. */
export function sawEcho(opts: { opcode?: 'text' | 'binary'; format?: string } = {}): Step {
  return countEchoes(1, opts);
}

/** `n` different sent messages, each followed by a received copy. */
export function countEchoes(n: number, opts: { opcode?: 'text' | 'binary'; format?: string } = {}): Step {
  const kind = opts.format ? `${opts.format} ` : opts.opcode ? `${opts.opcode} ` : '';
  const isSent = (e: TimelineEvent): e is MessageEvent => messagePasses(e, { dir: 'out', opcode: opts.opcode, format: opts.format });
  /** Indexes of the received copies, in timeline order. */
  const echoes = (events: Events, from: number): number[] => {
    // Each received copy answers only one sent message, so a repeated payload counts once per copy.
    const answered = new Set<number>();
    for (let i = from; i < events.length; i++) {
      const out = events[i];
      if (!isSent(out)) continue;
      const back = events.findIndex(
        (e, j) => j > i && !answered.has(j) && isMessage(e) && e.dir === 'in' && e.opcode === out.opcode && e.data === out.data,
      );
      if (back >= 0) answered.add(back);
    }
    return [...answered].sort((a, b) => a - b);
  };
  return {
    wanted: n === 1 ? `a ${kind}message you send, echoed back` : `${n} ${kind}messages you send, each echoed back`,
    find(events, from) {
      const found = echoes(events, from);
      if (found.length < n) return undefined;
      const index = found[n - 1];
      return { index, seen: n === 1 ? `your message ${preview(events[index] as MessageEvent)} echoed back` : `${n} messages echoed back` };
    },
    nearMiss(events, from) {
      const sent = events.slice(from).filter(isSent).length;
      if (sent === 0) return `No ${kind}message sent yet.`;
      const back = echoes(events, from).length;
      return back === 0 ? `${sent} sent, but no identical message came back.` : `${back} of ${n} echoed so far.`;
    },
  };
}

/** A ping we sent, answered by a pong with a measured round-trip time. */
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
  const parts = [
    f.code !== undefined ? `code ${f.code}` : '',
    f.reason !== undefined ? `reason "${f.reason}"` : '',
    f.initiator === 'network' ? 'the connection dropped' : f.initiator ? `started by the ${f.initiator}` : '',
    f.wasClean === undefined ? '' : f.wasClean ? 'clean' : 'not clean',
  ].filter((p) => p !== '');
  return single(
    `a close with ${parts.join(', ')}`,
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
export function sawQueuedThenDelivered(): Step {
  return {
    wanted: 'a message queued while disconnected and sent after the reconnect',
    find(events, from) {
      for (let q = from; q < events.length; q++) {
        const queued = events[q];
        if (queued.kind !== 'queued') continue;
        const open = events.findIndex((e, i) => i > q && e.kind === 'open');
        if (open < 0) return undefined;
        const sent = events.findIndex((e, i) => i > open && isMessage(e) && e.dir === 'out' && e.size === queued.size);
        if (sent >= 0) return { index: sent, seen: `a queued message (${queued.size} bytes) delivered after the reconnect` };
      }
      return undefined;
    },
    nearMiss: (events, from) =>
      events.slice(from).some((e) => e.kind === 'queued')
        ? 'A message was queued; it is sent once the connection is open again.'
        : 'Nothing was queued: send a message while the connection is down.',
  };
}

/** A received message `{type: msgType, id}` acknowledged by a sent `{type: ackType, id}` with the same id. */
export function sawAck(msgType = 'msg', ackType = 'ack'): Step {
  return {
    wanted: `an acknowledgement {"type":"${ackType}","id":N} for a received {"type":"${msgType}","id":N}`,
    find(events, from) {
      // Ids compare as text: the server may send 7 where the learner types "7".
      const delivered = new Set<string>();
      for (let i = from; i < events.length; i++) {
        const e = events[i];
        if (!isMessage(e)) continue;
        const obj = messageJson(e);
        if (!obj || obj.id === undefined) continue;
        if (e.dir === 'in' && obj.type === msgType) delivered.add(String(obj.id));
        if (e.dir === 'out' && obj.type === ackType && delivered.has(String(obj.id))) return { index: i, seen: `message ${JSON.stringify(obj.id)} acknowledged` };
      }
      return undefined;
    },
    nearMiss(events, from) {
      const ids = events.slice(from).filter(isMessage).filter((e) => e.dir === 'in' && messageJson(e)?.type === msgType).map((e) => messageJson(e)?.id);
      return ids.length > 0 ? `Received message id ${JSON.stringify(ids[ids.length - 1])}: acknowledge it with that id.` : `No {"type":"${msgType}"} message received yet.`;
    },
  };
}

/** `n` sent requests with different ids, each answered by a received message carrying the same id. */
export function sawAnsweredRequests(n: number): Step {
  return {
    wanted: `${n} requests with different ids, each answered with its id`,
    find(events, from) {
      // Ids compare as text: a server may answer "1" to a request with id 1.
      const asked = new Set<string>();
      const answered = new Set<string>();
      for (let i = from; i < events.length; i++) {
        const e = events[i];
        const raw = isMessage(e) ? messageJson(e)?.id : undefined;
        if (raw === undefined || raw === null || !isMessage(e)) continue;
        const id = String(raw);
        if (e.dir === 'out') asked.add(id);
        else if (asked.has(id) && !answered.has(id)) {
          answered.add(id);
          if (answered.size === n) return { index: i, seen: `${n} requests answered (ids ${[...answered].join(', ')})` };
        }
      }
      return undefined;
    },
  };
}
