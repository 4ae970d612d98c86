// The timeline + composer webview panel: one per timeline (a connection, or a mock server's view).
// It only moves data: events are batched to the webview about once per frame, messages from the
// webview are validated (src/shared/protocol.ts) and handed to the timeline's owner.
import * as vscode from 'vscode';
import type { TimelineEvent } from '../../shared/events';
import { type ConnectionStats } from '../../shared/stats';
import { parseWebviewMessage, type HostToWebview, type TimelineInfo, type WebviewToHost, type ComposerHistoryEntry } from '../../shared/protocol/timeline';
import type { SavedMessage } from '../../shared/connection';
import type { TimelineStore } from '../../timeline/timelineStore';
import { EventBatcher } from '../../timeline/eventBatcher';
import { realTimers } from '../../util/timer';
import { renderWebviewHtml, webviewOptions } from '../webview/webviewHtml';

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
  private static readonly panels = new Map<string, TimelinePanel>();
  private ready = false;
  private readonly outbox: EventBatcher<TimelineEvent>;
  private statsDirty = false;
  private readonly disposables: Array<() => void> = [];

  static show(
    extensionUri: vscode.Uri,
    id: string,
    source: TimelineSource,
    actions: TimelineActions,
    log: vscode.LogOutputChannel,
    column: vscode.ViewColumn = vscode.ViewColumn.Active,
  ): TimelinePanel {
    const existing = TimelinePanel.panels.get(id);
    if (existing) {
      existing.panel.reveal(column);
      return existing;
    }
    const info = actions.info();
    const panel = vscode.window.createWebviewPanel('websocketLab.timeline', info.title, column, webviewOptions(extensionUri));
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'websocket-lab.svg');
    const created = new TimelinePanel(id, panel, extensionUri, source, actions, log);
    TimelinePanel.panels.set(id, created);
    return created;
  }

  static get(id: string): TimelinePanel | undefined {
    return TimelinePanel.panels.get(id);
  }

  private constructor(
    readonly id: string,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly source: TimelineSource,
    private readonly actions: TimelineActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.outbox = new EventBatcher<TimelineEvent>({
      intervalMs: FLUSH_MS,
      maxBatch: MAX_BATCH,
      maxQueued: () => source.store.retention,
      send: (batch) => this.flush(batch),
      ...realTimers,
    });
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, { title: actions.info().title, bundle: 'timeline' });
    panel.webview.onDidReceiveMessage((raw) => void this.onMessage(raw), undefined);
    panel.onDidDispose(() => this.dispose());
    // A hidden webview may be destroyed (retainContextWhenHidden is off to save memory) or kept;
    // either way nothing is posted while hidden, and on showing again it gets the whole store
    // (a recreated webview also posts `ready`, which does the same).
    panel.onDidChangeViewState(() => {
      if (panel.visible && this.ready) this.sendInit();
    });
    this.disposables.push(
      source.onEvent((e) => this.queue(e)),
      source.onStats(() => {
        this.statsDirty = true;
        if (this.ready) this.outbox.touch();
      }),
      source.onCleared(() => {
        this.outbox.clear();
        this.post({ type: 'cleared' });
      }),
    );
  }

  /** Sends a message now if the webview is ready; otherwise it is covered by the next `init`. */
  post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /** The timeline's owner changed what `info()` returns (an edited connection): show it. */
  refreshInfo(): void {
    const info = this.actions.info();
    this.panel.title = info.title;
    this.post({ type: 'info', info });
  }

  private queue(event: TimelineEvent): void {
    if (!this.ready || !this.panel.visible) return; // the next `init` will carry it
    this.outbox.push(event);
  }

  private flush(batch: TimelineEvent[]): void {
    if (!this.ready) return;
    if (batch.length) {
      void this.panel.webview.postMessage({ type: 'events', events: batch, dropped: this.source.store.dropped } satisfies HostToWebview);
    }
    if (this.statsDirty) {
      this.statsDirty = false;
      void this.panel.webview.postMessage({ type: 'stats', stats: this.source.stats } satisfies HostToWebview);
    }
  }

  private sendInit(): void {
    this.outbox.clear();
    const init: HostToWebview = {
      type: 'init',
      info: this.actions.info(),
      stats: this.source.stats,
      events: this.source.store.all(),
      dropped: this.source.store.dropped,
      retention: this.source.store.retention,
      savedMessages: this.actions.savedMessages(),
      history: this.source.history,
    };
    void this.panel.webview.postMessage(init);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`timeline ${this.id}: ignored a malformed webview message (${parsed.error})`);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      this.ready = true;
      this.sendInit();
      return;
    }
    let reply: Reply | undefined;
    try {
      reply = await this.actions.handle(message, this);
    } catch (err) {
      this.log.error(`timeline ${this.id}: ${message.type} failed`, err);
      reply = { ok: false, error: `Failed: ${(err as Error).message}` };
    }
    if ('requestId' in message && reply) {
      this.post(reply.ok ? { type: 'reply', requestId: message.requestId, ok: true, message: reply.message } : { type: 'reply', requestId: message.requestId, ok: false, error: reply.error, position: reply.position });
    }
  }

  dispose(): void {
    if (TimelinePanel.panels.get(this.id) !== this) return;
    TimelinePanel.panels.delete(this.id);
    this.outbox.dispose();
    for (const d of this.disposables) d();
    this.panel.dispose();
  }
}
