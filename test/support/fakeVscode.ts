// A stand-in for the `vscode` module, so unit tests can run src/panels and src/extension.ts
// without VS Code: `vi.mock('vscode', () => import('../support/fakeVscode'))`. It implements the
// little the extension touches while activating and running commands, and records what a user
// would see (messages, context keys) and what was registered. It models no UI: quick picks and
// input boxes answer undefined (the user pressed Escape) unless a test sets an answer.
//
// Registering a command id twice throws, as VS Code does ("command ... already exists").

type Listener<T> = (value: T) => unknown;

export class Disposable {
  constructor(private readonly callOnDispose: () => unknown) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
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
  static parse(text: string): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(text);
    return m ? new Uri(m[1], m[2]) : new Uri('file', text);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...parts].join('/').replace(/\/+/g, '/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export enum ViewColumn { Active = -1, Beside = -2, One = 1, Two = 2 }
export enum StatusBarAlignment { Left = 1, Right = 2 }
export enum TreeItemCollapsibleState { None = 0, Collapsed = 1, Expanded = 2 }

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

type Handler = (...args: unknown[]) => unknown;

/** What the fake saw; reset() between tests. */
export const fake = {
  /** Registered command id → handler. */
  commands: new Map<string, Handler>(),
  /** Context keys set with `setContext`. */
  contexts: new Map<string, unknown>(),
  /** Commands run that are not registered here (VS Code's own, like `<view>.focus`). */
  executed: [] as Array<{ id: string; args: unknown[] }>,
  /** Notifications shown, in order. */
  messages: [] as Array<{ level: 'info' | 'warning' | 'error'; text: string }>,
  /** Tree views created, by view id. */
  treeViews: [] as string[],
  clipboard: '',
  reset(): void {
    this.commands.clear();
    this.contexts.clear();
    this.executed.length = 0;
    this.messages.length = 0;
    this.treeViews.length = 0;
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
  async executeCommand<T>(id: string, ...args: unknown[]): Promise<T> {
    if (id === 'setContext') {
      fake.contexts.set(String(args[0]), args[1]);
      return undefined as T;
    }
    const handler = fake.commands.get(id);
    if (handler) return (await handler(...args)) as T;
    fake.executed.push({ id, args });
    return undefined as T;
  },
};

const message = (level: 'info' | 'warning' | 'error') => async (text: string): Promise<undefined> => {
  fake.messages.push({ level, text });
  return undefined;
};

const logChannel = () => {
  const noop = () => undefined;
  return { info: noop, warn: noop, error: noop, debug: noop, trace: noop, append: noop, appendLine: noop, show: noop, dispose: noop };
};

export const window = {
  createOutputChannel: logChannel,
  createTreeView(id: string) {
    fake.treeViews.push(id);
    return new Disposable(() => undefined);
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
};

export const workspace = {
  workspaceFolders: undefined as Array<{ uri: Uri }> | undefined,
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

export const env = {
  clipboard: {
    async writeText(text: string): Promise<void> {
      fake.clipboard = text;
    },
    async readText(): Promise<string> {
      return fake.clipboard;
    },
  },
};

/** An ExtensionContext with in-memory state: everything disposable is in `subscriptions`. */
export function fakeExtensionContext() {
  const state = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  const subscriptions: Array<{ dispose(): unknown }> = [];
  return {
    subscriptions,
    extensionUri: Uri.file('/extension'),
    globalStorageUri: Uri.file('/global-storage'),
    globalState: {
      get: <T>(key: string, fallback?: T) => (state.has(key) ? (state.get(key) as T) : fallback),
      update: async (key: string, value: unknown) => void state.set(key, value),
      keys: () => [...state.keys()],
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
