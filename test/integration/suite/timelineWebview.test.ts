// The timeline webview in a real VS Code: its panels keep no context when hidden
// (retainContextWhenHidden off), so VS Code destroys the page when another editor covers it and
// loads a new one, which posts `ready`, when it is shown again. The whole timeline must then be
// sent once to that new page (not also on showing, which made it twice), nothing may be posted
// while no page is there, and what arrived while hidden must appear.
//
// What crosses between the extension and its webview is watched at VS Code's API: the test wraps
// vscode.window.createWebviewPanel (the extension and this suite share one `vscode` object) and
// records what is posted to each timeline panel and what its pages post back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, waitForEvent } from './helpers';
import type { LiveConnection } from '../../../src/client/liveConnection';
import type { TimelineEvent } from '../../../src/shared/events';

type Started = { url: string; id: string };

interface Crossing {
  /** 'out': the extension posted it to the webview; 'in': a page posted it. */
  dir: 'out' | 'in';
  type: string;
  /** Whether the panel was visible when it was posted. */
  visible: boolean;
  seqs?: number[];
  data?: string[];
}

interface Watched {
  panel: vscode.WebviewPanel;
  log: Crossing[];
}

function watchTimelinePanels(): { panels: Watched[]; restore(): void } {
  const window = vscode.window as { createWebviewPanel: typeof vscode.window.createWebviewPanel };
  const original = window.createWebviewPanel;
  const panels: Watched[] = [];
  window.createWebviewPanel = (...args: Parameters<typeof original>) => {
    const panel = original.apply(vscode.window, args);
    if (args[0] !== 'websocketLab.timeline') return panel;
    const watched: Watched = { panel, log: [] };
    panels.push(watched);
    const webview = panel.webview;
    const post = webview.postMessage.bind(webview);
    webview.postMessage = (message: { type: string; events?: TimelineEvent[] }) => {
      const events = message.events;
      watched.log.push({
        dir: 'out',
        type: message.type,
        visible: panel.visible,
        seqs: events?.map((e) => e.seq),
        data: events?.map((e) => (e.kind === 'message' ? e.data : '')),
      });
      return post(message);
    };
    webview.onDidReceiveMessage((m: { type?: string }) => watched.log.push({ dir: 'in', type: String(m?.type), visible: panel.visible }));
    return panel;
  };
  return { panels, restore: () => void (window.createWebviewPanel = original) };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The events the page shows: the last init, then the batches after it (as main.ts applies them). */
function pageView(log: Crossing[]): { seqs: number[]; data: string[] } {
  const view = { seqs: [] as number[], data: [] as string[] };
  for (const c of log) {
    if (c.dir !== 'out') continue;
    if (c.type === 'init') {
      view.seqs = [...(c.seqs ?? [])];
      view.data = [...(c.data ?? [])];
    } else if (c.type === 'events') {
      view.seqs.push(...(c.seqs ?? []));
      view.data.push(...(c.data ?? []));
    } else if (c.type === 'cleared') {
      view.seqs = [];
      view.data = [];
    }
  }
  return view;
}

const count = (log: Crossing[], dir: Crossing['dir'], type: string) => log.filter((c) => c.dir === dir && c.type === type).length;
const echoes = (c: LiveConnection) => c.store.all().filter((e) => e.kind === 'message' && e.dir === 'in').length;

describe('Timeline webview: hidden and shown again', () => {
  // Which tabs the test opened, as tests on the tab: a Tab object goes stale once VS Code changes
  // the tab (activating or moving it), and closing a stale one throws "Invalid tab not found".
  const opened: Array<(t: vscode.Tab) => boolean> = [];

  afterEach(async () => {
    const mine = opened.splice(0);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => mine.some((m) => m(t)));
    await vscode.window.tabGroups.close(tabs);
    const lab = await api();
    for (const c of lab.connections.list()) await lab.connections.remove(c.config.id);
    for (const s of lab.servers.list()) await lab.servers.stop(s.id);
  });

  it('sends the whole timeline once per page, nothing while hidden, and shows what arrived meanwhile', async () => {
    const server = await vscode.commands.executeCommand<Started>('websocketLab.startMockServer', 'echo');
    const watch = watchTimelinePanels();
    let c: LiveConnection;
    try {
      c = await vscode.commands.executeCommand<LiveConnection>('websocketLab.newConnection', { url: server.url, name: 'hide and show', connect: false });
      await waitUntil(() => watch.panels.length === 1, 'the timeline panel is created');
    } finally {
      watch.restore();
    }
    const { panel, log } = watch.panels[0];
    await waitUntil(() => count(log, 'out', 'init') === 1, 'the first page is sent its init');

    await c.connect();
    await waitForEvent(c, (e) => e.kind === 'open');
    for (const text of ['before 1', 'before 2']) assert.equal((await c.sendComposer('text', text)).ok, true);
    await waitForEvent(c, () => echoes(c) >= 2);
    await waitUntil(() => pageView(log).data.filter((d) => d.startsWith('before')).length === 4, 'the page shows the first messages');

    // Another editor in the same group covers the timeline.
    const other = await vscode.window.showTextDocument(
      vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'package.json'),
      { viewColumn: panel.viewColumn, preview: false },
    );
    opened.push((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === other.document.uri.toString());
    await waitUntil(() => !panel.visible, 'the timeline is hidden');
    const hiddenAt = log.length;

    for (const text of ['while hidden 1', 'while hidden 2']) assert.equal((await c.sendComposer('text', text)).ok, true);
    await waitForEvent(c, () => echoes(c) >= 4);

    await vscode.commands.executeCommand('websocketLab.openTimeline', c.config.id);
    await waitUntil(() => panel.visible, 'the timeline is shown again');
    const readies = () => count(log, 'in', 'ready');
    // VS Code destroyed the hidden page: the new one says ready and gets its init.
    await waitUntil(() => readies() === 2 && count(log, 'out', 'init') >= 2, 'VS Code loads a new page (retainContextWhenHidden is off) and it is sent its init');

    assert.equal((await c.sendComposer('text', 'after')).ok, true);
    await waitForEvent(c, () => echoes(c) >= 5);
    await waitUntil(() => pageView(log).data.includes('after'), 'the page shows a message sent after showing it');
    opened.push((t) => t.input instanceof vscode.TabInputWebview && t.label === 'hide and show');

    // One init per page, each answering that page's `ready`: none on merely showing the panel.
    const handshake = log.filter((x) => (x.dir === 'in' && x.type === 'ready') || (x.dir === 'out' && x.type === 'init')).map((x) => `${x.dir} ${x.type}`);
    assert.deepEqual(handshake, ['in ready', 'out init', 'in ready', 'out init']);
    // Nothing was posted while no page was there to receive it.
    assert.deepEqual(log.slice(hiddenAt).filter((x) => x.dir === 'out' && !x.visible).map((x) => x.type), []);
    // The new page shows every event once, those that arrived while it was hidden included.
    const view = pageView(log);
    assert.deepEqual(view.seqs, c.store.all().map((e) => e.seq));
    for (const text of ['before 1', 'before 2', 'while hidden 1', 'while hidden 2', 'after']) {
      assert.equal(view.data.filter((d) => d === text).length, 2, `"${text}" sent and echoed, each shown once`);
    }
  }).timeout(60_000); // two page loads and a dozen round trips, on a busy machine
});
