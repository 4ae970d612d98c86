// Saved connections and their live sessions, for the tree, the panels and the lessons.
// Saved configs live in the workspace file `.vscode/websocket-lab.json` (shareable: secret values
// are blanked there and kept in SecretStorage, see secretStore.ts); without a workspace, in
// global state.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionConfig } from '../../shared/connection';
import { newConnectionConfig } from '../../shared/connection';
import { LiveConnection } from '../../client/liveConnection';
import {
  consentText, isAuthSubprotocol, originOf, secretSlotsOf, slotOf, subprotocolSecrets,
  type SecretAnswer, type SecretConsent, type SecretSlot, type StoredSecret,
} from '../../client/secretBinding';
import { substituteVariables } from '../../formats/variables';
import { parseConnectionsFile, serializeConnectionsFile } from '../../formats/connectionsFile';
import { parseEnvFiles } from '../../formats/envFile';
import { SecretStore } from './secretStore';
import { uniqueName, withUniqueNames } from './connectionNames';
import { movedUrl } from '../servers/savedServers';

const FILE = '.vscode/websocket-lab.json';
const GLOBAL_KEY = 'websocketLab.connections';
/** Ids of the connections that were up (or reconnecting) in this window: connected again after a reload. */
const ACTIVE_KEY = 'websocketLab.activeConnections';

export class ConnectionsModel implements vscode.Disposable {
  private readonly live = new Map<string, LiveConnection>();
  private configs: ConnectionConfig[] = [];
  private readonly changed = new vscode.EventEmitter<LiveConnection | undefined>();
  /** Fires with the connection whose state/figures changed, or undefined for the whole list. */
  readonly onDidChange = this.changed.event;

  private readonly secrets: SecretStore;
  /** Ids of connections that are up or reconnecting, as saved in ACTIVE_KEY. */
  private active = new Set<string>();
  private disposing = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // The index of secret keys is this workspace's, like the file; without a folder, like the configs, global.
    this.secrets = new SecretStore(context.secrets, () => (this.fileUri ? context.workspaceState : context.globalState));
  }

  private get fileUri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, FILE) : undefined;
  }

  async load(): Promise<void> {
    const uri = this.fileUri;
    let configs: ConnectionConfig[] = [];
    if (uri) {
      try {
        const text = new TextDecoder().decode(await readNow(uri));
        const parsed = parseConnectionsFile(text);
        if (parsed.ok) configs = parsed.connections;
        else {
          this.log.error(`${FILE}: ${parsed.error}`);
          void vscode.window.showErrorMessage(`WebSocket Lab: ${FILE} is invalid: ${parsed.error}. Your connections were not loaded; fix the file to get them back.`);
        }
      } catch {
        // No file yet: no saved connections.
      }
    } else {
      configs = this.context.globalState.get<ConnectionConfig[]>(GLOBAL_KEY, []);
    }
    this.configs = withUniqueNames(configs);
    this.active = new Set(this.context.workspaceState.get<string[]>(ACTIVE_KEY, []));
    for (const c of this.configs) this.liveFor(c);
    this.changed.fire(undefined);
  }

  list(): LiveConnection[] {
    return this.configs.map((c) => this.liveFor(c));
  }

  get(id: string): LiveConnection | undefined {
    return this.live.get(id);
  }

  async add(name: string, url: string, patch: Partial<ConnectionConfig> = {}): Promise<LiveConnection> {
    const config = { ...newConnectionConfig(randomUUID(), name, url), ...patch };
    config.name = uniqueName(config.name, this.configs.map((c) => c.name));
    this.configs.push(config);
    await this.save();
    this.changed.fire(undefined);
    return this.liveFor(config);
  }

  /**
   * Saves a config. `secrets` are values the user just entered, by slot ("query:token",
   * "subprotocol:auth") or header name; each is bound to the origin of the config's URL, the
   * server it was entered for. Stored secrets the config no longer marks are deleted.
   */
  async update(config: ConnectionConfig, secrets: Record<string, string> = {}): Promise<void> {
    const i = this.configs.findIndex((c) => c.id === config.id);
    if (i < 0) return;
    config = { ...config, name: uniqueName(config.name, this.configs.filter((c) => c.id !== config.id).map((c) => c.name)) };
    this.configs[i] = config;
    const live = this.liveFor(config);
    live.config = config;
    if (Object.keys(secrets).length) {
      const origin = await this.originOf(config);
      for (const [key, value] of Object.entries(secrets)) await this.secrets.set(config.id, slotOf(key), value, origin ? [origin] : []);
    }
    await this.secrets.prune(config.id, secretSlotsOf(config, { disabled: true }).map((s) => s.slot));
    await this.save();
    this.changed.fire(live);
  }

  /**
   * The connection with this fixed id (an exercise's, the walkthrough's), updated to `url` and
   * `patch`; created the first time. Starting an exercise again reuses its connection instead of
   * adding another.
   */
  async upsert(id: string, name: string, url: string, patch: Partial<ConnectionConfig> = {}): Promise<LiveConnection> {
    const existing = this.configs.find((c) => c.id === id);
    if (!existing) return this.add(name, url, { ...patch, id });
    await this.update({ ...existing, ...patch, id, url });
    return this.liveFor(this.configs.find((c) => c.id === id)!);
  }

  /** Whether another connection than `exceptId` is called `name` (for rename inputs). */
  nameTaken(name: string, exceptId?: string): boolean {
    return this.configs.some((c) => c.name === name && c.id !== exceptId);
  }

  /**
   * Points the connections on origin `from` at `to` (a mock server that came back on another
   * port after a reload). Returns how many changed.
   */
  async retarget(from: string, to: string): Promise<number> {
    let n = 0;
    for (const c of [...this.configs]) {
      const url = movedUrl(c.url, from, to);
      if (url === undefined) continue;
      await this.update({ ...c, url });
      n++;
    }
    return n;
  }

  /**
   * Connects again the connections that were up or reconnecting when this window last closed or
   * reloaded, if they reconnect on their own (auto-reconnect on): to the user they never meant to
   * stop. Call after the mock servers came back.
   */
  async reconnectActive(): Promise<void> {
    for (const id of [...this.active]) {
      const live = this.live.get(id);
      if (!live) {
        this.active.delete(id);
        continue;
      }
      if (live.config.reconnect.enabled && !live.isActive) {
        this.log.info(`${live.config.name}: connecting again (it was connected before the window reloaded)`);
        void live.connect();
      }
    }
    await this.saveActive();
  }

  /** Keeps ACTIVE_KEY in step with the connections' states (not while the window shuts down). */
  private trackActive(live: LiveConnection): void {
    if (this.disposing) return;
    const id = live.config.id;
    const isActive = live.stats.state !== 'CLOSED' || !!live.stats.reconnectAt;
    if (isActive === this.active.has(id)) return;
    if (isActive) this.active.add(id);
    else this.active.delete(id);
    void this.saveActive();
  }

  private async saveActive(): Promise<void> {
    await this.context.workspaceState.update(ACTIVE_KEY, [...this.active]);
  }

  async remove(id: string): Promise<void> {
    const config = this.configs.find((c) => c.id === id);
    this.configs = this.configs.filter((c) => c.id !== id);
    this.live.get(id)?.dispose();
    this.live.delete(id);
    if (this.active.delete(id)) await this.saveActive();
    await this.secrets.forget(id, config ? secretSlotsOf(config, { disabled: true }).map((s) => s.slot) : []);
    await this.save();
    this.changed.fire(undefined);
  }

  /** The origin of a config's URL with the current variables, when it can be worked out. */
  private async originOf(config: ConnectionConfig): Promise<string | undefined> {
    const filled = substituteVariables(config.url, await this.variables());
    return filled.ok ? originOf(filled.text) : undefined;
  }

  private liveFor(config: ConnectionConfig): LiveConnection {
    let live = this.live.get(config.id);
    if (live) return live;
    const settings = vscode.workspace.getConfiguration('websocketLab');
    live = new LiveConnection(config, {
      retention: settings.get<number>('timeline.retention', 100_000),
      sendBackpressureThreshold: settings.get<number>('sendBackpressureThresholdBytes', 16 * 1024 * 1024),
      secrets: () => this.secretsFor(config.id),
      confirmSecrets: (question) => this.askToSendSecrets(question),
      allowSecrets: (slots, origin) => this.secrets.allow(config.id, slots, origin),
      variables: () => this.variables(),
      envSecrets: async () => (await this.envFiles()).secrets,
      readFile: async (path) => vscode.workspace.fs.readFile(vscode.Uri.file(path)),
    });
    const connection = live;
    live.onStats(() => {
      this.trackActive(connection);
      this.changed.fire(connection);
    });
    live.onEvent((e) => {
      if (e.kind === 'error') this.log.warn(`${config.name}: ${e.category}: ${e.message}`);
      else if (e.kind === 'open') this.log.info(`${config.name}: open${e.protocol ? ` (protocol ${e.protocol})` : ''}`);
      else if (e.kind === 'close') this.log.info(`${config.name}: closed ${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''}`);
    });
    this.live.set(config.id, live);
    return live;
  }

  private async secretsFor(id: string): Promise<Record<SecretSlot, StoredSecret>> {
    const config = this.configs.find((c) => c.id === id);
    return config ? this.secrets.get(id, secretSlotsOf(config, { disabled: true }).map((s) => s.slot)) : {};
  }

  /** The modal that asks before secrets go to a server they were not saved for (secretBinding.ts words it). */
  private async askToSendSecrets(question: SecretConsent): Promise<SecretAnswer> {
    const text = consentText(question);
    const answer = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, ...text.buttons);
    this.log.warn(`${question.connection}: ${text.message} ${answer === text.buttons[0] ? 'Sent once.' : answer === text.buttons[1] ? `Allowed from now on.` : 'Not sent.'}`);
    return answer === text.buttons[0] ? 'once' : answer === text.buttons[1] ? 'always' : undefined;
  }

  /**
   * Every secret value known here, so exports, logs and copy-as-code can hide them: the stored
   * ones (and the token of an auth.<token> subprotocol), auth.<token> subprotocols written into
   * the file, and the values of http-client.private.env.json.
   */
  async allSecretValues(): Promise<string[]> {
    const values: string[] = [];
    for (const c of this.configs) {
      for (const [slot, s] of Object.entries(await this.secretsFor(c.id))) values.push(...(slot.startsWith('subprotocol:') ? subprotocolSecrets(s.value) : [s.value]));
      // A {{variable}} in one is no secret itself: its value comes from the env files, counted below.
      for (const p of c.subprotocols) if (typeof p === 'string' && isAuthSubprotocol(p) && !p.includes('{{')) values.push(...subprotocolSecrets(p));
    }
    values.push(...(await this.envFiles()).secrets);
    return [...new Set(values)];
  }

  /** Variables from http-client.env.json (+ .private) in the workspace root, for the chosen env. */
  async variables(): Promise<Record<string, string>> {
    return (await this.envFiles()).variables;
  }

  /** The environment files' variables for the chosen environment, and the private file's values (secrets). */
  private async envFiles(): Promise<{ variables: Record<string, string>; secrets: string[] }> {
    const none = { variables: {}, secrets: [] };
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return none;
    const read = async (name: string) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, name)));
      } catch {
        return undefined;
      }
    };
    const publicText = await read('http-client.env.json');
    const privateText = await read('http-client.private.env.json');
    if (publicText === undefined && privateText === undefined) return none;
    const env = vscode.workspace.getConfiguration('websocketLab').get<string>('environment', '');
    const parsed = parseEnvFiles(publicText, privateText, env);
    if (!parsed.ok) {
      this.log.warn(`environment files: ${parsed.error}`);
      return none;
    }
    return parsed;
  }

  private async save(): Promise<void> {
    const uri = this.fileUri;
    if (!uri) {
      await this.context.globalState.update(GLOBAL_KEY, this.configs);
      return;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(serializeConnectionsFile(this.configs)));
  }

  dispose(): void {
    // Closing the sockets below is the window going away, not the user disconnecting.
    this.disposing = true;
    for (const l of this.live.values()) l.dispose();
    this.live.clear();
    this.changed.dispose();
  }
}

/**
 * A local file is read synchronously (it is small): activate() awaits load(), and awaiting real
 * I/O there lets whatever else is queued in the extension host run first, which made activation
 * tens of milliseconds slower (docs/BENCHMARKS.md, #8). Other schemes (virtual workspaces) go
 * through workspace.fs.
 */
function readNow(uri: vscode.Uri): Uint8Array | Thenable<Uint8Array> {
  return uri.scheme === 'file' ? readFileSync(uri.fsPath) : vscode.workspace.fs.readFile(uri);
}
