// A fake of the little of `vscode` the webview panels use (createWebviewPanel, Uri.joinPath,
// ViewColumn, executeCommand), for unit tests that load src/panels with vi.mock('vscode').
// The panel follows what VS Code does with a panel's webview (OverlayWebview in VS Code's
// sources): the webview *document* lives while the panel is visible; on hide it is destroyed
// unless retainContextWhenHidden, and messages posted while there is none are dropped (postMessage
// resolves false); on show a new document loads the same HTML and its script posts `ready`
// again. Messages posted to a document that is still loading are delivered once it has loaded,
// so they count as received. Tests play the page with `panel.document.load()` / `.send()`.

import { posix } from 'node:path';

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  get size(): number {
    return this.listeners.size;
  }
}

export interface FakeUri {
  readonly path: string;
  with(change: { path: string }): FakeUri;
  toString(): string;
}

export function fakeUri(path: string): FakeUri {
  return { path, with: (change) => fakeUri(change.path), toString: () => `webview-resource:${path}` };
}

/** One webview document: what it received, in order. */
export class FakeDocument {
  readonly received: Array<{ type: string; [key: string]: unknown }> = [];
  loaded = false;
  gone = false;

  constructor(private readonly panel: FakeWebviewPanel) {}

  /** The page's script ran: it posts `ready`, as both our webview bundles do. */
  load(): void {
    this.loaded = true;
    this.send({ type: 'ready' });
  }

  /** The page posts a message to the host. */
  send(message: unknown): void {
    if (this.gone) throw new Error('a destroyed document cannot post');
    this.panel.webview.fromPage.fire(structuredClone(message));
  }

  of(type: string): Array<{ type: string; [key: string]: unknown }> {
    return this.received.filter((m) => m.type === type);
  }
}

export class FakeWebview {
  readonly cspSource = 'webview-resource:';
  readonly fromPage = new Emitter<unknown>();
  readonly onDidReceiveMessage = this.fromPage.event;
  /** postMessage calls that reached no document (VS Code drops them). */
  dropped = 0;
  private page = '';

  constructor(private readonly panel: FakeWebviewPanel) {}

  get html(): string {
    return this.page;
  }

  set html(value: string) {
    this.page = value;
    this.panel.replaceDocument();
  }

  asWebviewUri(uri: FakeUri): FakeUri {
    return uri;
  }

  postMessage(message: unknown): Promise<boolean> {
    const document = this.panel.document;
    if (!document) {
      this.dropped++;
      return Promise.resolve(false);
    }
    document.received.push(structuredClone(message) as { type: string });
    return Promise.resolve(true);
  }
}

export class FakeWebviewPanel {
  readonly webview = new FakeWebview(this);
  readonly documents: FakeDocument[] = [];
  document: FakeDocument | undefined;
  visible = true;
  disposed = false;
  iconPath: unknown;
  readonly viewState = new Emitter<unknown>();
  readonly disposal = new Emitter<void>();
  readonly onDidChangeViewState = this.viewState.event;
  readonly onDidDispose = this.disposal.event;

  constructor(
    readonly viewType: string,
    public title: string,
    readonly options: { retainContextWhenHidden?: boolean },
  ) {}

  /** Another editor took the panel's place in its group. */
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    if (!this.options.retainContextWhenHidden) this.destroyDocument();
    this.viewState.fire({ webviewPanel: this });
  }

  reveal(): void {
    if (this.visible) return;
    this.visible = true;
    if (!this.document && this.webview.html) this.newDocument();
    this.viewState.fire({ webviewPanel: this });
  }

  /** "Developer: Reload Webviews", or the html set again: a new document, the panel stays visible. */
  replaceDocument(): void {
    this.destroyDocument();
    if (this.visible) this.newDocument();
  }

  /** The user closed the tab. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.destroyDocument();
    this.disposal.fire();
  }

  /** Listeners on the panel and its webview (0 once the host has let go). */
  get listeners(): number {
    return this.viewState.size + this.disposal.size + this.webview.fromPage.size;
  }

  private newDocument(): void {
    this.document = new FakeDocument(this);
    this.documents.push(this.document);
  }

  private destroyDocument(): void {
    if (this.document) this.document.gone = true;
    this.document = undefined;
  }
}

export const created: FakeWebviewPanel[] = [];
export const executed: Array<{ command: string; args: unknown[] }> = [];
/** Tests set it to see a panel behave as with retainContextWhenHidden on. */
export const overrides: { retainContextWhenHidden?: boolean } = {};

export const vscode = {
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  Uri: { joinPath: (base: FakeUri, ...parts: string[]) => fakeUri(posix.join(base.path, ...parts)) },
  window: {
    createWebviewPanel(viewType: string, title: string, _column: number, options: { retainContextWhenHidden?: boolean }) {
      const panel = new FakeWebviewPanel(viewType, title, { ...options, ...overrides });
      created.push(panel);
      return panel;
    },
  },
  commands: {
    executeCommand(command: string, ...args: unknown[]) {
      executed.push({ command, args });
      return Promise.resolve(undefined);
    },
  },
};

export const log = {
  warnings: [] as string[],
  errors: [] as string[],
  warn(message: string) {
    this.warnings.push(message);
  },
  error(message: string) {
    this.errors.push(message);
  },
};
