// Scenario timers. Every timer or delay field has a maximum: Node runs a delay over 2^31-1 ms
// (24.8 days) after 1 ms instead, so `everyMs: 3000000000` pushed every millisecond. The runtime
// never arms a longer timer, even for a scenario object nobody checked. And what a timer's work
// throws (a push or the feed rendering state a client made too deep or too big) becomes an error
// event instead of an uncaught exception that ends the process — in VS Code, the extension host.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseScenarioText, scenarioJsonSchema, startMockServer, type Scenario } from '../../../src/server';
import { ScenarioRuntime } from '../../../src/server/scenario/scenarioRuntime';
import { MAX_SCENARIO_TIMER_MS } from '../../../src/shared/schema/scenario';
import { cleanup, getText, open, start } from '../server/helpers';
import { bundleCli } from './mockServerProcess';
import { startScenarioProcess, type ScenarioProcess } from './scenarioProcess';

const CAP = MAX_SCENARIO_TIMER_MS;
const HUGE = 3_000_000_000;
const NODE_MAX_DELAY = 2 ** 31 - 1;

/** Every timer or delay field of a scenario, in a YAML scenario with `n` as its value. */
const TIMER_FIELDS: Array<[field: string, yaml: (n: number) => string]> = [
  ['pushes[0].everyMs', (n) => `pushes:\n  - everyMs: ${n}\n    message: tick\n`],
  ['pushes[0].requireAck.timeoutMs', (n) => `pushes:\n  - everyMs: 1000\n    message: { id: "{{counter}}" }\n    requireAck: { timeoutMs: ${n} }\n`],
  ['feed.everyMs', (n) => `feed:\n  everyMs: ${n}\n  message: tick\n`],
  ['feed.pollTimeoutMs', (n) => `feed:\n  everyMs: 1000\n  message: tick\n  pollTimeoutMs: ${n}\n`],
  ['rules[0].delayMs', (n) => `rules:\n  - delayMs: ${n}\n    reply: later\n`],
  ['heartbeat.intervalMs', (n) => `heartbeat:\n  intervalMs: ${n}\n  timeoutMs: 1000\n`],
  ['heartbeat.timeoutMs', (n) => `heartbeat:\n  intervalMs: ${CAP}\n  timeoutMs: ${n}\n`],
  ['faults.latency.ms', (n) => `faults:\n  latency:\n    ms: ${n}\n`],
  ['faults.latency.jitterMs', (n) => `faults:\n  latency:\n    ms: 10\n    jitterMs: ${n}\n`],
  ['faults.drop.afterMs', (n) => `faults:\n  drop:\n    afterMs: ${n}\n`],
  ['faults.slowReader.pauseMs', (n) => `faults:\n  slowReader:\n    pauseMs: ${n}\n`],
  ['faults.slowReader.readMs', (n) => `faults:\n  slowReader:\n    pauseMs: 10\n    readMs: ${n}\n`],
  ['limits.rateLimit.perMs', (n) => `limits:\n  rateLimit:\n    messages: 5\n    perMs: ${n}\n`],
];

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

describe('timer fields have a maximum', () => {
  it(`the cap is at most what Node can wait (${NODE_MAX_DELAY} ms)`, () => {
    expect(CAP).toBeLessThanOrEqual(NODE_MAX_DELAY);
  });

  for (const [field, yaml] of TIMER_FIELDS) {
    it(`${field}: 3,000,000,000 is refused, naming the field, the cap, the value and where it is; the cap itself is accepted`, () => {
      const text = `name: t\n${yaml(HUGE)}`;
      const r = parseScenarioText(text, 't.wsmock.yaml');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes(String(HUGE))) + 1;
      expect(r.errors).toEqual([
        { line, column: lines[line - 1].indexOf(String(HUGE)) + 1, message: `"${field}" must be at most ${CAP}, got ${HUGE}` },
      ]);
      expect(parseScenarioText(`name: t\n${yaml(CAP)}`, 't.wsmock.yaml')).toMatchObject({ ok: true });
    });
  }

  it('every field of the JSON Schema whose name says milliseconds has a maximum Node can wait (a new timer field cannot forget it)', () => {
    const unbounded: string[] = [];
    let timerFields = 0;
    const visit = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${at}[${i}]`));
      const o = node as Record<string, unknown>;
      for (const [name, prop] of Object.entries((o.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (/(^ms|Ms)$/.test(name)) {
          timerFields++;
          const max = prop.maximum;
          if (typeof max !== 'number' || max > NODE_MAX_DELAY) unbounded.push(`${at}.${name}`);
        }
      }
      for (const [k, v] of Object.entries(o)) visit(v, `${at}.${k}`);
    };
    visit(scenarioJsonSchema, '#');
    expect(timerFields).toBeGreaterThanOrEqual(TIMER_FIELDS.length);
    expect(unbounded).toEqual([]);
  });

  it('startMockServer refuses a scenario object with a huge everyMs, naming the field', async () => {
    const scenario = { name: 'x', pushes: [{ everyMs: HUGE, to: 'all', message: 'tick' }] } as Scenario;
    await expect(startMockServer({ scenario })).rejects.toThrow(`"pushes[0].everyMs" must be at most ${CAP}, got ${HUGE}`);
  });
});

describe('the runtime arms no timer longer than the cap', () => {
  /** Delays of the timers armed while `fn` runs, and whether Node warned of an overflow. */
  async function timersArmedBy(fn: () => Promise<void> | void): Promise<{ delays: number[]; overflowWarnings: number }> {
    const delays: number[] = [];
    let overflowWarnings = 0;
    const onWarning = (w: Error): void => {
      if (w.name === 'TimeoutOverflowWarning') overflowWarnings++;
    };
    process.on('warning', onWarning);
    type Arm = (cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => NodeJS.Timeout;
    const realInterval = globalThis.setInterval as unknown as Arm;
    const realTimeout = globalThis.setTimeout as unknown as Arm;
    const recording = (real: Arm): Arm => (cb, ms, ...args) => {
      delays.push(Number(ms));
      return real(cb, ms, ...args);
    };
    vi.spyOn(globalThis, 'setInterval').mockImplementation(recording(realInterval) as unknown as typeof setInterval);
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(recording(realTimeout) as unknown as typeof setTimeout);
    try {
      await fn();
    } finally {
      vi.restoreAllMocks();
      // Node warns on the next tick after arming.
      await new Promise((r) => realTimeout(r, 20));
      process.off('warning', onWarning);
    }
    return { delays, overflowWarnings };
  }

  it('a scenario object that never went through the parser: pushes to all and the feed are armed at the cap, not at 3,000,000,000', async () => {
    const unchecked = {
      name: 'unchecked',
      pushes: [{ everyMs: HUGE, to: 'all', message: 'tick' }],
      feed: { everyMs: HUGE, message: 'feed' },
    } as Scenario;
    const runtime = new ScenarioRuntime(unchecked, () => undefined);
    const { delays, overflowWarnings } = await timersArmedBy(() => {
      runtime.start();
      runtime.stop();
    });
    expect(delays).toEqual([CAP, CAP]);
    expect(overflowWarnings).toBe(0);
  });

  it('a server with every timer field of the runtime at the cap: each is armed, none above it, and Node reports no overflow', async () => {
    const { delays, overflowWarnings } = await timersArmedBy(async () => {
      const s = await start({
        name: 'at-the-cap',
        rules: [{ match: { text: 'slow' }, delayMs: CAP, reply: 'late' }, { reply: 'now' }],
        pushes: [
          { everyMs: CAP, message: { id: 'p1' }, requireAck: { timeoutMs: CAP } },
          { everyMs: CAP, to: 'all', message: 'all' },
        ],
        feed: { everyMs: CAP, message: 'feed', pollTimeoutMs: CAP },
      } as Scenario);
      const c = await open(s.url);
      c.send('slow');
      c.send('fast');
      expect((await c.next()).text).toBe('now');
      // A long poll waits pollTimeoutMs for the next feed message: start one and leave it waiting.
      const poll = getText(`${s.httpUrl}/poll?after=0`).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      void poll;
    });
    expect(delays.every((d) => d <= CAP)).toBe(true);
    // Per-client push, pushes to all, feed and the delayed rule at least.
    expect(delays.filter((d) => d === CAP).length).toBeGreaterThanOrEqual(4);
    expect(overflowWarnings).toBe(0);
  });
});

describe('what a timer throws is an error event, and the process keeps serving', () => {
  let cli: string;
  let dispose: () => void;
  let dir: string;
  const procs: ScenarioProcess[] = [];

  beforeAll(async () => {
    ({ cli, dispose } = await bundleCli());
    dir = mkdtempSync(join(tmpdir(), 'wslab-timers-'));
  }, 60_000);
  afterEach(async () => {
    for (const p of procs.splice(0)) await p.stop();
  });
  afterAll(() => {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(name: string, scenario: object): Promise<ScenarioProcess> {
    const file = join(dir, `${name}.wsmock.json`);
    writeFileSync(file, JSON.stringify(scenario));
    const p = await startScenarioProcess(cli, file);
    procs.push(p);
    return p;
  }

  /** Pushes and the feed render the client's state and the shared state every 20 ms. */
  const rendersState = {
    rules: [
      {
        match: { json: { type: 'set' } },
        do: [{ set: { '{{json.key}}': '{{json.value}}' } }, { set: { '{{json.key}}': '{{json.value}}' }, scope: 'shared' }],
        reply: { type: 'set-done' },
      },
      { match: { text: 'ping' }, reply: 'pong' },
    ],
    pushes: [
      { everyMs: 20, message: { type: 'mine', state: '{{state}}' } },
      { everyMs: 20, to: 'all', message: { type: 'all', shared: '{{shared}}' } },
    ],
    feed: { everyMs: 20, message: { type: 'feed', shared: '{{shared}}' } },
  };

  /** After `message`, three more rounds of every push, then a ping still answered. */
  async function stillServingAfter(p: ScenarioProcess, message: string): Promise<void> {
    const c = await open(p.url);
    c.send(message);
    await p.whileAlive(c.nextJson((m) => m.type === 'set-done', 10_000), 'the reply to the set');
    for (const type of ['mine', 'all', 'mine', 'all', 'mine', 'all']) {
      await p.whileAlive(c.nextJson((m) => m.type === type, 10_000), `a "${type}" push after the set`);
    }
    c.send('ping');
    const pong = await p.whileAlive((async () => {
      for (;;) if ((await c.next(10_000)).text === 'pong') return 'pong';
    })(), 'the pong');
    expect(pong).toBe('pong');
    expect(p.alive()).toBe(true);
  }

  it('the reported chain: a rule sets a client-chosen key of 200,000 segments, then pushes and the feed render the state', async () => {
    const p = await serve('deep-key', { name: 'deep-key', ...rendersState });
    const key = Array.from({ length: 200_000 }, () => 'a').join('.');
    await stillServingAfter(p, JSON.stringify({ type: 'set', key, value: 1 }));
    // Refused when written (twice: the client's state and the shared state), with the bound named.
    const refusal = await p.line(/ c1\s+error\s+other: state not changed: the key ".*…" has 200000 segments; a key may have at most 16$/);
    expect(refusal).not.toContain('a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a');
  });

  it('a value nested 100,000 levels deep, set by a client, then rendered by pushes and the feed', async () => {
    const p = await serve('deep-value', { name: 'deep-value', ...rendersState });
    // Sent as text: JSON.stringify here would run out of stack before the server sees it.
    await stillServingAfter(p, `{"type":"set","key":"v","value":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    await p.line(/ c1\s+error\s+other: .*nested more than 32 levels deep/);
  });

  it('a push and the feed whose template renders past the bound report it once a second and keep the server serving', async () => {
    // 6 × a 3 MB state = 18 MB, over the 16 MiB a template may render. The push goes to a room
    // nobody is in: it is rendered on every tick but nothing is sent.
    const p = await serve('big-render', {
      name: 'big-render',
      sharedState: { big: 'x'.repeat(3_000_000) },
      rules: [{ match: { text: 'ping' }, reply: 'pong' }],
      pushes: [{ everyMs: 100, to: 'room', room: 'nobody', message: Array.from({ length: 6 }, () => '{{shared}}') }],
      feed: { everyMs: 100, message: Array.from({ length: 6 }, () => '{{shared}}') },
    });
    const c = await open(p.url);
    const pushError = await p.line(/ -\s+error\s+other: push failed: .*more than 16777216 characters/);
    await p.line(/ -\s+error\s+other: feed failed: .*more than 16777216 characters/);
    c.send('ping');
    expect((await p.whileAlive(c.next(10_000), 'the pong')).text).toBe('pong');
    // Ten ticks a second: one report per timer, not ten.
    await new Promise((r) => setTimeout(r, 1000));
    expect(p.lines.filter((l) => l.includes('push failed')).length).toBeLessThanOrEqual(3);
    expect(pushError).toBeTruthy();
    expect(p.alive()).toBe(true);
  });
});
