// The webview panels over the stand-in for VS Code's panel (test/support/fakeVscode.ts: a hidden
// panel's document is destroyed, a shown one loads a new document that posts `ready`, posts
// without a document are dropped). What the page receives is what a user would see: every event
// once, the whole store only when a new document needs it, each answer next to the request that
// asked.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineEvent } from '../../../src/shared/events';
import type { ConnectionStats } from '../../../src/shared/stats';
import type { WebviewToHost } from '../../../src/shared/protocol/timeline';
import type { Reply } from '../../../src/shared/result';
import { TimelineStore } from '../../../src/timeline/timelineStore';
import { fake, Uri, window, type FakeDocument, type FakeWebviewPanel } from '../../support/fakeVscode';

vi.mock('vscode', () => import('../../support/fakeVscode'));
vi.mock('../../../src/lessons/index', () => ({ renderLesson: (markdown: string) => `<p>${markdown}</p>` }));

const { TimelinePanel } = await import('../../../src/panels/timeline/timelinePanel');
const { LessonPanel } = await import('../../../src/panels/lessons/lessonPanel');

const STATS: ConnectionStats = { state: 'OPEN', messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, queueLength: 0, bufferedAmount: 0 };
const extensionUri = Uri.file('/ext');
const { panels: created, executed } = fake;
/** The output channel the panels log to; a new one for each test. */
let log = window.createOutputChannel();
const FRAME = 16;

/** A timeline as LiveConnection exposes it: a store and its live updates. */
class FakeSource {
  readonly store = new TimelineStore();
  stats: ConnectionStats = { ...STATS };
  readonly history = [];
  private readonly events = new Set<(e: TimelineEvent) => void>();
  private readonly statsListeners = new Set<(s: ConnectionStats) => void>();
  private readonly cleared = new Set<() => void>();

  message(data: string): TimelineEvent {
    const e = this.store.append({ kind: 'message', time: Date.now(), dir: 'in', opcode: 'text', size: data.length, encoding: 'utf8', data });
    for (const l of this.events) l(e);
    return e;
  }
  setStats(s: Partial<ConnectionStats>): void {
    this.stats = { ...this.stats, ...s };
    for (const l of this.statsListeners) l(this.stats);
  }
  clear(): void {
    this.store.clear();
    for (const l of this.cleared) l();
  }
  get listeners(): number {
    return this.events.size + this.statsListeners.size + this.cleared.size;
  }
  onEvent(l: (e: TimelineEvent) => void) {
    this.events.add(l);
    return () => void this.events.delete(l);
  }
  onStats(l: (s: ConnectionStats) => void) {
    this.statsListeners.add(l);
    return () => void this.statsListeners.delete(l);
  }
  onCleared(l: () => void) {
    this.cleared.add(l);
    return () => void this.cleared.delete(l);
  }
}

let nextId = 0;
function openTimeline(handle: (m: WebviewToHost) => Promise<Reply | undefined> = async () => undefined) {
  const id = `conn-${++nextId}`;
  const source = new FakeSource();
  const actions = {
    info: () => ({ id, side: 'client' as const, title: `Timeline ${id}`, url: 'ws://localhost:1/' }),
    savedMessages: () => [],
    handle,
  };
  const show = () => TimelinePanel.show(extensionUri as never, id, source, actions, log as never);
  const timeline = show();
  const panel = created.at(-1)!;
  return { id, source, timeline, panel, show, doc: () => panel.document! };
}

/** Lets the host's async message handling and the batcher's frame timer run. */
async function settle(ms = FRAME): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/** The rows the page shows, applying what it received as media/webview/timeline/main.ts does. */
function seqsOf(doc: FakeDocument): number[] {
  let shown: number[] = [];
  for (const m of doc.received) {
    if (m.type === 'init') shown = (m.events as TimelineEvent[]).map((e) => e.seq); // replaces even batches that came first
    else if (m.type === 'events') shown.push(...(m.events as TimelineEvent[]).map((e) => e.seq));
    else if (m.type === 'cleared') shown = [];
  }
  return shown;
}
const allInits = (panel: FakeWebviewPanel) => panel.documents.flatMap((d) => d.of('init'));

beforeEach(() => {
  vi.useFakeTimers();
  fake.reset();
  log = window.createOutputChannel();
});
afterEach(() => {
  for (const p of created) p.dispose();
  vi.useRealTimers();
});

describe('timeline panel: what each webview document receives', () => {
  it('a document gets the whole timeline once, when it says ready, then only new events', async () => {
    const { source, panel, doc } = openTimeline();
    source.message('a');
    source.message('b');
    await settle();
    expect(doc().received).toEqual([]); // not loaded yet: nothing to post to
    doc().load();
    await settle();
    expect(doc().of('init')).toHaveLength(1);
    source.message('c');
    await settle();
    expect(doc().received.map((m) => m.type)).toEqual(['init', 'events']);
    expect(seqsOf(doc())).toEqual([1, 2, 3]);
    expect(panel.webview.dropped).toBe(0);
  });

  it('hidden and shown again: the new document gets one init, with what arrived while hidden; nothing is posted in between', async () => {
    const { source, panel, show, doc } = openTimeline();
    doc().load();
    source.message('before');
    await settle();
    const first = doc();

    panel.hide();
    expect(first.gone).toBe(true);
    source.message('while hidden 1');
    source.setStats({ messagesIn: 2 });
    source.message('while hidden 2');
    await settle(1000);
    expect(panel.webview.dropped).toBe(0); // nothing serialised for a document that is not there

    show(); // the user picks the tab again (reveal)
    const second = doc();
    expect(second).not.toBe(first);
    await settle();
    // Showing alone sends nothing: the new document has not loaded, and its `ready` will ask.
    expect(second.received).toEqual([]);
    second.load();
    await settle();
    source.message('after');
    await settle();

    expect(second.of('init')).toHaveLength(1);
    expect(seqsOf(second)).toEqual([1, 2, 3, 4]);
    expect((second.of('init')[0].stats as ConnectionStats).messagesIn).toBe(2);
    expect(first.of('init')).toHaveLength(1);
    expect(allInits(panel)).toHaveLength(panel.documents.length);
    expect(panel.webview.dropped).toBe(0);
  });

  it('hidden and shown many times, a document never gets the store twice', async () => {
    const { source, panel, show, doc } = openTimeline();
    doc().load();
    for (let i = 0; i < 5; i++) {
      source.message(`m${i}`);
      await settle();
      panel.hide();
      source.message(`hidden ${i}`);
      show();
      doc().load();
      await settle();
    }
    for (const d of panel.documents) expect(d.of('init')).toHaveLength(1);
    expect(seqsOf(doc())).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('a document replaced while visible (Reload Webviews) gets its own init', async () => {
    const { source, panel, doc } = openTimeline();
    doc().load();
    source.message('a');
    await settle();
    panel.replaceDocument();
    source.message('b');
    await settle();
    doc().load();
    await settle();
    expect(panel.documents.map((d) => d.of('init').length)).toEqual([1, 1]);
    expect(seqsOf(doc())).toEqual([1, 2]);
  });

  it('with retainContextWhenHidden the document lives on: it keeps receiving while hidden and is not sent the store again', async () => {
    fake.retainContextWhenHidden = true;
    const { source, panel, show, doc } = openTimeline();
    doc().load();
    source.message('a');
    panel.hide();
    source.message('while hidden');
    await settle();
    show();
    source.message('shown');
    await settle();
    expect(panel.documents).toHaveLength(1);
    expect(doc().of('init')).toHaveLength(1);
    expect(seqsOf(doc())).toEqual([1, 2, 3]);
  });

  it('stats, info and clear reach a ready document; while none is, the next init carries them', async () => {
    const { source, timeline, panel, show, doc } = openTimeline();
    doc().load();
    source.setStats({ messagesIn: 7 });
    await settle();
    expect(doc().of('stats').map((m) => (m.stats as ConnectionStats).messagesIn)).toEqual([7]);
    timeline.refreshInfo();
    expect(doc().of('info')).toHaveLength(1);
    source.message('x');
    source.clear();
    await settle();
    expect(doc().of('cleared')).toHaveLength(1);
    expect(doc().of('events')).toEqual([]); // the event queued before the clear is not sent after it

    panel.hide();
    source.message('y');
    timeline.refreshInfo();
    show();
    doc().load();
    await settle();
    expect(doc().received.map((m) => m.type)).toEqual(['init']);
    expect(seqsOf(doc())).toEqual([2]);
  });
});

describe('timeline panel: messages from the page', () => {
  it('a request is answered with the reply quoting its id; one the handler does not answer gets a plain success', async () => {
    const handled: WebviewToHost[] = [];
    const { doc } = openTimeline(async (m) => {
      handled.push(m);
      return m.type === 'send' ? { ok: false, error: 'Not connected', position: 2, extra: 'not protocol' } as Reply : undefined;
    });
    doc().load();
    doc().send({ type: 'send', requestId: 7, format: 'text', body: 'hi' });
    doc().send({ type: 'connect', requestId: 8 });
    doc().send({ type: 'clear' });
    await settle();
    expect(handled.map((m) => m.type)).toEqual(['send', 'connect', 'clear']);
    expect(doc().of('reply')).toEqual([
      { type: 'reply', requestId: 7, ok: false, error: 'Not connected', position: 2 },
      { type: 'reply', requestId: 8, ok: true },
    ]);
  });

  it('a handler that throws answers the request with a failure and is logged', async () => {
    const { doc } = openTimeline(async () => {
      throw new Error('disk full');
    });
    doc().load();
    doc().send({ type: 'saveMessage', requestId: 3, message: { name: 'n', format: 'text', body: 'b' } });
    await settle();
    expect(doc().of('reply')).toEqual([{ type: 'reply', requestId: 3, ok: false, error: 'Failed: disk full' }]);
    expect(log.errors).toEqual([expect.stringContaining('saveMessage failed')]);
  });

  it('malformed messages are logged and ignored', async () => {
    const handle = vi.fn(async () => undefined);
    const { doc } = openTimeline(handle);
    doc().load();
    doc().send({ type: 'send', format: 'text', body: 'no request id' });
    doc().send({ type: 'launchMissiles', requestId: 1 });
    doc().send('ready');
    await settle();
    expect(handle).not.toHaveBeenCalled();
    expect(doc().received.map((m) => m.type)).toEqual(['init']);
    expect(log.warnings).toHaveLength(3);
  });

  it('an answer for a document that went away is not given to the new one (its ids start again)', async () => {
    let finish: (r: Reply) => void = () => {};
    const { panel, show, doc } = openTimeline((m) => (m.type === 'send' ? new Promise((r) => (finish = r)) : Promise.resolve(undefined)));
    doc().load();
    doc().send({ type: 'send', requestId: 1, format: 'text', body: 'slow' });
    await settle();
    panel.hide();
    show();
    doc().load();
    await settle();
    finish({ ok: true, message: 'sent' });
    await settle();
    expect(panel.documents.flatMap((d) => d.of('reply'))).toEqual([]);
  });

  it('closing the panel stops listening to the timeline; opening it again makes a new panel', async () => {
    const { id, source, panel, show } = openTimeline();
    panel.document!.load();
    await settle();
    panel.dispose();
    expect(source.listeners).toBe(0);
    expect(panel.listeners).toBe(0);
    expect(TimelinePanel.get(id)).toBeUndefined();
    source.message('after close');
    await settle();
    const again = show();
    expect(created.at(-1)).not.toBe(panel);
    expect(TimelinePanel.get(id)).toBe(again);
  });

  it('showing an open timeline reveals its panel instead of making another', () => {
    const { id, timeline, panel, show } = openTimeline();
    panel.hide();
    expect(show()).toBe(timeline);
    expect(created.filter((p) => p.viewType === 'websocketLab.timeline')).toHaveLength(1);
    expect(panel.visible).toBe(true);
    expect(TimelinePanel.get(id)).toBe(timeline);
  });
});

describe('lesson panel', () => {
  const lesson = (title: string, markdown: string) => ({ module: 1, title, markdown, passed: false, onTopicVisible: vi.fn() });

  it('each document gets the current lesson once; a new lesson replaces it; hidden, results are not posted', async () => {
    const first = lesson('Frames', 'frames');
    LessonPanel.show(extensionUri as never, first, log as never);
    const panel = created.at(-1)!;
    panel.document!.load();
    await settle();
    expect(panel.document!.of('lesson').map((m) => m.html)).toEqual(['<p>frames</p>']);

    LessonPanel.show(extensionUri as never, lesson('Close', 'close'), log as never);
    await settle();
    expect(panel.document!.of('lesson').map((m) => m.title)).toEqual(['Frames', 'Close']);
    expect(panel.title).toBe('Close');

    panel.hide();
    LessonPanel.current()!.post({ type: 'exerciseResult', exerciseId: 'm1', passed: true, message: 'ok' });
    expect(panel.webview.dropped).toBe(0);
    LessonPanel.show(extensionUri as never, lesson('Ping', 'ping'), log as never);
    await settle();
    expect(panel.document!.received).toEqual([]);
    panel.document!.load();
    await settle();
    expect(panel.document!.received.map((m) => m.title)).toEqual(['Ping']);
    expect(created.filter((p) => p.viewType === 'websocketLab.lesson')).toHaveLength(1);
  });

  it('runs the websocketLab commands its links ask for, reports topics, and ignores other commands', async () => {
    const content = lesson('Frames', 'frames');
    LessonPanel.show(extensionUri as never, content, log as never);
    const doc = created.at(-1)!.document!;
    doc.load();
    doc.send({ type: 'command', command: 'websocketLab.startMockServer', args: ['echo'] });
    doc.send({ type: 'command', command: 'workbench.action.terminal.new', args: [] });
    doc.send({ type: 'topicVisible', topic: 'Opcodes' });
    await settle();
    expect(executed).toEqual([{ command: 'websocketLab.startMockServer', args: ['echo'] }]);
    expect(content.onTopicVisible).toHaveBeenCalledWith('Opcodes');
    expect(log.warnings).toEqual([expect.stringContaining('only websocketLab.* commands')]);
  });
});
