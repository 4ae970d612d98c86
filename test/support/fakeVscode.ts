// A stand-in for VS Code, used only by unit tests: it is NOT VS Code. The real extension runs in
// code-server in test/integration and test/e2e; this lets unit tests run src/panels and
// src/extension.ts without it: `vi.mock('vscode', () => import('<path to>/support/fakeVscode'))`.
//
// It implements the little the extension touches while activating, running commands and showing
// its webview panels, and records in `fake` what a user would see (messages, context keys, webview
// panels and what their pages received) and what was registered. Quick picks and input boxes
// answer undefined (the user pressed Escape). Registering a command id twice throws, as VS Code
// does ("command ... already exists").
//
// A webview panel follows what VS Code does with a panel's webview (OverlayWebview in VS Code's
// sources): the webview *document* lives while the panel is visible; on hide it is destroyed
// unless retainContextWhenHidden, and messages posted while there is none are dropped (postMessage
// resolves false); on show a new document loads the same HTML and its script posts `ready`
// again. Messages posted to a document that is still loading are delivered once it has loaded,
// so they count as received. Tests play the page with `panel.document.load()` / `.send()`.

import { posix } from 'node:path';

type Listener<T> = (value: T) => unknown;

class Disposable {
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
  /** For tests: how many listeners are subscribed. */
  get listenerCount(): number {
    return this.listeners.size;
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly path: string) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return base.with({ path: posix.join(base.path, ...parts) });
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export enum ViewColumn { Active = -1, Beside = -2, One = 1 }
export enum StatusBarAlignment { Left = 1 }
export enum TreeItemCollapsibleState { None = 0, Collapsed = 1 }

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(readonly label: string, readonly collapsibleState?: TreeItemCollapsibleState) {}
}
export class ThemeIcon {
  constructor(readonly id: string, readonly color?: ThemeColor) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  constructor(readonly value = '', readonly supportThemeIcons = false) {}
}

/** One webview document: what it received, in order. */
export class FakeDocument {
  readonly received: Array<{ type: string; [key: string]: unknown }> = [];
  gone = false;

  constructor(private readonly panel: FakeWebviewPanel) {}

  /** The page's script ran: it posts `ready`, as both our webview bundles do. */
  load(): void {
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

class FakeWebview {
  readonly cspSource = 'webview-resource:';
  readonly fromPage = new EventEmitter<unknown>();
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

  asWebviewUri(uri: Uri): Uri {
    return uri.with({ scheme: 'webview-resource' });
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
  private readonly viewState = new EventEmitter<unknown>();
  private readonly disposal = new EventEmitter<void>();
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
    return this.viewState.listenerCount + this.disposal.listenerCount + this.webview.fromPage.listenerCount;
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

type Handler = (...args: unknown[]) => unknown;

/** What the fake saw; reset() between tests. */
export const fake = {
  /** Registered command id → handler. */
  commands: new Map<string, Handler>(),
  /** Context keys set with `setContext`. */
  contexts: new Map<string, unknown>(),
  /** Commands run that are not registered here (VS Code's own, like `<view>.focus`). */
  executed: [] as Array<{ command: string; args: unknown[] }>,
  /** Notifications shown, in order. */
  messages: [] as Array<{ level: 'info' | 'warning' | 'error'; text: string }>,
  /** Tree views created, by view id. */
  treeViews: [] as string[],
  /** Webview panels created, in order. */
  panels: [] as FakeWebviewPanel[],
  /** Set to make every panel behave as with retainContextWhenHidden on. */
  retainContextWhenHidden: false,
  /** What was last copied to the clipboard. */
  clipboard: '',
  reset(): void {
    this.commands.clear();
    this.contexts.clear();
    this.executed.length = 0;
    this.messages.length = 0;
    this.treeViews.length = 0;
    this.panels.length = 0;
    this.retainContextWhenHidden = false;
    this.clipboard = '';
  },
};

export const commands = {
  registerCommand(id: string, handler: Handler): Disposable {
    if (fake.commands.has(id)) throw new Error(`command '${id}' already exists`);
    fake.commands.set(id, handler);
    return new Disposable(() => {
      if (fake.commands.get(id) === handler) fake.commands.delete(id);
    });
  },
  async executeCommand<T>(command: string, ...args: unknown[]): Promise<T> {
    if (command === 'setContext') {
      fake.contexts.set(String(args[0]), args[1]);
      return undefined as T;
    }
    const handler = fake.commands.get(command);
    if (handler) return (await handler(...args)) as T;
    fake.executed.push({ command, args });
    return undefined as T;
  },
};

const message = (level: 'info' | 'warning' | 'error') => async (text: string): Promise<undefined> => {
  fake.messages.push({ level, text });
  return undefined;
};

/** A LogOutputChannel that keeps its warnings and errors, for tests to read. */
const logChannel = () => {
  const noop = () => undefined;
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    warn: (text: string) => void warnings.push(text),
    error: (text: string) => void errors.push(text),
    info: noop, debug: noop, trace: noop, append: noop, appendLine: noop, show: noop, dispose: noop,
  };
};

export const window = {
  createOutputChannel: logChannel,
  createTreeView(id: string) {
    fake.treeViews.push(id);
    return new Disposable(() => undefined);
  },
  createWebviewPanel(viewType: string, title: string, _column: ViewColumn, options: { retainContextWhenHidden?: boolean }) {
    const retainContextWhenHidden = fake.retainContextWhenHidden || options.retainContextWhenHidden;
    const panel = new FakeWebviewPanel(viewType, title, { ...options, retainContextWhenHidden });
    fake.panels.push(panel);
    return panel;
  },
  createStatusBarItem() {
    return { text: '', tooltip: '', name: '', command: undefined as unknown, show: () => undefined, hide: () => undefined, dispose: () => undefined };
  },
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  showQuickPick: async () => undefined,
  showInputBox: async () => undefined,
  showOpenDialog: async () => undefined,
  showSaveDialog: async () => undefined,
  setStatusBarMessage: () => new Disposable(() => undefined),
  registerWebviewPanelSerializer: () => new Disposable(() => undefined),
};

export const workspace = {
  isTrusted: true,
  workspaceFolders: undefined as Array<{ uri: Uri }> | undefined,
  textDocuments: [] as unknown[],
  onDidOpenTextDocument: () => new Disposable(() => undefined),
  onDidChangeTextDocument: () => new Disposable(() => undefined),
  onDidCloseTextDocument: () => new Disposable(() => undefined),
  onDidChangeConfiguration: () => new Disposable(() => undefined),
  registerTextDocumentContentProvider: () => new Disposable(() => undefined),
  getConfiguration() {
    return { get: <T>(_key: string, fallback?: T) => fallback };
  },
  fs: {
    async readFile(): Promise<Uint8Array> {
      throw new Error('no file system in unit tests');
    },
    async writeFile(): Promise<void> {},
    async createDirectory(): Promise<void> {},
  },
};

/** Scenario diagnostics (src/panels/servers/scenarioDiagnostics.ts): no text documents in unit tests. */
export const languages = {
  createDiagnosticCollection: () => ({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined }),
};

export const env = {
  clipboard: {
    async writeText(text: string): Promise<void> {
      fake.clipboard = text;
    },
  },
};

/** An ExtensionContext with in-memory state: everything disposable is in `subscriptions`. */
export function fakeExtensionContext() {
  const state = new Map<string, unknown>();
  const workspaceState = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  const subscriptions: Array<{ dispose(): unknown }> = [];
  return {
    subscriptions,
    extensionUri: Uri.file('/extension'),
    globalStorageUri: Uri.file('/global-storage'),
    globalState: {
      get: <T>(key: string, fallback?: T) => (state.has(key) ? (state.get(key) as T) : fallback),
      update: async (key: string, value: unknown) => void state.set(key, value),
    },
    workspaceState: {
      get: <T>(key: string, fallback?: T) => (workspaceState.has(key) ? (workspaceState.get(key) as T) : fallback),
      update: async (key: string, value: unknown) => void workspaceState.set(key, value),
    },
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => void secrets.set(key, value),
      delete: async (key: string) => void secrets.delete(key),
    },
    /** Disposes what was pushed, last first, as VS Code does on deactivation. */
    async disposeAll(): Promise<void> {
      while (subscriptions.length) await subscriptions.pop()!.dispose();
    },
  };
}
