// The exercise checks against real timelines: a real client Session does what the lesson asks
// against the real mock server scenario. Every exercise is audited the same way: right after
// Start (connected and settled) its check must be false, so it cannot pass without the work; after
// the steps the exercise asks for, it must pass on what was recorded.
// This catches checks that only pass on hand-written events (a 401 recorded differently, a 1007
// close started by the other side...).
import { afterEach, describe, expect, it } from 'vitest';
import { pack } from 'msgpackr';
import type { TimelineEvent } from '../../../src/shared/events';
import { DEFAULT_HEARTBEAT, DEFAULT_RECONNECT } from '../../../src/shared/connection';
import { Session, type ResolvedConnection } from '../../../src/client/session';
import { createWsTransport } from '../../../src/client/wsTransport';
import { startMockServer } from '../../../src/server/index';
import { EXERCISE_IDS, findExercise, type Exercise } from '../../../src/lessons/exercises';

interface Run {
  session: Session;
  /** The exercise connection's settings, to change and reconnect with. */
  config: ResolvedConnection;
  events: TimelineEvent[];
  exercise: Exercise;
  /** Resolves once the exercise's check passes; rejects with the check's message after `ms`. */
  passes(ms?: number): Promise<void>;
  /** Resolves when an event matching `test` has been recorded. */
  until(test: (e: TimelineEvent) => boolean, ms?: number): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts the exercise's scenario and a session set up as the exercise connection (not yet connected). */
async function startExercise(id: string, patch: Partial<ResolvedConnection> = {}): Promise<Run> {
  const exercise = findExercise(id)!;
  const server = await startMockServer({ scenario: exercise.scenario, port: 0 });
  cleanups.push(() => server.close());
  const query = (exercise.connection.query ?? []).map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`).join('&');
  const config: ResolvedConnection = {
    url: server.url.replace(/\/$/, '') + (exercise.connection.path ?? '/') + (query ? `?${query}` : ''),
    headers: (exercise.connection.headers ?? []).map((h) => [h.name, h.value]),
    subprotocols: exercise.connection.subprotocols ?? [],
    // Short, jitter-free backoff keeps reconnect exercises quick.
    reconnect: { ...DEFAULT_RECONNECT, enabled: !!exercise.connection.reconnect, baseDelayMs: 100, maxDelayMs: 500, jitter: false },
    heartbeat: { ...DEFAULT_HEARTBEAT },
    handshakeTimeoutMs: 5000,
    maxMessageSize: 100 * 1024 * 1024,
    perMessageDeflate: true,
    tls: { rejectUnauthorized: true },
    queueLimit: 1000,
    ...patch,
  };
  const session = new Session(config, { createTransport: createWsTransport });
  cleanups.push(() => session.dispose());
  const events: TimelineEvent[] = [];
  const waiters = new Set<() => void>();
  session.onEvent((e) => {
    events.push({ ...e, seq: events.length + 1 } as TimelineEvent);
    for (const w of [...waiters]) w();
  });
  const wait = (done: () => boolean, ms: number, onTimeout: () => string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(onTimeout()));
      }, ms);
      waiters.add(check);
      check();
    });
  return {
    session,
    config,
    events,
    exercise,
    passes: (ms = 8000) => wait(() => exercise.check(events).passed, ms, () => `${id} did not pass: ${exercise.check(events).message}\n${events.map((e) => e.kind).join(', ')}`),
    until: (test, ms = 8000) => wait(() => events.some(test), ms, () => `timed out; events: ${events.map((e) => e.kind).join(', ')}`),
  };
}

const text = (data: string) => ({ data, opcode: 'text' as const });
const json = (value: unknown) => ({ data: JSON.stringify(value), opcode: 'text' as const, format: 'json' });
const received = (type: string) => (e: TimelineEvent) => e.kind === 'message' && e.dir === 'in' && e.data.includes(`"type":"${type}"`);

const settled = (e: TimelineEvent) => e.kind === 'open' || (e.kind === 'state' && e.state === 'CLOSED');
const sendAll = (run: Run, ...messages: Array<Parameters<Session['send']>[0]>) => {
  for (const m of messages) run.session.send(m);
};

/**
 * What each exercise asks the learner to do after Start, done by a real session: the audit below
 * runs every exercise through it. `does` names the steps for the test title.
 */
interface ExerciseSteps {
  does: string;
  run(run: Run): Promise<void> | void;
  /** The exercise connection's settings when they differ from the test default. */
  patch?: Partial<ResolvedConnection>;
  passWithinMs?: number;
  timeoutMs?: number;
}

const STEPS: Record<string, ExerciseSteps> = {
  m01: { does: 'sending a text', run: (r) => sendAll(r, text('Hello, WebSocket')) },
  m02: {
    does: 'sending the Sec-WebSocket-Accept value read from the handshake',
    run(r) {
      const response = r.events.find((e) => e.kind === 'handshake-response');
      const accept = response?.kind === 'handshake-response' ? response.headers.find(([n]) => n.toLowerCase() === 'sec-websocket-accept')?.[1] : undefined;
      sendAll(r, text(accept ?? 'no accept header'));
    },
  },
  m03: { does: 'a ping', run: (r) => void r.session.ping('hi') },
  m04: { does: 'sending bytes', run: (r) => sendAll(r, { data: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]), opcode: 'binary', format: 'hex' }) },
  m05: { does: 'closing with 4000 "bye"', run: (r) => void r.session.close(4000, 'bye') },
  m06: {
    does: 'sending JSON and MessagePack',
    run: (r) => sendAll(r, json({ hello: 'json' }), { data: new Uint8Array(pack({ hello: 'json' })), opcode: 'binary', format: 'msgpack' }),
  },
  m07: { does: 'waiting for the server heartbeat', run: () => undefined, passWithinMs: 6000 },
  m08: { does: 'waiting for the drop and the reconnect', run: () => undefined, passWithinMs: 9000, timeoutMs: 15_000 },
  m09: {
    does: 'adding ?token=lab-token and connecting again',
    run(r) {
      r.session.setConfig({ ...r.config, url: `${r.config.url}?token=lab-token` });
      r.session.connect();
    },
  },
  m10: { does: 'joining the lobby and publishing', run: (r) => sendAll(r, json({ type: 'join', room: 'lobby' }), json({ type: 'publish', room: 'lobby', text: 'hello lobby' })) },
  m11: { does: 'sending a chat line', run: (r) => sendAll(r, text('hello from the lab')) },
  m12: {
    does: 'offering chat.v1 and connecting again',
    run(r) {
      r.session.setConfig({ ...r.config, subprotocols: ['chat.v1'] });
      r.session.connect();
    },
  },
  m13: { does: 'sending a text over 64 bytes', run: (r) => sendAll(r, text('compress me, '.repeat(10))) },
  m14: { does: 'subscribing and publishing', run: (r) => sendAll(r, json({ type: 'subscribe', topic: 'news' }), json({ type: 'publish', topic: 'news', data: { headline: 'scaled out' } })) },
  m15: {
    does: 'acknowledging the delivered message by its id',
    async run(r) {
      await r.until(received('msg'));
      const msg = r.events.find(received('msg'));
      const id = msg?.kind === 'message' ? (JSON.parse(msg.data) as { id: unknown }).id : undefined;
      sendAll(r, json({ type: 'ack', id }));
    },
  },
  m16: {
    does: 'sending while disconnected',
    async run(r) {
      await r.until((e) => e.kind === 'reconnect-scheduled', 9000);
      expect(r.session.send(text('sent while offline'))).toEqual({ ok: true, queued: true });
    },
    // A slower reconnect than the test default leaves time to send while disconnected.
    patch: { reconnect: { ...DEFAULT_RECONNECT, enabled: true, baseDelayMs: 300, maxDelayMs: 300, jitter: false } },
    timeoutMs: 20_000,
  },
  m17: { does: 'sending a message', run: (r) => sendAll(r, text('hello')) },
  m18: { does: 'letting the quotes stream', run: () => undefined },
  m19: { does: 'sending five messages', run: (r) => sendAll(r, ...[1, 2, 3, 4, 5].map((i) => text(`m${i}`))) },
  m20: { does: 'sending three messages', run: (r) => sendAll(r, ...[1, 2, 3].map((n) => json({ n }))) },
  m21: { does: 'sending seven messages in a burst', run: (r) => sendAll(r, ...[1, 2, 3, 4, 5, 6, 7].map((i) => text(`burst ${i}`))) },
  m22: { does: 'letting the feed run', run: () => undefined, passWithinMs: 9000, timeoutMs: 15_000 },
  m23: {
    does: 'sending two requests',
    run: (r) => sendAll(r, { ...text('{"id":"1","method":"add","params":[2,3]}'), format: 'json' }, { ...text('{"id":"2","method":"echo","params":["hello"]}'), format: 'json' }),
  },
  m24: { does: 'sending 1100 bytes', run: (r) => sendAll(r, text('x'.repeat(1100))) },
  m25: { does: 'sending five messages until the drop', run: (r) => sendAll(r, ...[1, 2, 3, 4, 5].map((i) => text(`m${i}`))) },
  m26: { does: 'sending the reboot command', run: (r) => sendAll(r, { ...text('{"type":"command","device":"sensor-1","action":"reboot"}'), format: 'json' }) },
  m27: { does: 'voting', run: (r) => sendAll(r, json({ type: 'vote', option: 'A' })) },
};

/** How long "right after Start" lasts: the connection has opened (or been refused) and settled. */
const SETTLE_MS = 300;

describe('exercise audit: every check is false right after Start and true after what the exercise asks for', () => {
  it('every exercise has its steps in the audit', () => {
    expect(Object.keys(STEPS).sort()).toEqual([...EXERCISE_IDS].sort());
  });

  for (const id of EXERCISE_IDS) {
    const step = STEPS[id];
    it(`${id}: not passed right after Start; passes after ${step?.does}`, async () => {
      const run = await startExercise(id, step.patch);
      // ▶ Start: the scenario runs and the exercise connection connects.
      run.session.connect();
      await run.until(settled);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const atStart = run.exercise.check(run.events);
      expect(atStart.passed, `${id} passed right after Start, without the learner doing anything: ${atStart.message}`).toBe(false);
      await step.run(run);
      await run.passes(step.passWithinMs ?? 8000);
    }, step?.timeoutMs ?? 12_000);
  }
});
