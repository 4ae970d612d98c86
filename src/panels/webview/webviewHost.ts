// What every webview panel of ours does the same way: one panel per key (reveal it if open),
// the page's HTML (webviewHtml.ts), the `ready` handshake, validated inbound messages, requests
// answered with a `reply` (src/shared/protocol/rpc.ts), and cleanup. A panel (timeline, lesson)
// only says what its page shows and what each message does.
//
// A webview *document* is not the panel. With retainContextWhenHidden off (our panels, to save
// memory), VS Code destroys the document when the panel is hidden and loads a new one, which
// posts `ready` again, when it is shown; messages posted in between are dropped. So:
// - the page gets everything it shows (the owner's `onReady`) once per document: when that
//   document says `ready`, never on merely becoming visible, which would send it twice;
// - while no document is ready, posts are dropped: the next `onReady` covers them;
// - a reply to a document that went away is dropped too: the new document numbers its requests
//   from 1 again and would take it for the answer to one of its own.
// With retainContextWhenHidden on, the document lives on while hidden and keeps receiving.
//
// Only types come from `vscode`, so unit tests drive this with a small fake of the panel.

import type * as vscode from 'vscode';
import { fail, ok, type Reply, type Result } from '../../shared/result';
import { replyMessage, requestIdOf } from '../../shared/protocol/rpc';
import { renderWebviewHtml, type WebviewPage } from './webviewHtml';

/** The parts of vscode.WebviewPanel a host uses. */
export interface HostPanel {
  readonly webview: Pick<vscode.Webview, 'cspSource' | 'asWebviewUri' | 'postMessage' | 'onDidReceiveMessage'> & { html: string };
  readonly options: vscode.WebviewPanelOptions;
  readonly visible: boolean;
  title: string;
  reveal(viewColumn?: vscode.ViewColumn): void;
  dispose(): void;
  readonly onDidDispose: vscode.Event<void>;
  readonly onDidChangeViewState: vscode.Event<unknown>;
}

export type Parsed<T> = Result<{ message: T }>;

/** One webview document that said `ready`: posts reach it, or are dropped once it is gone. */
export interface WebviewDocument<Out> {
  readonly live: boolean;
  post(message: Out): boolean;
}

export interface WebviewHostSpec<In extends { type: string }, Out> {
  /** Names the panel in log lines, e.g. "timeline conn-1". */
  name: string;
  extensionUri: vscode.Uri;
  page: WebviewPage;
  /** Validates what a page sent; the host logs and ignores what fails. */
  parse(raw: unknown): Parsed<In>;
  log: Pick<vscode.LogOutputChannel, 'warn' | 'error'>;
  /** A new document said `ready`: post it everything it shows. Called once per document. */
  onReady(document: WebviewDocument<Out>): void | Promise<void>;
  /** Any other message; for a request, what it returns is the reply (undefined: plain success). */
  onMessage(message: Exclude<In, { type: 'ready' }>): Reply | undefined | Promise<Reply | undefined>;
  /** The ready document was destroyed (hidden, reloaded, closed): whatever waits for it is moot. */
  onDocumentGone?(): void;
}

export class WebviewHost<In extends { type: string }, Out> {
  /** The document that said `ready` and still lives, if any. */
  private current: LiveDocument<Out> | undefined;
  private wasVisible: boolean;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposeListeners: Array<() => void> = [];

  constructor(
    readonly panel: HostPanel,
    private readonly spec: WebviewHostSpec<In, Out>,
  ) {
    this.wasVisible = panel.visible;
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidChangeViewState(() => this.viewStateChanged()),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = renderWebviewHtml(panel.webview, spec.extensionUri, spec.page);
  }

  /** True while a document that said `ready` lives: only then do posts arrive. */
  get ready(): boolean {
    return this.current?.live ?? false;
  }

  /** Posts to the ready document; dropped (false) when there is none, as its `onReady` will cover it. */
  post(message: Out): boolean {
    return this.current?.post(message) ?? false;
  }

  reveal(viewColumn?: vscode.ViewColumn): void {
    this.panel.reveal(viewColumn);
  }

  onDidDispose(listener: () => void): void {
    if (this.disposed) listener();
    else this.disposeListeners.push(listener);
  }

  private viewStateChanged(): void {
    const visible = this.panel.visible;
    if (visible === this.wasVisible) return; // moved, focused or blurred: the document is the same
    this.wasVisible = visible;
    if (!visible && !this.panel.options.retainContextWhenHidden) this.documentGone();
  }

  private documentGone(): void {
    if (!this.current) return;
    this.current.live = false;
    this.current = undefined;
    this.spec.onDocumentGone?.();
  }

  private async receive(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const parsed = this.spec.parse(raw);
    if (!parsed.ok) {
      this.spec.log.warn(`${this.spec.name}: ignored a malformed webview message (${parsed.error})`);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      await this.documentReady();
      return;
    }
    // The document that asked: the reply goes to it or nowhere.
    const asker = this.current;
    const requestId = requestIdOf(message);
    let reply: Reply | undefined;
    try {
      reply = await this.spec.onMessage(message as Exclude<In, { type: 'ready' }>);
    } catch (err) {
      this.spec.log.error(`${this.spec.name}: ${message.type} failed`, err);
      reply = fail(`Failed: ${(err as Error)?.message ?? String(err)}`);
    }
    // Every request is answered, so the control that asked never waits for a timeout.
    if (requestId !== undefined && asker?.live) void asker.postRaw(replyMessage(requestId, reply ?? ok()));
  }

  private async documentReady(): Promise<void> {
    // A `ready` while one is current means VS Code replaced the document without hiding the
    // panel (Reload Webviews, a move to another window): the old one is gone all the same.
    this.documentGone();
    const document = new LiveDocument<Out>(this.panel.webview);
    this.current = document;
    try {
      await this.spec.onReady(document);
    } catch (err) {
      this.spec.log.error(`${this.spec.name}: preparing the webview failed`, err);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.documentGone();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
    this.panel.dispose();
  }
}

class LiveDocument<Out> implements WebviewDocument<Out> {
  live = true;

  constructor(private readonly webview: HostPanel['webview']) {}

  post(message: Out): boolean {
    return this.postRaw(message);
  }

  postRaw(message: unknown): boolean {
    if (!this.live) return false;
    void this.webview.postMessage(message);
    return true;
  }
}

/** The open panels of one kind, one per key (a connection id, a server id, "lesson"). */
export class PanelRegistry<P extends { readonly host: Pick<WebviewHost<never, unknown>, 'reveal' | 'onDidDispose'> }> {
  private readonly open = new Map<string, P>();

  get(key: string): P | undefined {
    return this.open.get(key);
  }

  /** The key of the first open panel `test` accepts. */
  findKey(test: (panel: P) => boolean): string | undefined {
    for (const [key, panel] of this.open) if (test(panel)) return key;
    return undefined;
  }

  /** Reveals the panel open for `key`, or creates it; it leaves the registry when disposed. */
  show(key: string, viewColumn: vscode.ViewColumn | undefined, create: () => P): P {
    const existing = this.open.get(key);
    if (existing) {
      existing.host.reveal(viewColumn);
      return existing;
    }
    const created = create();
    this.open.set(key, created);
    created.host.onDidDispose(() => {
      if (this.open.get(key) === created) this.open.delete(key);
    });
    return created;
  }
}
