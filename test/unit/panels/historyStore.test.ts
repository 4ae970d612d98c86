// The timeline history on a real disk (a temporary folder): what a reload brings back, the bound,
// secrets, damaged files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewTimelineEvent, TimelineEvent } from '../../../src/shared/events';
import { TimelineStore } from '../../../src/timeline/timelineStore';
import { Emitter } from '../../../src/util/emitter';
import { HistoryStore, type HistorySource } from '../../../src/panels/timeline/historyStore';

/** A connection as the history sees it: a store, its events and clears. */
class Connection implements HistorySource {
  readonly store = new TimelineStore(100_000);
  private readonly events = new Emitter<TimelineEvent>();
  private readonly cleared = new Emitter<void>();
  readonly onEvent = this.events.on;
  readonly onCleared = this.cleared.on;
  constructor(readonly config: { name: string; url: string } = { name: 'echo', url: 'ws://127.0.0.1:9/' }) {}

  record(event: NewTimelineEvent): void {
    this.events.fire(this.store.append(event));
  }

  say(data: string, dir: 'in' | 'out' = 'out'): void {
    this.record({ time: Date.now(), kind: 'message', dir, opcode: 'text', size: data.length, encoding: 'utf8', data });
  }

  clear(): void {
    this.store.clear();
    this.cleared.fire();
  }
}

let dir: string;
let logged: string[];
const log = { info: (m: string) => logged.push(`info: ${m}`), warn: (m: string) => logged.push(`warn: ${m}`) };
const history = (limits = { maxEvents: 1000, maxBytes: 1 << 20 }, secrets: string[] = []) =>
  new HistoryStore({ dir, limits: () => limits, secrets: async () => secrets, log, flushMs: 5 });
const texts = (c: Connection) => c.store.all().map((e) => (e.kind === 'message' ? e.data : `[${e.kind}] ${'message' in e ? e.message : ''}`));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wslab-history-'));
  logged = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('timeline history store', () => {
  it('what a connection recorded comes back after a reload, followed by a "restored" note, then new events', async () => {
    const before = new Connection();
    const h1 = history();
    await h1.restore('c1', before);
    before.say('hello');
    before.say('hello', 'in');
    await h1.dispose(); // the window goes

    const after = new Connection();
    const h2 = history();
    expect(await h2.restore('c1', after)).toBe(2);
    after.say('again');
    expect(texts(after)).toEqual(['hello', 'hello', expect.stringMatching(/^\[info\] ↑ 2 events restored from the previous session \(the last at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)/), 'again']);
    await h2.dispose();

    // A second reload: the note of the first is not saved, each session adds its own.
    const third = new Connection();
    await history().restore('c1', third);
    expect(texts(third)).toEqual(['hello', 'hello', 'again', expect.stringMatching(/↑ 3 events restored/)]);
  });

  it('events are written within the flush delay, without waiting for shutdown', async () => {
    const c = new Connection();
    const h = history();
    await h.restore('c1', c);
    c.say('soon');
    await new Promise((r) => setTimeout(r, 50));
    expect(await readFile(h.fileOf('c1'), 'utf8')).toContain('"data":"soon"');
    await h.dispose();
  });

  it('the file stays within twice its bound, and a restore gets the newest events', async () => {
    const c = new Connection();
    const h = history({ maxEvents: 10, maxBytes: 1 << 20 });
    await h.restore('c1', c);
    for (let i = 1; i <= 95; i++) {
      c.say(`m${i}`);
      if (i % 7 === 0) await h.flush();
      const lines = existsSync(h.fileOf('c1')) ? (await readFile(h.fileOf('c1'), 'utf8')).trim().split('\n').length - 1 : 0;
      expect(lines).toBeLessThanOrEqual(20);
    }
    await h.dispose();
    const back = new Connection();
    await history({ maxEvents: 10, maxBytes: 1 << 20 }).restore('c1', back);
    expect(texts(back).slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `m${86 + i}`));
  });

  it('a secret in a message or in the URL never reaches the disk', async () => {
    const secret = 'sk_live_51Hsecret';
    const c = new Connection({ name: 'api', url: `wss://bob:pa55word-xyz@example.test/?key=${secret}` });
    const h = history(undefined, [secret]);
    await h.restore('c1', c);
    c.say(`{"key":"${secret}"}`);
    c.say(`reflected ${secret}`, 'in');
    await h.dispose();
    const onDisk = (await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'utf8')))).join('');
    expect(onDisk).toContain('reflected «secret»');
    expect(onDisk).not.toContain(secret);
    expect(onDisk).not.toContain('pa55word-xyz');
  });

  it('clearing the timeline clears its saved history', async () => {
    const c = new Connection();
    const h = history();
    await h.restore('c1', c);
    c.say('gone soon');
    await h.flush();
    c.clear();
    c.say('after clear');
    await h.dispose();
    const back = new Connection();
    await history().restore('c1', back);
    expect(texts(back)[0]).toBe('after clear');
    expect(texts(back)).not.toContain('gone soon');
  });

  it('a damaged file is kept aside, named in the log, and the connection starts empty: no exception', async () => {
    const h = history();
    await writeFile(h.fileOf('c1'), '{"format":"websocket-lab-timeline","version":1,"name":"x","url":"ws://x/","exportedAt":"2026-01-01T00:00:00Z"}\nnot json at all\n');
    const c = new Connection();
    expect(await h.restore('c1', c)).toBe(0);
    expect(c.store.size).toBe(0);
    const files = await readdir(dir);
    const aside = files.find((f) => f.includes('.unreadable-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toContain('not json at all');
    expect(logged.join('\n')).toMatch(new RegExp(`warn: Timeline history of "echo" was not restored: it is damaged \\(line 2, column \\d+: .*\\)\\. The file was kept as .*${aside}`));
    // The new session saves its own history next to it.
    c.say('fresh');
    await h.dispose();
    expect(await readFile(h.fileOf('c1'), 'utf8')).toContain('fresh');
  });

  it('a file cut off mid-line is restored up to the cut, with a warning', async () => {
    const c = new Connection();
    const h = history();
    await h.restore('c1', c);
    c.say('whole');
    await h.dispose();
    await writeFile(h.fileOf('c1'), (await readFile(h.fileOf('c1'), 'utf8')) + '{"seq":2,"time":2,"kind":"mes');
    const back = new Connection();
    expect(await history().restore('c1', back)).toBe(1);
    expect(logged.join('\n')).toMatch(/last line was cut off/);
  });

  it('a deleted connection\'s file is deleted', async () => {
    const c = new Connection();
    const h = history();
    await h.restore('c1', c);
    c.say('x');
    await h.flush();
    expect(existsSync(h.fileOf('c1'))).toBe(true);
    await h.forget('c1');
    expect(existsSync(h.fileOf('c1'))).toBe(false);
  });
});
