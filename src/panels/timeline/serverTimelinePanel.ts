// A mock server's own timeline: what every client sent and received, seen from the server.
import * as vscode from 'vscode';
import type { RunningServer } from '../servers/mockServers';
import { TimelinePanel, type Reply } from './timelinePanel';
import { exportTimeline } from './exportTimeline';

/**
 * `secrets` are the values the extension knows to be secret (stored tokens, private env values):
 * the clients that talked to the server may have sent them, so its exports hide them as a
 * connection's do.
 */
export function openServerTimeline(
  extensionUri: vscode.Uri,
  server: RunningServer,
  log: vscode.LogOutputChannel,
  secrets: () => Promise<string[]> = async () => [],
): TimelinePanel {
  return TimelinePanel.show(extensionUri, server.id, server.timeline, {
    info: () => ({ id: server.id, side: 'server', title: `Mock server: ${server.scenario}`, url: server.handle.url }),
    savedMessages: () => [],
    handle: async (m): Promise<Reply | undefined> => {
      switch (m.type) {
        case 'clear':
          server.timeline.clear();
          return undefined;
        case 'copyText':
          await vscode.env.clipboard.writeText(m.text);
          return undefined;
        case 'export':
          return exportTimeline(`mock-${server.scenario}`, server.handle.url, server.timeline.store.all(), m.format, await secrets());
        default:
          return 'requestId' in m ? { ok: false, error: 'This is a mock server timeline: send from a connection’s timeline instead.' } : undefined;
      }
    },
  }, log, vscode.ViewColumn.Beside);
}
