// Saved connections and their live sessions, for the tree, the panels and the lessons.
// Saved configs live in the workspace file `.vscode/websocket-lab.json` (shareable: secret header
// values are blanked there and kept in SecretStorage); without a workspace, in global state.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionConfig } from '../../shared/connection';
import { newConnectionConfig } from '../../shared/connection';
import { LiveConnection } from '../../client/liveConnection';
import { parseConnectionsFile, serializeConnectionsFile } from '../../formats/connectionsFile';
import { parseEnvFiles } from '../../formats/envFile';

const FILE = '.vscode/websocket-lab.json';
const GLOBAL_KEY = 'websocketLab.connections';

export class ConnectionsModel implements vscode.Disposable {
  private readonly live = new Map<string, LiveConnection>();
  private configs: ConnectionConfig[] = [];
  private readonly changed = new vscode.EventEmitter<LiveConnection | undefined>();
  /** Fires with the connection whose state/figures changed, or undefined for the whole list. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

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
    this.configs = configs;
    for (const c of configs) this.liveFor(c);
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
    this.configs.push(config);
    await this.save();
    this.changed.fire(undefined);
    return this.liveFor(config);
  }

  async update(config: ConnectionConfig, secrets: Record<string, string> = {}): Promise<void> {
    const i = this.configs.findIndex((c) => c.id === config.id);
    if (i < 0) return;
    this.configs[i] = config;
    const live = this.liveFor(config);
    live.config = config;
    for (const [name, value] of Object.entries(secrets)) {
      await this.context.secrets.store(secretKey(config.id, name), value);
    }
    await this.save();
    this.changed.fire(live);
  }

  async remove(id: string): Promise<void> {
    const config = this.configs.find((c) => c.id === id);
    this.configs = this.configs.filter((c) => c.id !== id);
    this.live.get(id)?.dispose();
    this.live.delete(id);
    for (const h of config?.headers ?? []) if (h.secret) await this.context.secrets.delete(secretKey(id, h.name));
    await this.save();
    this.changed.fire(undefined);
  }

  private liveFor(config: ConnectionConfig): LiveConnection {
    let live = this.live.get(config.id);
    if (live) return live;
    const settings = vscode.workspace.getConfiguration('websocketLab');
    live = new LiveConnection(config, {
      retention: settings.get<number>('timeline.retention', 100_000),
      sendBackpressureThreshold: settings.get<number>('sendBackpressureThresholdBytes', 16 * 1024 * 1024),
      secrets: () => this.secretsFor(config.id),
      variables: () => this.variables(),
      readFile: async (path) => vscode.workspace.fs.readFile(vscode.Uri.file(path)),
    });
    const connection = live;
    live.onStats(() => this.changed.fire(connection));
    live.onEvent((e) => {
      if (e.kind === 'error') this.log.warn(`${config.name}: ${e.category}: ${e.message}`);
      else if (e.kind === 'open') this.log.info(`${config.name}: open${e.protocol ? ` (protocol ${e.protocol})` : ''}`);
      else if (e.kind === 'close') this.log.info(`${config.name}: closed ${e.code} ${e.codeName}${e.reason ? ` "${e.reason}"` : ''}`);
    });
    this.live.set(config.id, live);
    return live;
  }

  private async secretsFor(id: string): Promise<Record<string, string>> {
    const config = this.configs.find((c) => c.id === id);
    const out: Record<string, string> = {};
    for (const h of config?.headers ?? []) {
      if (!h.secret) continue;
      const v = await this.context.secrets.get(secretKey(id, h.name));
      if (v !== undefined) out[h.name] = v;
    }
    return out;
  }

  /** Every stored secret value, so exports and logs can redact them. */
  async allSecretValues(): Promise<string[]> {
    const values: string[] = [];
    for (const c of this.configs) values.push(...Object.values(await this.secretsFor(c.id)));
    return values;
  }

  /** Variables from http-client.env.json (+ .private) in the workspace root, for the chosen env. */
  async variables(): Promise<Record<string, string>> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return {};
    const read = async (name: string) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, name)));
      } catch {
        return undefined;
      }
    };
    const publicText = await read('http-client.env.json');
    const privateText = await read('http-client.private.env.json');
    if (publicText === undefined && privateText === undefined) return {};
    const env = vscode.workspace.getConfiguration('websocketLab').get<string>('environment', '');
    const parsed = parseEnvFiles(publicText, privateText, env);
    if (!parsed.ok) {
      this.log.warn(`environment files: ${parsed.error}`);
      return {};
    }
    return parsed.variables;
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

function secretKey(connectionId: string, headerName: string): string {
  return `websocketLab.header.${connectionId}.${headerName.toLowerCase()}`;
}
