// Steps about data messages: what was sent and received, echoes, acknowledgements, request ids.

import type { MessageEvent, TimelineEvent } from '../shared/events';
import type { Events, Found, Step } from './checkSteps';
import { single } from './checkSteps';

// ---------------------------------------------------------------- helpers

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

/**
 * A short quote of the payload for messages: `“hello”`, `“{"hello":"json"}”` or `12 bytes of
 * binary`. Quoted as typed: JSON.stringify here escaped a JSON payload's quotes a second time
 * (`"{\"hello\":\"json\"}"`), which the learner never typed.
 */
export function preview(e: MessageEvent): string {
  if (e.encoding !== 'utf8') return `${e.size} bytes of binary`;
  const text = e.data.replace(/\s+/g, ' ');
  return `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
}

export const isMessage = (e: TimelineEvent): e is MessageEvent => e.kind === 'message';

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

export function sawMessage(filter: MessageFilter): Step {
  return single(
    describeFilter(filter),
    (e): e is MessageEvent => messagePasses(e, filter),
    (e) => `${e.dir === 'in' ? 'received' : 'sent'} ${preview(e)}`,
  );
}

/** At least `n` messages matching the filter; completes at the n-th one. `label` names them: "quote messages". */
export function countMessages(filter: MessageFilter, n: number, label: string): Step {
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
export function sawEcho(opts: EchoOptions = {}): Step {
  return countEchoes(1, opts);
}

interface EchoOptions {
  opcode?: 'text' | 'binary';
  format?: string;
  /** The sent payload is strictly larger than this many bytes. */
  largerThan?: number;
}

/** `n` different sent messages, each followed by a received copy. */
export function countEchoes(n: number, opts: EchoOptions = {}): Step {
  const kind = `${opts.format ? `${opts.format} ` : opts.opcode ? `${opts.opcode} ` : ''}${opts.largerThan !== undefined ? `${opts.largerThan + 1}+ byte ` : ''}`;
  const isSent = (e: TimelineEvent): e is MessageEvent => messagePasses(e, { dir: 'out', opcode: opts.opcode, format: opts.format, largerThan: opts.largerThan });
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
  // Ids compare as text: a server may answer "1" to a request with id 1.
  const idOf = (e: TimelineEvent): string | undefined => {
    const raw = isMessage(e) ? messageJson(e)?.id : undefined;
    return raw === undefined || raw === null ? undefined : String(raw);
  };
  /** Walks the events; calls `onAnswer` each time a new id gets its first answer. */
  const walk = (events: Events, from: number, onAnswer: (index: number, answered: Set<string>) => boolean) => {
    const asked = new Set<string>();
    const answered = new Set<string>();
    for (let i = from; i < events.length; i++) {
      const e = events[i];
      const id = idOf(e);
      if (id === undefined || !isMessage(e)) continue;
      if (e.dir === 'out') asked.add(id);
      else if (asked.has(id) && !answered.has(id)) {
        answered.add(id);
        if (onAnswer(i, answered)) break;
      }
    }
    return { asked, answered };
  };
  return {
    wanted: `${n} requests with different ids, each answered with its id`,
    find(events, from) {
      let found: Found | undefined;
      walk(events, from, (index, answered) => {
        if (answered.size < n) return false;
        found = { index, seen: `${n} requests answered (ids ${[...answered].join(', ')})` };
        return true;
      });
      return found;
    },
    nearMiss(events, from) {
      const { asked, answered } = walk(events, from, () => false);
      return `${asked.size} different id${asked.size === 1 ? '' : 's'} sent, ${answered.size} answered.`;
    },
  };
}
