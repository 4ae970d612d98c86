// Brings connection timeline tabs back after a window reload or restart. VS Code keeps the tab
// and the page's saved state (the page records which timeline it shows, media/webview/timeline/
// vscodeApi.ts); here the tab is handed its connection again, once that connection's history is
// back in its store, so the tab shows what it showed before. A mock server's timeline is not
// restored: its server stopped with the old window.
import * as vscode from 'vscode';
import type { ConnectionsModel } from '../connections/connectionsModel';
import type { ConnectionHistory } from './connectionHistory';
import { openConnectionTimeline } from './connectionTimeline';
import { TimelinePanel } from './timelinePanel';

export function registerTimelineSerializer(
  context: vscode.ExtensionContext,
  connections: ConnectionsModel,
  history: ConnectionHistory,
  log: vscode.LogOutputChannel,
): void {
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(TimelinePanel.viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
      const shown = timelineOf(state);
      const connection = shown?.side === 'client' ? connections.get(shown.id) : undefined;
      if (!connection) {
        if (shown?.side === 'client') log.info(`A timeline tab was closed after the reload: its connection (${shown.id}) no longer exists.`);
        panel.dispose();
        return;
      }
      await history.whenRestored(connection.config.id);
      openConnectionTimeline(context.extensionUri, connections, connection, log, panel.viewColumn, panel);
    },
  }));
}

/** Which timeline a saved page state says it showed; anything else (an older page) is undefined. */
export function timelineOf(state: unknown): { id: string; side: 'client' | 'server' } | undefined {
  const t = (state as { timeline?: { id?: unknown; side?: unknown } } | null | undefined)?.timeline;
  if (!t || typeof t.id !== 'string' || (t.side !== 'client' && t.side !== 'server')) return undefined;
  return { id: t.id, side: t.side };
}
