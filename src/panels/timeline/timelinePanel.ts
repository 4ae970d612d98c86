// The timeline + composer webview panel: one per timeline (a connection, or a mock server's view).
// It only moves data: a webview document gets the whole store once, when it says `ready`, then
// live events batched about once per frame; what it asks is handed to the timeline's owner.
// The handshake, validation and replies are the WebviewHost's (../webview/webviewHost.ts).
import * as vscode from 'vscode';
import type { TimelineEvent } from '../../shared/events';
import { type ConnectionStats } from '../../shared/stats';
import { parseWebviewMessage, type HostToWebview, type TimelineInfo, type WebviewToHost, type ComposerHistoryEntry } from '../../shared/protocol/timeline';
import type { SavedMessage } from '../../shared/connection';
import type { TimelineStore } from '../../timeline/timelineStore';
import { EventBatcher } from '../../timeline/eventBatcher';
import { realTimers } from '../../util/timer';
import { webviewOptions } from '../webview/webviewHtml';
import { PanelRegistry, WebviewHost, type WebviewDocument } from '../webview/webviewHost';

/** What a panel shows: a store plus live updates. LiveConnection and mock server timelines fit. */
export interface TimelineSource {
  readonly store: TimelineStore;
  readonly stats: ConnectionStats;
  readonly history: ComposerHistoryEntry[];
  onEvent(listener: (e: TimelineEvent) => void): () => void;
  onStats(listener: (s: ConnectionStats) => void): () => void;
  onCleared(listener: () => void): () => void;
}

export type { Reply } from '../../shared/result';
import type { Reply } from '../../shared/result';

/** What the panel asks its owner to do; everything VS Code-specific is done by the owner. */
export interface TimelineActions {
  info(): TimelineInfo;
  savedMessages(): SavedMessage[];
  handle(message: WebviewToHost, panel: TimelinePanel): Promise<Reply | undefined>;
}

/** Events are flushed to the webview at most this often (one animation frame). */
const FLUSH_MS = 16;
/** Largest batch in one postMessage; a burst bigger than this is split over frames. */
const MAX_BATCH = 5000;

export class TimelinePanel implements vscode.Disposable {
  /** The webview panel type; VS Code restores tabs of this type after a reload (timelineSerializer.ts). */
  static readonly viewType = 'websocketLab.timeline';
  private static readonly open = new PanelRegistry<TimelinePanel>();
  readonly host: WebviewHost<WebviewToHost, HostToWebview>;
  private readonly outbox: EventBatcher<TimelineEvent>;
  private statsDirty = false;
  /** The composer's current message, as its webview last reported it (Copy as Code sends it). */
  draft?: ComposerHistoryEntry;
  private readonly unsubscribe: Array<() => void>;

  static show(
    extensionUri: vscode.Uri,
    id: string,
    source: TimelineSource,
    actions: TimelineActions,
    log: vscode.LogOutputChannel,
    column: vscode.ViewColumn = vscode.ViewColumn.Active,
    restored?: vscode.WebviewPanel,
  ): TimelinePanel {
    const open = TimelinePanel.open.get(id);
    if (restored && open) {
      // A tab VS Code brought back after a reload, for a timeline that is open already.
      restored.dispose();
      return open;
    }
    // Shown (created or revealed) now: it becomes the active editor, though VS Code reports that
    // to the panels a moment later.
    if (!restored) TimelinePanel.lastShown = id;
    return TimelinePanel.open.show(id, column, () => {
      const panel = restored ?? vscode.window.createWebviewPanel(TimelinePanel.viewType, actions.info().title, column, webviewOptions(extensionUri));
      if (restored) {
        panel.webview.options = webviewOptions(extensionUri);
        panel.title = actions.info().title;
      }
      panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'websocket-lab.svg');
      return new TimelinePanel(id, panel, extensionUri, source, actions, log);
    });
  }

  static get(id: string): TimelinePanel | undefined {
    return TimelinePanel.open.get(id);
  }

  /**
   * The id of the timeline that is the active editor tab, if one is. It stays active while the
   * command palette or a side view has the focus, so palette commands act on its connection.
   */
  static activeId(): string | undefined {
    if (TimelinePanel.lastShown && TimelinePanel.open.get(TimelinePanel.lastShown)) return TimelinePanel.lastShown;
    return TimelinePanel.open.findKey((p) => p.panel.active);
  }

  /**
   * The timeline last shown or made active, until another editor is: `panel.active` alone lags
   * (right after a timeline opens, the one it covered still says it is active).
   */
  private static lastShown: string | undefined;

  private constructor(
    readonly id: string,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly source: TimelineSource,
    private readonly actions: TimelineActions,
    log: vscode.LogOutputChannel,
  ) {
    this.outbox = new EventBatcher<TimelineEvent>({
      intervalMs: FLUSH_MS,
      maxBatch: MAX_BATCH,
      maxQueued: () => source.store.retention,
      send: (batch) => this.flush(batch),
      ...realTimers,
    });
    this.host = new WebviewHost<WebviewToHost, HostToWebview>(panel, {
      name: `timeline ${id}`,
      extensionUri,
      page: { title: actions.info().title, bundle: 'timeline' },
      parse: parseWebviewMessage,
      log,
      onReady: (document) => this.sendInit(document),
      onMessage: (message) => actions.handle(message, this),
      onDocumentGone: () => this.outbox.clear(),
    });
    // While no document is ready (not loaded yet, or destroyed with the hidden panel) events stay
    // only in the store: the `init` of the next document carries them.
    this.unsubscribe = [
      source.onEvent((e) => {
        if (this.host.ready) this.outbox.push(e);
      }),
      source.onStats(() => {
        this.statsDirty = true;
        if (this.host.ready) this.outbox.touch();
      }),
      source.onCleared(() => {
        this.outbox.clear();
        this.post({ type: 'cleared' });
      }),
    ];
    const viewState = panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) TimelinePanel.lastShown = id;
      else if (TimelinePanel.lastShown === id) TimelinePanel.lastShown = undefined;
    });
    this.host.onDidDispose(() => {
      viewState.dispose();
      if (TimelinePanel.lastShown === id) TimelinePanel.lastShown = undefined;
      this.outbox.dispose();
      for (const off of this.unsubscribe.splice(0)) off();
    });
  }

  /** Sends a message now if a webview document is ready; otherwise the next `init` covers it. */
  post(message: HostToWebview): void {
    this.host.post(message);
  }

  /** The timeline's owner changed what `info()` returns (an edited connection): show it. */
  refreshInfo(): void {
    const info = this.actions.info();
    this.panel.title = info.title;
    this.post({ type: 'info', info });
  }

  private flush(batch: TimelineEvent[]): void {
    if (!this.host.ready) return;
    if (batch.length) this.post({ type: 'events', events: batch, dropped: this.source.store.dropped });
    if (this.statsDirty) {
      this.statsDirty = false;
      this.post({ type: 'stats', stats: this.source.stats });
    }
  }

  /** Everything the page shows, for a document that just said `ready`; the whole store, so once per document. */
  private sendInit(document: WebviewDocument<HostToWebview>): void {
    this.outbox.clear();
    this.statsDirty = false;
    document.post({
      type: 'init',
      info: this.actions.info(),
      stats: this.source.stats,
      events: this.source.store.all(),
      dropped: this.source.store.dropped,
      retention: this.source.store.retention,
      savedMessages: this.actions.savedMessages(),
      history: this.source.history,
    });
  }

  dispose(): void {
    this.host.dispose();
  }
}
