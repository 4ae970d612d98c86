// Running mock servers inside VS Code: start (scenario picker), stop, the status bar item with URL
// and client count, the Mock Servers view, and each server's own timeline. Each server runs in its
// own worker thread (src/server/worker/workerHost.ts), so a scenario that exhausts its memory or
// blocks its event loop ends that server only: the user is told which one and why, and the
// extension host, and with it VS Code's extensions, keep running.
import * as vscode from 'vscode';
import type { MockServerHandle, MockServerOptions, WorkerServerHandle } from '../../server/index';
import { ServerTimeline } from '../../timeline/serverTimeline';
import { isLoopbackHost } from '../../wire/loopback';
import { Commands, runCommand } from '../commands';
import { mockServerBindHost } from './bindAddress';

export interface RunningServer {
  id: string;
  scenario: string;
  handle: WorkerServerHandle;
  timeline: ServerTimeline;
  clients: number;
}

/**
 * The server code (schema validation, YAML, certificates) loads on first use, not on activation:
 * in the package it is dist/server.js (see esbuild.mjs).
 */
const serverModule = () => import('../../server/index');

export class MockServers implements vscode.TreeDataProvider<RunningServer>, vscode.Disposable {
  private readonly servers = new Map<string, RunningServer>();
  private readonly statusItem: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<RunningServer | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nextId = 1;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.statusItem = vscode.window.createStatusBarItem('websocketLab.mockServer', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'WebSocket Lab Mock Server';
  }

  list(): RunningServer[] {
    return [...this.servers.values()];
  }

  get(id: string): RunningServer | undefined {
    return this.servers.get(id);
  }

  /** Asks for a scenario (or uses the given one) and starts a server on a free port. */
  async start(scenarioArg?: string, options: { tls?: boolean } = {}): Promise<RunningServer | undefined> {
    let scenario: string | undefined = scenarioArg;
    let scenarioFile: string | undefined;
    if (!scenario) {
      const picked = await this.pickScenario();
      if (!picked) return undefined;
      if (picked === FROM_FILE) {
        const uri = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Scenario files': ['json', 'yaml', 'yml'] }, title: 'Pick a scenario file' });
        if (!uri?.[0]) return undefined;
        scenarioFile = uri[0].fsPath;
      } else {
        scenario = picked;
      }
    }
    const host = await mockServerBindHost(); // asks before listening beyond loopback; undefined: cancelled
    if (host === undefined) return undefined;
    const retention = vscode.workspace.getConfiguration('websocketLab').get<number>('timeline.retention', 100_000);
    const timeline = new ServerTimeline(retention);
    const { startMockServerInWorker, loadScenarioFile } = await serverModule();
    let scenarioValue: MockServerOptions['scenario'] = scenario ?? 'echo';
    if (scenarioFile) {
      const loaded = await loadScenarioFile(scenarioFile);
      if (!loaded.ok) {
        const first = loaded.errors.slice(0, 3).map((e) => `line ${e.line}, column ${e.column}: ${e.message}`).join('; ');
        void vscode.window.showErrorMessage(`WebSocket Lab: the scenario file is invalid (${first}). The server was not started.`);
        this.log.error(`scenario ${scenarioFile}: ${loaded.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join(' | ')}`);
        return undefined;
      }
      scenarioValue = loaded.scenario;
    }
    let handle: WorkerServerHandle;
    try {
      handle = await startMockServerInWorker({
        scenario: scenarioValue,
        port: 0,
        host,
        tls: options.tls,
        // The self-signed certificate is made on first use and kept in the extension's storage.
        certDir: vscode.Uri.joinPath(this.context.globalStorageUri, 'certs').fsPath,
        onEvent: (e) => timeline.record(e),
      });
    } catch (err) {
      void vscode.window.showErrorMessage(`WebSocket Lab: the mock server could not start: ${(err as Error).message}`);
      return undefined;
    }
    const id = `server-${this.nextId++}`;
    const name = scenarioFile ? scenarioFile.split(/[\\/]/).pop()! : scenario!;
    const running: RunningServer = { id, scenario: name, handle, timeline, clients: 0 };
    handle.onClientsChanged((n) => {
      running.clients = n;
      this.refresh(running);
    });
    handle.onDied((why) => void this.died(running, why));
    this.servers.set(id, running);
    this.log.info(`mock server "${name}" listening on ${handle.url}`);
    if (!isLoopbackHost(handle.host)) {
      void vscode.window.showWarningMessage(`WebSocket Lab: the mock server listens on ${handle.host}: it is reachable from the network.`);
    }
    await vscode.commands.executeCommand('setContext', 'websocketLab.mockServerRunning', true);
    this.refresh(undefined);
    if (handle.tls) void this.explainTls(handle);
    return running;
  }

  /** A self-signed certificate is refused until trusted: say so, and offer a connection that trusts it. */
  private async explainTls(handle: MockServerHandle): Promise<void> {
    const tls = handle.tls!;
    this.log.info(tls.guidance);
    const answer = await vscode.window.showInformationMessage(
      `The mock server on ${handle.url} uses a self-signed certificate (${tls.certPath}). Clients refuse it until they trust it.`,
      'New Connection Trusting It',
      'How to Trust It',
    );
    if (answer === 'How to Trust It') this.log.show();
    if (answer === 'New Connection Trusting It') {
      await runCommand(Commands.newConnection, { url: handle.url, name: `${handle.url.replace('wss://', '')} (TLS)`, caFile: tls.certPath });
    }
  }

  async stop(id?: string): Promise<void> {
    const target = id ? this.servers.get(id) : await this.pickRunning();
    if (!target) return;
    this.servers.delete(target.id);
    await target.handle.close();
    target.timeline.stopped();
    this.log.info(`mock server "${target.scenario}" stopped`);
    await vscode.commands.executeCommand('setContext', 'websocketLab.mockServerRunning', this.servers.size > 0);
    this.refresh(undefined);
  }

  /** The server's worker ended on its own (out of memory, a crash): say so, and forget it. */
  private async died(target: RunningServer, why: string): Promise<void> {
    if (this.servers.get(target.id) !== target) return;
    this.servers.delete(target.id);
    target.clients = 0;
    target.timeline.record({ kind: 'error', time: Date.now(), category: 'other', message: `the mock server stopped: ${why}. Its clients were disconnected.` });
    target.timeline.stopped();
    this.log.error(`mock server "${target.scenario}" on ${target.handle.url} stopped: ${why}`);
    void vscode.window.showErrorMessage(`WebSocket Lab: the mock server "${target.scenario}" on ${target.handle.url} stopped: ${why}. Its clients were disconnected; start it again from the Mock Servers view.`);
    await vscode.commands.executeCommand('setContext', 'websocketLab.mockServerRunning', this.servers.size > 0);
    this.refresh(undefined);
  }

  getTreeItem(s: RunningServer): vscode.TreeItem {
    const item = new vscode.TreeItem(s.scenario, vscode.TreeItemCollapsibleState.None);
    item.id = s.id;
    item.description = `${s.handle.url} · ${s.clients} client${s.clients === 1 ? '' : 's'}`;
    item.iconPath = new vscode.ThemeIcon(s.handle.tls ? 'lock' : 'server-process', new vscode.ThemeColor('testing.iconPassed'));
    item.contextValue = 'mockServer';
    item.tooltip = `${s.scenario} on ${s.handle.url}\nHealth: ${s.handle.httpUrl}/healthz\nMetrics: ${s.handle.httpUrl}/metrics`;
    item.command = { command: Commands.openServerTimeline, title: 'Open Server Timeline', arguments: [s] };
    return item;
  }

  getChildren(element?: RunningServer): RunningServer[] {
    return element ? [] : this.list();
  }

  private refresh(server: RunningServer | undefined): void {
    this.changed.fire(server);
    const all = this.list();
    if (all.length === 0) {
      this.statusItem.hide();
      return;
    }
    const first = all[0];
    const clients = all.reduce((n, s) => n + s.clients, 0);
    this.statusItem.text = all.length === 1
      ? `$(radio-tower) ${first.handle.url} · ${clients} client${clients === 1 ? '' : 's'}`
      : `$(radio-tower) ${all.length} mock servers · ${clients} clients`;
    this.statusItem.tooltip = all.map((s) => `${s.scenario}: ${s.handle.url} (${s.clients} clients)`).join('\n') + '\nClick to open the server timeline';
    this.statusItem.command = { command: Commands.openServerTimeline, title: 'Open Server Timeline', arguments: [first] };
    this.statusItem.show();
  }

  private async pickScenario(): Promise<string | undefined> {
    const preferred = vscode.workspace.getConfiguration('websocketLab').get<string>('mockServer.defaultScenario', 'echo');
    const { listScenarios } = await serverModule();
    const items: Array<vscode.QuickPickItem & { value: string }> = listScenarios()
      .sort((a, b) => (a.name === preferred ? -1 : b.name === preferred ? 1 : 0))
      .map((s) => ({ label: s.name, description: s.title, detail: s.description, value: s.name }));
    items.push({ label: '$(file) From a scenario file…', detail: 'A *.wsmock.json or *.wsmock.yaml file (checked against the scenario schema).', value: FROM_FILE });
    const picked = await vscode.window.showQuickPick(items, { title: 'Start Mock Server', placeHolder: 'Pick a scenario', matchOnDetail: true });
    return picked?.value;
  }

  private async pickRunning(): Promise<RunningServer | undefined> {
    const all = this.list();
    if (all.length <= 1) return all[0];
    const picked = await vscode.window.showQuickPick(all.map((s) => ({ label: s.scenario, description: s.handle.url, s })), { title: 'Stop Mock Server' });
    return picked?.s;
  }

  async dispose(): Promise<void> {
    this.statusItem.dispose();
    this.changed.dispose();
    await Promise.all(this.list().map((s) => s.handle.close()));
    this.servers.clear();
  }
}

const FROM_FILE = '\u0000file';
