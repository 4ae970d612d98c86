// Wires the timeline history (historyStore.ts) to VS Code: the files go to this workspace's
// storage, the limits and the on/off switch are settings (websocketLab.history.*), every saved
// connection is followed, and a deleted connection's file is deleted with it.
import * as vscode from 'vscode';
import type { ConnectionsModel } from '../connections/connectionsModel';
import type { HistoryLimits } from '../../formats/historyFile';
import { HistoryStore } from './historyStore';

const SECTION = 'websocketLab.history';

export class ConnectionHistory implements vscode.Disposable {
  private store: HistoryStore | undefined;
  /** Each followed connection's restore, by id: panels wait for it before showing the timeline. */
  private readonly restoring = new Map<string, Promise<unknown>>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connections: ConnectionsModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    context.subscriptions.push(
      this,
      connections.onDidChange((c) => c === undefined && this.sync()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SECTION}.enabled`) && void this.settingChanged()),
    );
  }

  /** Without a workspace (connections in global state), the history is the global storage's. */
  private get dir(): string {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, 'timeline-history').fsPath;
  }

  private get enabled(): boolean {
    return vscode.workspace.getConfiguration(SECTION).get<boolean>('enabled', true);
  }

  /** Restores the saved connections' timelines (without holding up activation) and follows them. */
  start(): void {
    if (this.store) return;
    if (!this.enabled) {
      // Also when it was turned off while VS Code was closed: nothing saved is left behind.
      void this.deleteAll();
      return;
    }
    this.store = new HistoryStore({
      dir: this.dir,
      limits: () => limitsFromSettings(),
      secrets: () => this.connections.allSecretValues(),
      log: this.log,
    });
    this.sync();
  }

  /** Resolves once `id`'s saved events are in its store (at once when there is no history). */
  async whenRestored(id: string): Promise<void> {
    await this.restoring.get(id);
  }

  /** Resolves once every saved connection's events are back (a reconnect after a reload waits for it). */
  async whenAllRestored(): Promise<void> {
    await Promise.all(this.restoring.values());
  }

  /** Follows new connections, forgets deleted ones. */
  private sync(): void {
    const store = this.store;
    if (!store) return;
    const ids = new Set<string>();
    for (const c of this.connections.list()) {
      ids.add(c.config.id);
      if (!this.restoring.has(c.config.id)) {
        this.restoring.set(c.config.id, store.restore(c.config.id, c).catch((err) => this.log.warn(`Timeline history of "${c.config.name}": ${(err as Error).message}`)));
      }
    }
    for (const id of [...this.restoring.keys()]) {
      if (ids.has(id)) continue;
      this.restoring.delete(id);
      void store.forget(id);
    }
  }

  private async settingChanged(): Promise<void> {
    if (this.enabled) {
      this.start();
      return;
    }
    // Turned off: nothing more is written, and what was saved goes (it may hold conversations the user wants gone).
    const store = this.store;
    this.store = undefined;
    this.restoring.clear();
    await store?.dispose();
    if (await this.deleteAll()) this.log.info('Timeline history turned off: the saved histories were deleted.');
  }

  /** Deletes every saved history; false when there was none. */
  private async deleteAll(): Promise<boolean> {
    return vscode.workspace.fs.delete(vscode.Uri.file(this.dir), { recursive: true, useTrash: false }).then(() => true, () => false);
  }

  /** Writes what is pending (on deactivation: VS Code waits for it). */
  async flush(): Promise<void> {
    await this.store?.flush();
  }

  dispose(): void {
    void this.store?.dispose();
  }
}

function limitsFromSettings(): HistoryLimits {
  const settings = vscode.workspace.getConfiguration(SECTION);
  const events = settings.get<number>('maxEventsPerConnection', 10_000);
  const mib = settings.get<number>('maxMiBPerConnection', 16);
  return {
    maxEvents: Number.isFinite(events) && events >= 0 ? Math.floor(events) : 10_000,
    maxBytes: Number.isFinite(mib) && mib > 0 ? mib * 1024 * 1024 : 16 * 1024 * 1024,
  };
}
