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
import { scenarioFileOf, workspaceScenarioRows } from './workspaceScenarios';
import { showScenarioFileError } from './scenarioDiagnostics';
import {
  forgetServer, isPortInUse, parseAutoStart, parsePortInput, parseSavedServers, rememberServer, SAVED_SERVERS_KEY, waitForFreePort, type SavedServer,
} from './savedServers';

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

  /**
   * Asks for a scenario (or uses the given one) and starts a server: on a free port, or on
   * `options.port`, or (askPort) on the port the user types.
   */
  async start(scenarioArg?: string, options: { tls?: boolean; port?: number; askPort?: boolean } = {}): Promise<RunningServer | undefined> {
    let scenario: string | undefined = scenarioArg;
    let scenarioFile: string | undefined;
    if (!scenario) {
      const picked = await this.pickScenario(options.askPort);
      if (!picked) return undefined;
      if (picked === FROM_FILE) {
        const uri = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Scenario files': ['json', 'yaml', 'yml'] }, title: 'Pick a scenario file' });
        if (!uri?.[0]) return undefined;
        scenarioFile = uri[0].fsPath;
      } else if (scenarioFileOf(picked)) {
        scenarioFile = scenarioFileOf(picked)!.fsPath;
      } else {
        scenario = picked;
      }
    }
    let port = options.port ?? 0;
    if (options.askPort) {
      const typed = await vscode.window.showInputBox({
        title: 'Start Mock Server: Port',
        prompt: 'The port to listen on; blank picks any free port. The server comes back on it after a window reload.',
        placeHolder: 'any free port',
        ignoreFocusOut: true,
        validateInput: (v) => {
          const r = parsePortInput(v);
          return r.ok ? undefined : r.error;
        },
      });
      if (typed === undefined) return undefined;
      const parsed = parsePortInput(typed);
      if (!parsed.ok) return undefined;
      port = parsed.port;
    }
    const host = await mockServerBindHost(); // asks before listening beyond loopback; undefined: cancelled
    if (host === undefined) return undefined;
    const launched = await this.launch({ scenario: scenarioFile ? scenarioFile.split(/[\\/]/).pop()! : scenario!, file: scenarioFile, port, tls: options.tls }, host, true);
    if (!launched.ok) {
      const inUse = port !== 0 && isPortInUse(launched.error);
      if (scenarioFile && !inUse) void showScenarioFileError(`WebSocket Lab: ${launched.error}`, scenarioFile);
      else void vscode.window.showErrorMessage(inUse
        ? `WebSocket Lab: port ${port} is already in use, so the mock server was not started. Pick another port, or leave it blank for any free port.`
        : `WebSocket Lab: ${launched.error}`);
      return undefined;
    }
    return launched.server;
  }

  /**
   * Starts the mock servers that were running when this window last closed or reloaded, each on
   * its port. A port another program took meanwhile: the server starts on a free one, the user is
   * told, and `moved` lets the saved connections follow. Resolves when all have been tried.
   */
  async restore(moved: (from: string, to: string) => Promise<number>): Promise<void> {
    const saved = parseSavedServers(this.context.workspaceState.get(SAVED_SERVERS_KEY));
    if (saved.length === 0) return;
    const host = await mockServerBindHost();
    if (host === undefined) {
      await this.context.workspaceState.update(SAVED_SERVERS_KEY, []);
      return;
    }
    for (const entry of saved) {
      if (this.list().some((s) => s.handle.port === entry.port)) continue;
      // The window before a reload may still be letting go of the port: wait a few seconds for it.
      await waitForFreePort(entry.port, host, PORT_WAIT_MS);
      let launched = await this.launch(entry, host);
      if (!launched.ok && isPortInUse(launched.error)) {
        this.forget(entry.port);
        launched = await this.launch({ ...entry, port: 0 }, host);
        if (launched.ok) {
          const from = launched.server.handle.url.replace(/:\d+(?=\/|$)/, `:${entry.port}`);
          const followed = await moved(from, launched.server.handle.url);
          this.log.warn(`mock server "${entry.scenario}": port ${entry.port} is taken; it now listens on ${launched.server.handle.url} (${followed} connection(s) updated)`);
          void vscode.window.showWarningMessage(`WebSocket Lab: the mock server "${entry.scenario}" could not get port ${entry.port} back (another program uses it), so it now listens on ${launched.server.handle.url}.${followed ? ` ${followed} saved connection${followed === 1 ? ' was' : 's were'} pointed there.` : ''}`);
        }
      }
      if (!launched.ok) {
        this.forget(entry.port);
        this.log.error(`mock server "${entry.scenario}" on port ${entry.port} could not be started again: ${launched.error}`);
        void vscode.window.showErrorMessage(`WebSocket Lab: the mock server "${entry.scenario}" that ran on port ${entry.port} could not be started again: ${launched.error}`);
      } else {
        this.log.info(`mock server "${entry.scenario}" started again after the window reloaded`);
      }
    }
  }

  /**
   * Starts the servers websocketLab.mockServer.autoStart lists that are not running yet (after
   * restore(), so a server that came back on its port is not started twice). Trusted workspaces only.
   */
  async autoStart(): Promise<void> {
    const value = vscode.workspace.getConfiguration('websocketLab').get<unknown>('mockServer.autoStart');
    if (value === undefined || (Array.isArray(value) && value.length === 0) || !vscode.workspace.isTrusted) return;
    const { builtinScenarioNames } = await serverModule();
    const { servers, problems } = parseAutoStart(value, builtinScenarioNames());
    for (const p of problems) {
      this.log.warn(p);
      void vscode.window.showWarningMessage(`WebSocket Lab: ${p}.`);
    }
    for (const entry of servers) {
      const running = this.list().some((s) => (entry.port ? s.handle.port === entry.port : s.scenario === entry.scenario));
      if (running) continue;
      const host = await mockServerBindHost();
      if (host === undefined) return;
      const launched = await this.launch(entry, host);
      if (!launched.ok) void vscode.window.showErrorMessage(`WebSocket Lab: the mock server "${entry.scenario}" from websocketLab.mockServer.autoStart: ${launched.error}`);
    }
  }

  /** Starts one server and remembers it, or says why not (in words). */
  private async launch(spec: SavedServer, host: string, explainTls = false): Promise<{ ok: true; server: RunningServer } | { ok: false; error: string }> {
    const retention = vscode.workspace.getConfiguration('websocketLab').get<number>('timeline.retention', 100_000);
    const timeline = new ServerTimeline(retention);
    const { startMockServerInWorker, loadScenarioFile } = await serverModule();
    let scenarioValue: MockServerOptions['scenario'] = spec.scenario;
    if (spec.file) {
      const loaded = await loadScenarioFile(spec.file);
      if (!loaded.ok) {
        const first = loaded.errors.slice(0, 3).map((e) => `line ${e.line}, column ${e.column}: ${e.message}`).join('; ');
        this.log.error(`scenario ${spec.file}: ${loaded.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join(' | ')}`);
        return { ok: false, error: `the scenario file is invalid (${first}). The server was not started.` };
      }
      scenarioValue = loaded.scenario;
    }
    let handle: WorkerServerHandle;
    try {
      handle = await startMockServerInWorker({
        scenario: scenarioValue,
        port: spec.port,
        host,
        tls: spec.tls,
        // The self-signed certificate is made on first use and kept in the extension's storage.
        certDir: vscode.Uri.joinPath(this.context.globalStorageUri, 'certs').fsPath,
        onEvent: (e) => timeline.record(e),
      });
    } catch (err) {
      return { ok: false, error: `the mock server could not start: ${(err as Error).message}` };
    }
    const id = `server-${this.nextId++}`;
    const name = spec.scenario;
    const running: RunningServer = { id, scenario: name, handle, timeline, clients: 0 };
    handle.onClientsChanged((n) => {
      running.clients = n;
      this.refresh(running);
    });
    handle.onDied((why) => void this.died(running, why));
    this.servers.set(id, running);
    this.remember({ ...spec, port: handle.port });
    this.log.info(`mock server "${name}" listening on ${handle.url}`);
    if (!isLoopbackHost(handle.host)) {
      void vscode.window.showWarningMessage(`WebSocket Lab: the mock server listens on ${handle.host}: it is reachable from the network.`);
    }
    await vscode.commands.executeCommand('setContext', 'websocketLab.mockServerRunning', true);
    this.refresh(undefined);
    // Explained when the user starts one; not again on each reload.
    if (handle.tls && explainTls) void this.explainTls(handle);
    return { ok: true, server: running };
  }

  /** Saved in workspace state as soon as it runs: a reload does not wait for a clean shutdown. */
  private remember(server: SavedServer): void {
    void this.context.workspaceState.update(SAVED_SERVERS_KEY, rememberServer(parseSavedServers(this.context.workspaceState.get(SAVED_SERVERS_KEY)), server));
  }

  private forget(port: number): void {
    void this.context.workspaceState.update(SAVED_SERVERS_KEY, forgetServer(parseSavedServers(this.context.workspaceState.get(SAVED_SERVERS_KEY)), port));
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
    this.forget(target.handle.port); // stopped on purpose: not started again after a reload
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
    this.forget(target.handle.port); // a scenario that crashed would crash again on every reload
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
    this.statusItem.tooltip = all.map((s) => `${s.scenario}: ${s.handle.url} (${s.clients} clients)`).join('\n')
      + (all.length === 1 ? '\nClick to open the server timeline' : '\nClick to pick a server and open its timeline');
    // With several servers, no argument: the command asks which one (pickRunning).
    this.statusItem.command = { command: Commands.openServerTimeline, title: 'Open Server Timeline', arguments: all.length === 1 ? [first] : [] };
    this.statusItem.show();
  }

  private async pickScenario(askPort = false): Promise<string | undefined> {
    const preferred = vscode.workspace.getConfiguration('websocketLab').get<string>('mockServer.defaultScenario', 'echo');
    const { listScenarios } = await serverModule();
    const items: Array<vscode.QuickPickItem & { value: string }> = [...(await workspaceScenarioRows()), ...listScenarios()
      .sort((a, b) => (a.name === preferred ? -1 : b.name === preferred ? 1 : 0))
      .map((s) => ({ label: s.name, description: s.title, detail: s.description, value: s.name }))];
    items.push({ label: '$(file) From a scenario file…', detail: 'A *.wsmock.json or *.wsmock.yaml file (checked against the scenario schema).', value: FROM_FILE });
    const picked = await vscode.window.showQuickPick(items, {
      title: askPort ? 'Start Mock Server on a Chosen Port' : 'Start Mock Server',
      placeHolder: askPort ? 'Pick a scenario; the port comes next' : 'Pick a scenario (to choose its port: "Start Mock Server on a Chosen Port…")',
      matchOnDetail: true,
    });
    return picked?.value;
  }

  /** The only running server, or the one the user picks when several run (undefined: none, or cancelled). */
  async pickRunning(title = 'Stop Mock Server'): Promise<RunningServer | undefined> {
    const all = this.list();
    if (all.length <= 1) return all[0];
    const picked = await vscode.window.showQuickPick(all.map((s) => ({
      label: s.scenario,
      description: s.handle.url,
      detail: `${s.clients} client${s.clients === 1 ? '' : 's'}`,
      s,
    })), { title, placeHolder: 'Pick a mock server' });
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
/** After a reload the old extension host may hold the port a moment longer. */
const PORT_WAIT_MS = 5000;
