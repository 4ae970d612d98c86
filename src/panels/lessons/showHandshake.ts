// "WebSocket Lab: Show Handshake": a connection's latest opening handshake as read-only HTTP text
// beside the timeline. The walkthrough's "Read the handshake" step completes when this command
// runs (onCommand), so the step ticks only when the learner really opens the handshake.
import * as vscode from 'vscode';
import { handshakeText } from '../../lessons/handshakeText';
import type { ConnectionsModel } from '../connections/connectionsModel';
import type { LiveConnection } from '../../client/liveConnection';
import { displayUrl } from '../../wire/url';
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
    const connection = await chooseConnection(connections, arg);
    if (!connection) return;
    const fileName = connection.config.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'connection';
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${fileName} handshake.http`, query: connection.config.id });
    changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  });
}

/** A tree node or id when given; else the only connection that has shaken hands, or the user picks. */
async function chooseConnection(connections: ConnectionsModel, arg: unknown): Promise<LiveConnection | undefined> {
  if (arg && typeof arg === 'object' && 'config' in arg) return arg as LiveConnection;
  if (typeof arg === 'string') return connections.get(arg);
  const shook = connections.list().filter((c) => c.store.all().some((e) => e.kind === 'handshake-request'));
  if (shook.length === 0) {
    void vscode.window.showInformationMessage('WebSocket Lab: no handshake yet. Connect first, then show its handshake.');
    return undefined;
  }
  if (shook.length === 1) return shook[0];
  const picked = await vscode.window.showQuickPick(
    shook.map((c) => ({ label: c.config.name, description: displayUrl(c.config.url), c })),
    { title: 'Show Handshake', placeHolder: 'Pick a connection' },
  );
  return picked?.c;
}
