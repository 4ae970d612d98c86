// "WebSocket Lab: Show Handshake": a connection's latest opening handshake as read-only HTTP text
// beside the timeline. The walkthrough's "Read the handshake" step completes when this command
// runs (onCommand), so the step ticks only when the learner really opens the handshake.
import * as vscode from 'vscode';
import { handshakeText } from '../../lessons/handshakeText';
import type { ConnectionsModel } from '../connections/connectionsModel';
import type { LiveConnection } from '../../client/liveConnection';
import { Commands, registerCommand } from '../commands';

const SCHEME = 'websocketlab-handshake';

export function registerShowHandshake(context: vscode.ExtensionContext, connections: ConnectionsModel): void {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(changed);
  // The text is made when the document is opened (from the timeline as it is then), never stored.
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    onDidChange: changed.event,
    provideTextDocumentContent(uri) {
      const connection = connections.get(uri.query);
      if (!connection) return '# This connection was deleted.\n';
      return handshakeText(connection.config.name, connection.store.all());
    },
  }));
  registerCommand(context, Commands.showHandshake, async (arg) => {
    const connection = chooseConnection(connections, arg);
    if (!connection) return;
    const fileName = connection.config.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'connection';
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${fileName} handshake.http`, query: connection.config.id });
    changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  });
}

/**
 * A tree node or id when given; else the connection whose handshake is the most recent. No quick
 * pick: run from the walkthrough, the walkthrough takes the focus back as the step completes, and
 * a quick pick closes when it loses focus. The document's title names the connection shown.
 */
function chooseConnection(connections: ConnectionsModel, arg: unknown): LiveConnection | undefined {
  if (arg && typeof arg === 'object' && 'config' in arg) return arg as LiveConnection;
  if (typeof arg === 'string') return connections.get(arg);
  let latest: { connection: LiveConnection; time: number } | undefined;
  for (const connection of connections.list()) {
    const events = connection.store.all();
    for (let i = events.length - 1; i >= 0; i--) {
      if (events[i].kind !== 'handshake-request') continue;
      if (!latest || events[i].time > latest.time) latest = { connection, time: events[i].time };
      break;
    }
  }
  if (!latest) void vscode.window.showInformationMessage('WebSocket Lab: no handshake yet. Connect first, then show its handshake.');
  return latest?.connection;
}
