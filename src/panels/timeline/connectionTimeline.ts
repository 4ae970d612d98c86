// Opens a connection's timeline panel and carries out what its webview asks for.
import * as vscode from 'vscode';
import type { LiveConnection } from '../../client/liveConnection';
import type { ConnectionsModel } from '../connections/connectionsModel';
import { TimelinePanel, type Reply, type TimelineActions } from './timelinePanel';
import { exportTimeline } from './exportTimeline';
import { displayUrl } from '../../wire/url';

export function openConnectionTimeline(
  extensionUri: vscode.Uri,
  model: ConnectionsModel,
  connection: LiveConnection,
  log: vscode.LogOutputChannel,
  column?: vscode.ViewColumn,
  restored?: vscode.WebviewPanel,
): TimelinePanel {
  const actions: TimelineActions = {
    info: () => ({
      id: connection.config.id,
      side: 'client',
      title: connection.config.name,
      url: displayUrl(connection.config.url),
      tlsVerificationOff: !connection.config.tls.rejectUnauthorized,
    }),
    savedMessages: () => connection.config.savedMessages ?? [],
    handle: async (m, panel): Promise<Reply | undefined> => {
      switch (m.type) {
        case 'send':
          return connection.sendComposer(m.format, m.body);
        case 'sendFile': {
          const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Send a file as one binary message' });
          if (!picked?.[0]) return { ok: false, error: 'No file picked.' };
          const bytes = await vscode.workspace.fs.readFile(picked[0]);
          if (bytes.byteLength > connection.config.maxMessageSize) {
            return { ok: false, error: `The file is ${bytes.byteLength} bytes, over this connection's max message size (${connection.config.maxMessageSize}).` };
          }
          return connection.sendBytes(bytes, picked[0].path.split('/').pop() ?? 'file');
        }
        case 'ping':
          return connection.ping(m.payload);
        case 'close':
          return connection.close(m.code, m.reason);
        case 'connect':
          return connection.connect();
        case 'disconnect':
          return connection.disconnect();
        case 'clear':
          connection.clear();
          return undefined;
        case 'resend':
          return connection.resend(m.seq);
        case 'copyText':
          await vscode.env.clipboard.writeText(m.text);
          return undefined;
        case 'export':
          return exportTimeline(connection.config.name, connection.config.url, connection.store.all(), m.format, await model.allSecretValues());
        case 'saveMessage': {
          const saved = (connection.config.savedMessages ?? []).filter((s) => s.name !== m.message.name);
          saved.push(m.message);
          await model.update({ ...connection.config, savedMessages: saved });
          panel.post({ type: 'savedMessages', savedMessages: saved });
          return { ok: true, message: `Saved "${m.message.name}"` };
        }
        case 'draft':
          panel.draft = { format: m.format, body: m.body };
          return undefined;
        case 'deleteSavedMessage': {
          const saved = (connection.config.savedMessages ?? []).filter((s) => s.name !== m.name);
          await model.update({ ...connection.config, savedMessages: saved });
          panel.post({ type: 'savedMessages', savedMessages: saved });
          return undefined;
        }
        default:
          return undefined;
      }
    },
  };
  return TimelinePanel.show(extensionUri, connection.config.id, connection, actions, log, column, restored);
}
