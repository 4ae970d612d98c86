// Wiring only: create the models and views, register commands. Logic lives in src/client,
// src/wire, src/server, src/lessons and the other VS Code-free folders; VS Code adapters in src/panels.
import * as vscode from 'vscode';
import { ConnectionsModel } from './panels/connections/connectionsModel';
import { ConnectionsTree } from './panels/connections/connectionsTree';
import { registerConnectionCommands } from './panels/connections/connectionCommands';
import { MockServers, type RunningServer } from './panels/servers/mockServers';
import { openServerTimeline } from './panels/timeline/serverTimelinePanel';
import { ConnectionHistory } from './panels/timeline/connectionHistory';
import { registerTimelineSerializer } from './panels/timeline/timelineSerializer';
import { registerScenarioDiagnostics } from './panels/servers/scenarioDiagnostics';
import { registerLessons, type LessonsController } from './panels/lessons/lessonsController';
import { Commands, Views, registerCommand } from './panels/commands';

/** What tests and other extensions can reach through `extension.exports`. */
export interface WebSocketLabApi {
  connections: ConnectionsModel;
  servers: MockServers;
  tree: ConnectionsTree;
  lessons: LessonsController;
}

export async function activate(context: vscode.ExtensionContext): Promise<WebSocketLabApi> {
  const log = vscode.window.createOutputChannel('WebSocket Lab', { log: true });
  context.subscriptions.push(log);

  const connections = new ConnectionsModel(context, log);
  const tree = new ConnectionsTree(connections);
  const servers = new MockServers(context, log);
  context.subscriptions.push(
    connections,
    tree,
    { dispose: () => void servers.dispose() },
    vscode.window.createTreeView(Views.connections, { treeDataProvider: tree, showCollapseAll: false }),
    vscode.window.createTreeView(Views.servers, { treeDataProvider: servers }),
  );

  // New Connection… offers the running servers' URLs. Right after a reload or `npm start`, the
  // servers restored or auto-started may still be coming up (a worker to start): wait for them,
  // briefly, rather than offer nothing to the newcomer who opens it at once.
  let serversBack: Promise<unknown> = Promise.resolve();
  registerConnectionCommands(context, connections, log, async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([serversBack.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
    return servers.list().map((s) => ({ scenario: s.scenario, url: s.handle.url }));
  });
  registerScenarioDiagnostics(context);

  registerCommand(context, Commands.startMockServer, async (scenario) => {
    const s = await servers.start(typeof scenario === 'string' ? scenario : undefined);
    if (s) vscode.window.setStatusBarMessage(`Mock server "${s.scenario}" listening on ${s.handle.url}`, 5000);
    return s ? { url: s.handle.url, id: s.id } : undefined;
  });
  registerCommand(context, Commands.startMockServerTls, async (scenario) => {
    const s = await servers.start(typeof scenario === 'string' ? scenario : undefined, { tls: true });
    return s ? { url: s.handle.url, id: s.id } : undefined;
  });
  registerCommand(context, Commands.startMockServerOnPort, async (scenario) => {
    const s = await servers.start(typeof scenario === 'string' ? scenario : undefined, { askPort: true });
    if (s) vscode.window.setStatusBarMessage(`Mock server "${s.scenario}" listening on ${s.handle.url}`, 5000);
    return s ? { url: s.handle.url, id: s.id } : undefined;
  });
  registerCommand(context, Commands.stopMockServer, (server) => servers.stop(serverArg(server)?.id));
  registerCommand(context, Commands.openServerTimeline, async (server) => {
    // The status bar passes no server when several run: ask which.
    const target = serverArg(server) ?? (await servers.pickRunning('Open Server Timeline'));
    if (!target) {
      if (servers.list().length === 0) void vscode.window.showInformationMessage('WebSocket Lab: no mock server is running.');
      return;
    }
    openServerTimeline(context.extensionUri, target, log, () => connections.allSecretValues());
  });
  registerCommand(context, Commands.copyServerUrl, async (server) => {
    const target = serverArg(server) ?? (await servers.pickRunning('Copy Mock Server URL'));
    if (target) await vscode.env.clipboard.writeText(target.handle.url);
  });
  registerCommand(context, Commands.showLog, () => log.show());

  const lessons = registerLessons(context, connections, servers, log);

  // Before returning, so the tree and the returned API start with the saved connections; a local
  // file is read without yielding to the extension host's other work (connectionsModel.ts).
  await connections.load();
  // Timelines from before the reload come back, and so do their tabs (after load: they need the connections).
  const history = new ConnectionHistory(context, connections, log);
  history.start();
  registerTimelineSerializer(context, connections, history, log);
  flushHistory = () => history.flush();
  // Not awaited: activation stays fast. The servers that ran before a reload come back on their
  // ports (then the settings' autoStart ones), and then the connections that were up reconnect.
  serversBack = servers.restore((from, to) => connections.retarget(from, to))
    .then(() => servers.autoStart());
  void serversBack
    // After the saved timelines are back in their stores, so what a reconnect records follows them.
    .then(() => history.whenAllRestored())
    .then(() => connections.reconnectActive())
    .catch((err: unknown) => log.error(`restoring mock servers and connections: ${(err as Error).message}`));
  log.info('WebSocket Lab activated');
  return { connections, servers, tree, lessons };
}

/** The server node a menu or the status bar passes; the palette passes nothing (then: the first server). */
function serverArg(arg: unknown): RunningServer | undefined {
  const s = arg as Partial<RunningServer> | null | undefined;
  return typeof s === 'object' && s !== null && typeof s.id === 'string' && typeof s.handle === 'object' ? (s as RunningServer) : undefined;
}

/** Writes the timeline history's last events; VS Code waits for it before the window goes. */
let flushHistory: (() => Promise<void>) | undefined;

export function deactivate(): Promise<void> | undefined {
  // Everything else is disposed through context.subscriptions.
  return flushHistory?.();
}
