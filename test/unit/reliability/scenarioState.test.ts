// Scenario state is bounded by bytes, not only by item counts. The whiteboard kept its last 500
// strokes of up to 1 MiB each: parsed, a stroke of 1 MB of points is about 11 MB of heap, so one
// client sending a few hundred of them ran the server (in VS Code, the extension host) out of
// memory. Now the shared state, each client's state, all clients' state together and any one value
// written have a size in bytes of JSON; a write past a bound is refused with an error event naming
// the limit (the message itself is still recorded and relayed), and an append drops the oldest
// items of its list to stay within the bound. Keys, nesting, rooms and what a template renders are
// bounded too.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseScenarioText, type Scenario } from '../../../src/server';
import { cleanup, open, start, tweak, withTimeout, type StartedServer, type TestClient } from '../server/helpers';
import { bundleCli } from './mockServerProcess';
import { startScenarioProcess, type ScenarioProcess } from './scenarioProcess';

afterEach(cleanup);

/**
 * A whiteboard stroke of about `bytes` bytes of JSON: points (small numbers, as drawn) for up to
 * `pointBytes` of it, the rest in a "note" string.
 */
function stroke(bytes: number, color: string, pointBytes = bytes): string {
  const head = `{"type":"stroke","color":"${color}","points":[`;
  const points: string[] = [];
  let length = head.length + 2;
  for (let i = 0; length < Math.min(bytes, pointBytes); i++) {
    const p = `[${(i * 7) % 1000},${(i * 13) % 1000}]`;
    points.push(p);
    length += p.length + 1;
  }
  const note = bytes - length > 12 ? `,"note":"${'n'.repeat(bytes - length - 10)}"` : '';
  return `${head}${points.join(',')}]${note}}`;
}

const errors = (s: StartedServer): string[] => s.events.flatMap((e) => (e.kind === 'error' ? [e.message] : []));

function receiveCount(c: TestClient, count: number, what: string): Promise<void> {
  let seen = 0;
  return withTimeout(new Promise<void>((resolve) => c.ws.on('message', () => ++seen === count && resolve())), 10_000, `${count} ${what} (got ${seen})`);
}

describe('the whiteboard under a flood of huge strokes', () => {
  let cli: string;
  let dispose: () => void;
  let server: ScenarioProcess | undefined;
  beforeAll(async () => ({ cli, dispose } = await bundleCli()), 60_000);
  afterEach(async () => server?.stop());
  afterAll(() => dispose());

  // The first 20 strokes are all points: parsed, each is about 11 MB of heap, so the 256 MB heap
  // held 20 of them at most. The other 380 carry 50 kB of points and a long note (1 MB of heap each
  // once kept): as many megabytes, parsed fast enough that 400 of them pass in seconds. Without the
  // bounds, the process died of a heap out of memory within the first 30 strokes.
  it('400 strokes of 1 MB to the built-in whiteboard, served by a process with a 256 MB heap: alive and serving afterwards, every message recorded, none stored, RSS bounded', async () => {
    server = await startScenarioProcess(cli, 'whiteboard', { log: 'summary', nodeArgs: ['--max-old-space-size=256'] });
    const p = server;
    // A mask of zeros: ws then sends the same buffer each time instead of masking a copy.
    const a = await open(p.url, undefined, { generateMask: (mask) => mask.fill(0) });
    await a.nextJson((m) => m.type === 'history');
    const points = Buffer.from(stroke(1_000_000, '#big'));
    const noted = Buffer.from(stroke(1_000_000, '#big', 50_000));
    const sent = Array.from({ length: 400 }, (_, i) => new Promise<void>((resolve, reject) => a.ws.send(i < 20 ? points : noted, { binary: false }, (e) => (e ? reject(e) : resolve()))));
    await p.whileAlive(Promise.all(sent), 'the 400 strokes to leave');
    a.send(stroke(200, '#last'));
    // Every message is still recorded (the totals count them), then a newcomer gets the history.
    await p.line(/ -\s+totals\s+.*messages 401 in, /, 20_000);
    const b = await open(p.url);
    const history = await p.whileAlive(b.nextJson<{ type: string; strokes: Array<{ color: string }> }>((m) => m.type === 'history'), 'the history');
    expect(history.strokes.map((s) => s.color)).toEqual(['#last']);
    await p.line(/ c1\s+error\s+other: state not changed: the value for "strokes" is (more than )?\d+ bytes of JSON; one value may hold at most 262144 \(limits\.maxStateValueBytes\)$/);
    expect(p.lines.filter((l) => l.includes('limits.maxStateValueBytes'))).toHaveLength(400);
    expect(p.alive()).toBe(true);
    const rss = p.peakRssMb();
    if (rss !== undefined) expect(rss).toBeLessThan(450);
  }, 60_000);
});

describe('state bounds', () => {
  it('the whiteboard keeps a window of strokes by bytes: the oldest are dropped, the newest kept in order, nothing refused', async () => {
    const s = await start(tweak('whiteboard', (sc) => void (sc.limits = { ...sc.limits, maxSharedStateBytes: 100_000, maxStateValueBytes: 20_000 })));
    const a = await open(s.url);
    const b = await open(s.url);
    await a.nextJson((m) => m.type === 'history');
    await b.nextJson((m) => m.type === 'history');
    const relayed = receiveCount(b, 50, 'strokes relayed');
    for (let i = 0; i < 50; i++) a.send(stroke(10_000, `#${i}`));
    await relayed;
    const c = await open(s.url);
    const history = await c.nextJson<{ strokes: Array<{ color: string }> }>();
    const colors = history.strokes.map((x) => x.color);
    expect(JSON.stringify(history.strokes).length).toBeLessThanOrEqual(100_000);
    expect(colors.length).toBeGreaterThanOrEqual(8);
    // A contiguous tail of what was sent.
    expect(colors).toEqual(Array.from({ length: colors.length }, (_, i) => `#${50 - colors.length + i}`));
    expect(errors(s)).toEqual([]);
  });

  it('a stroke over what one value may hold is refused with an error naming limits.maxStateValueBytes; the message is still recorded and relayed', async () => {
    const s = await start(tweak('whiteboard', (sc) => void (sc.limits = { ...sc.limits, maxStateValueBytes: 20_000 })));
    const a = await open(s.url);
    const b = await open(s.url);
    await a.nextJson((m) => m.type === 'history');
    await b.nextJson((m) => m.type === 'history');
    const text = stroke(30_000, '#too-big');
    a.send(text);
    expect((await b.nextJson<{ color: string }>()).color).toBe('#too-big');
    expect(s.events.some((e) => e.kind === 'message' && e.dir === 'in' && e.size === text.length)).toBe(true);
    expect(errors(s)).toHaveLength(1);
    expect(errors(s)[0]).toMatch(/^state not changed: the value for "strokes" is (more than )?\d+ bytes of JSON; one value may hold at most 20000 \(limits\.maxStateValueBytes\)$/);
    const c = await open(s.url);
    expect((await c.nextJson<{ strokes: unknown[] }>()).strokes).toEqual([]);
  });

  /** A scenario whose clients `put` {id, text} into their state or the shared state and get it back. */
  function notes(limits: Scenario['limits'], scope: 'client' | 'shared'): Scenario {
    return {
      name: 'notes',
      limits,
      rules: [
        {
          match: { json: { type: 'put' } },
          do: [{ set: { 'notes.{{json.id}}': '{{json.text}}' }, scope }],
          reply: { type: 'notes', notes: scope === 'shared' ? '{{shared.notes}}' : '{{state.notes}}' },
        },
        { match: { json: { type: 'count' } }, do: [{ add: { count: 1 }, scope }], reply: { type: 'count', count: scope === 'shared' ? '{{shared.count}}' : '{{state.count}}' } },
      ],
    } as Scenario;
  }
  const put = async (c: TestClient, id: string, text: string): Promise<Record<string, string>> => {
    c.send({ type: 'put', id, text });
    return (await c.nextJson<{ type: string; notes?: Record<string, string> }>((m) => m.type === 'notes')).notes ?? {};
  };

  it('a set that would take the shared state past its bound is refused, naming limits.maxSharedStateBytes, and the state is unchanged; shrinking still works', async () => {
    const s = await start(notes({ maxSharedStateBytes: 1000 }, 'shared'));
    const c = await open(s.url);
    await put(c, '1', 'x'.repeat(400));
    expect(Object.keys(await put(c, '2', 'y'.repeat(400)))).toEqual(['1', '2']);
    expect(Object.keys(await put(c, '3', 'z'.repeat(400)))).toEqual(['1', '2']);
    expect(errors(s)).toHaveLength(1);
    expect(errors(s)[0]).toMatch(/^state not changed: writing "notes\.3" would make the shared state 1\d{3} bytes of JSON, over its limit of 1000 \(limits\.maxSharedStateBytes\)$/);
    expect(await put(c, '1', 'short')).toEqual({ 1: 'short', 2: 'y'.repeat(400) });
    expect(Object.keys(await put(c, '3', 'z'.repeat(400)))).toEqual(['1', '2', '3']);
    c.send({ type: 'count' });
    expect((await c.nextJson((m) => m.type === 'count')).count).toBe(1);
  });

  it("each client's state is bounded (limits.maxClientStateBytes), and all clients' state together (limits.maxTotalClientStateBytes); a client leaving frees its share", async () => {
    const s = await start(notes({ maxClientStateBytes: 1000, maxTotalClientStateBytes: 2500 }, 'client'));
    // One after the other, so that clients[i] is c(i+1).
    const clients: TestClient[] = [];
    for (let i = 0; i < 5; i++) clients.push(await open(s.url));
    expect(await put(clients[0], 'a', 'x'.repeat(600))).toEqual({ a: 'x'.repeat(600) });
    expect(await put(clients[0], 'b', 'x'.repeat(600))).toEqual({ a: 'x'.repeat(600) });
    expect(errors(s).at(-1)).toMatch(/^state not changed: writing "notes\.b" would make client c1's state 1\d{3} bytes of JSON, over its limit of 1000 \(limits\.maxClientStateBytes\)$/);
    for (const c of clients.slice(1, 4)) expect(Object.keys(await put(c, 'a', 'x'.repeat(600)))).toEqual(['a']);
    expect(await put(clients[4], 'a', 'x'.repeat(600))).toEqual({});
    expect(errors(s).at(-1)).toMatch(/^state not changed: writing "notes\.a" would make all clients' state together \d{4} bytes of JSON, over its limit of 2500 \(limits\.maxTotalClientStateBytes\)$/);
    clients[0].ws.close();
    await s.waitForEvent((e) => e.kind === 'client' && e.action === 'disconnected' && e.clientId === 'c1');
    expect(Object.keys(await put(clients[4], 'a', 'x'.repeat(600)))).toEqual(['a']);
  });

  it('keys of more than 16 segments or 256 characters, and values nested more than 32 levels deep, are refused by name', async () => {
    const s = await start({
      name: 'keys',
      rules: [{ match: { json: { type: 'set' } }, do: [{ set: { '{{json.key}}': '{{json.value}}' } }], reply: { type: 'state', state: '{{state}}' } }],
    } as Scenario);
    const c = await open(s.url);
    const set = async (key: string, value: unknown): Promise<unknown> => {
      c.send({ type: 'set', key, value });
      return (await c.nextJson((m) => m.type === 'state')).state;
    };
    const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(await set(Array(17).fill('k').join('.'), 1)).toEqual({});
    expect(errors(s).at(-1)).toBe('state not changed: the key "k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k" has 17 segments; a key may have at most 16');
    expect(await set(Array(16).fill('k').join('.'), 1)).toMatchObject({ k: { k: {} } });
    expect(await set('x'.repeat(257), 1)).not.toHaveProperty('x'.repeat(257));
    expect(errors(s).at(-1)).toBe(`state not changed: the key "${'x'.repeat(40)}…" is 257 characters long; a key may have at most 256`);
    expect(await set('d', nested(31))).toHaveProperty('d');
    expect(await set('e', nested(32))).not.toHaveProperty('e');
    expect(errors(s).at(-1)).toBe('state not changed: the value for "e" is nested more than 32 levels deep (counting the key\'s segments)');
  });

  it('a template that would render more than 16 MiB is refused with an error event, and the server keeps answering', async () => {
    const s = await start({
      name: 'big-reply',
      sharedState: { big: 'x'.repeat(3_000_000) },
      rules: [{ match: { text: 'all of it' }, reply: Array.from({ length: 6 }, () => '{{shared}}') }, { reply: 'small' }],
    } as Scenario);
    const c = await open(s.url);
    c.send('all of it');
    c.send('next');
    expect((await c.next()).text).toBe('small');
    expect(errors(s)).toEqual(['action failed: the template renders more than 16777216 characters (the most a template may render)']);
  });

  it('rooms: a client joins at most 256, and a room name has at most 256 characters', async () => {
    const s = await start({
      name: 'rooms',
      rules: [{ match: { json: { type: 'join' } }, do: [{ join: '{{json.rooms}}' }], reply: { type: 'joined', room: '{{room.name}}' } }],
    } as Scenario);
    const c = await open(s.url);
    c.send({ type: 'join', rooms: Array.from({ length: 300 }, (_, i) => `r${i}`) });
    expect((await c.nextJson()).room).toBe('r255');
    expect(errors(s)).toEqual(['not joined: a client may be in at most 256 rooms (44 more asked for)']);
    c.send({ type: 'join', rooms: ['r0', 'y'.repeat(257)] });
    expect((await c.nextJson()).room).toBe('r0');
    expect(errors(s).at(-1)).toBe(`not joined: the room name "${'y'.repeat(40)}…" is 257 characters long; a room name may have at most 256`);
  });

  it('a scenario whose initial state is already past its bound is refused where it says so', () => {
    const r = parseScenarioText('name: x\nlimits: { maxSharedStateBytes: 10, maxClientStateBytes: 10 }\nsharedState: { a: "xxxxxxxxxx" }\nclientState: { b: "yyyyyyyyyy" }\n', 'x.wsmock.yaml');
    expect(r).toEqual({
      ok: false,
      errors: [
        { line: 3, column: 14, message: '"sharedState" is 18 bytes of JSON, over limits.maxSharedStateBytes (10)' },
        { line: 4, column: 14, message: '"clientState" is 18 bytes of JSON, over limits.maxClientStateBytes (10)' },
      ],
    });
  });

  it('every built-in scenario fits its state bounds as written', async () => {
    const { builtinScenarioNames, builtinScenario } = await import('../../../src/server');
    for (const name of builtinScenarioNames()) {
      const r = parseScenarioText(JSON.stringify(builtinScenario(name)), `${name}.wsmock.json`);
      expect(r.ok, name).toBe(true);
    }
  });
});
