// Audit of the "Get started" walkthrough: every step completes on the user's own action, never on
// what merely connecting (or any earlier step) produced. Steps ticked by a command must be ticked
// by the command their own button runs; steps ticked by a context key are checked against a real
// session on the real echo server: the key's step is not seen until the step's action is done.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { TimelineEvent } from '../../../src/shared/events';
import { DEFAULT_HEARTBEAT, DEFAULT_RECONNECT } from '../../../src/shared/connection';
import { Session } from '../../../src/client/session';
import { createWsTransport } from '../../../src/client/wsTransport';
import { startMockServer } from '../../../src/server/index';
import { GETTING_STARTED_STEPS, GettingStartedTracker, type GettingStartedStep } from '../../../src/lessons/gettingStarted';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const getStarted: { steps: Array<{ id: string; title: string; description: string; completionEvents: string[] }> } =
  pkg.contributes.walkthroughs.find((w: { id: string }) => w.id === 'getStarted');

/** What the user does for each context-key step, after connecting (which is itself the "connected" step). */
const ACTIONS: Record<GettingStartedStep, (s: Session) => void> = {
  connected: () => undefined,
  echoed: (s) => void s.send({ data: 'hello', opcode: 'text' }),
  pong: (s) => void s.ping('hi'),
  closed: (s) => void s.close(1000, ''),
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real session to a real echo server, and the walkthrough steps its events show done. */
async function echoSession() {
  const server = await startMockServer({ scenario: 'echo', port: 0 });
  cleanups.push(() => server.close());
  const session = new Session({
    url: server.url, headers: [], subprotocols: [], reconnect: { ...DEFAULT_RECONNECT, enabled: false }, heartbeat: { ...DEFAULT_HEARTBEAT },
    handshakeTimeoutMs: 5000, maxMessageSize: 1024 * 1024, perMessageDeflate: true, tls: { rejectUnauthorized: true }, queueLimit: 100,
  }, { createTransport: createWsTransport });
  cleanups.push(() => session.dispose());
  const tracker = new GettingStartedTracker();
  const seen: GettingStartedStep[] = [];
  const events: TimelineEvent[] = [];
  session.onEvent((e) => {
    events.push(e as TimelineEvent);
    const step = tracker.observe(e as TimelineEvent);
    if (step) seen.push(step);
  });
  const until = async (test: () => boolean, what: string) => {
    for (const deadline = Date.now() + 5000; !test(); ) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => e.kind).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { session, seen, until };
}

describe('Get started walkthrough audit: each step completes on its own action', () => {
  it('every step has a completion event, and every context-key step is one the tracker knows', () => {
    for (const step of getStarted.steps) {
      expect(step.completionEvents.length, step.id).toBeGreaterThan(0);
      for (const e of step.completionEvents) {
        const key = /^onContext:websocketLab\.gs\.(\w+)$/.exec(e)?.[1];
        if (key) expect(GETTING_STARTED_STEPS as readonly string[], `${step.id}: ${e}`).toContain(key);
      }
    }
  });

  for (const step of getStarted.steps) {
    for (const event of step.completionEvents) {
      const command = /^onCommand:(.+)$/.exec(event)?.[1];
      if (command) {
        it(`"${step.title}" ticks when its own button's command runs (${command}), not on anything a connection does`, () => {
          expect(step.description).toContain(`(command:${command}`);
        });
        continue;
      }
      const key = /^onContext:websocketLab\.gs\.(\w+)$/.exec(event)?.[1] as GettingStartedStep | undefined;
      if (!key) {
        it(`"${step.title}" has a known completion event`, () => expect.fail(`unknown completion event ${event}`));
        continue;
      }
      it(`"${step.title}" (${key}) is done by its own action and by nothing before it`, async () => {
        const { session, seen, until } = await echoSession();
        expect(seen).toEqual([]);
        session.connect();
        await until(() => seen.includes('connected'), 'the open');
        await new Promise((r) => setTimeout(r, 200));
        if (key === 'connected') {
          expect(seen).toEqual(['connected']);
          return;
        }
        expect(seen, 'after connecting, only "connected"').toEqual(['connected']);
        ACTIONS[key](session);
        await until(() => seen.includes(key), key);
        expect(seen.filter((s) => s !== 'connected')).toEqual([key]);
      });
    }
  }
});
