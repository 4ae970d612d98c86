// The Connections view: one node per saved connection with its live state, figures and actions.
// `contextValue` (connection.<state>) drives the inline and context menus in package.json.
import * as vscode from 'vscode';
import type { LiveConnection } from '../../client/liveConnection';
import type { ConnectionsModel } from './connectionsModel';
import { formatDuration } from '../../util/formatDuration';
import { displayUrl } from '../../wire/url';
import { Commands } from '../commands';

export class ConnectionsTree implements vscode.TreeDataProvider<LiveConnection>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LiveConnection | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly ticker: NodeJS.Timeout;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: ConnectionsModel) {
    this.subscription = model.onDidChange((c) => this.changed.fire(c));
    // Uptime and "reconnecting in Ns" are clocks: refresh live nodes once a second.
    this.ticker = setInterval(() => {
      for (const c of model.list()) if (c.stats.state === 'OPEN' || c.stats.reconnectAt) this.changed.fire(c);
    }, 1000);
  }

  getChildren(element?: LiveConnection): LiveConnection[] {
    return element ? [] : this.model.list();
  }

  getTreeItem(c: LiveConnection): vscode.TreeItem {
    const s = c.stats;
    const item = new vscode.TreeItem(c.config.name, vscode.TreeItemCollapsibleState.None);
    item.id = c.config.id;
    const { label, icon, color, context } = describeState(c);
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const parts = [label, `↑${s.messagesOut} ↓${s.messagesIn}`];
    if (s.state === 'OPEN' && s.openedAt) parts.push(formatDuration(Date.now() - s.openedAt));
    if (s.queueLength) parts.push(`${s.queueLength} queued`);
    item.description = parts.join(' · ');
    item.contextValue = `connection.${context}`;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${escapeMd(c.config.name)}**`,
        `\`${displayUrl(c.config.url)}\``,
        `State: ${label}`,
        s.protocol ? `Subprotocol: \`${s.protocol}\`` : '',
        `Messages: ${s.messagesOut} sent (${s.bytesOut} B), ${s.messagesIn} received (${s.bytesIn} B)`,
        s.lastRttMs !== undefined ? `Last ping RTT: ${s.lastRttMs} ms` : '',
        c.config.tls.rejectUnauthorized ? '' : '$(warning) TLS certificate verification is OFF',
      ].filter(Boolean).join('\n\n'),
      true,
    );
    item.command = { command: Commands.openTimeline, title: 'Open Timeline', arguments: [c] };
    return item;
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function describeState(c: LiveConnection): { label: string; icon: string; color?: string; context: string } {
  const s = c.stats;
  if (s.circuitOpen) return { label: 'stopped after repeated failures', icon: 'circle-slash', color: 'errorForeground', context: 'circuitOpen' };
  if (s.reconnectAt) {
    const secs = Math.max(0, Math.ceil((s.reconnectAt - Date.now()) / 1000));
    return { label: `reconnecting in ${secs}s`, icon: 'sync', color: 'charts.yellow', context: 'reconnecting' };
  }
  switch (s.state) {
    case 'OPEN':
      return { label: 'OPEN', icon: 'pass-filled', color: 'testing.iconPassed', context: 'open' };
    case 'CONNECTING':
      return { label: 'CONNECTING', icon: 'loading~spin', context: 'connecting' };
    case 'CLOSING':
      return { label: 'CLOSING', icon: 'loading~spin', context: 'connecting' };
    default:
      return { label: 'CLOSED', icon: 'circle-outline', context: 'closed' };
  }
}

const escapeMd = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
