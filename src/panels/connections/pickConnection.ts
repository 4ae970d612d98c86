// Which connection a command acts on. A tree menu passes its node and a command link an id; from
// the command palette nothing comes, so: the connection whose timeline is the active editor (the
// one the user is looking at), else the only one the command applies to (the only open one, for
// Send Message), else the only one there is, else the user picks.
import * as vscode from 'vscode';
import type { LiveConnection } from '../../client/liveConnection';
import { displayUrl } from '../../wire/url';
import { TimelinePanel } from '../timeline/timelinePanel';
import type { ConnectionsModel } from './connectionsModel';

/** For connections a command is meant for (e.g. open ones for Send Message): they are offered first. */
export type Applicable = (c: LiveConnection) => boolean;

export const isOpen: Applicable = (c) => c.stats.state === 'OPEN';

export async function pickConnection(model: ConnectionsModel, arg: unknown, title: string, applicable?: Applicable): Promise<LiveConnection | undefined> {
  if (arg && typeof arg === 'object' && 'config' in arg) return arg as LiveConnection;
  if (typeof arg === 'string') return model.get(arg);
  const activeId = TimelinePanel.activeId();
  const active = activeId === undefined ? undefined : model.get(activeId);
  if (active) return active;
  const all = model.list();
  if (all.length === 0) {
    void vscode.window.showInformationMessage('WebSocket Lab: no connections yet. Create one with "New Connection…".');
    return undefined;
  }
  const fitting = applicable ? all.filter(applicable) : all;
  if (fitting.length === 1) return fitting[0];
  if (all.length === 1) return all[0];
  const ordered = [...fitting, ...all.filter((c) => !fitting.includes(c))];
  const picked = await vscode.window.showQuickPick(
    ordered.map((c) => ({ label: c.config.name, description: displayUrl(c.config.url), detail: c.stats.state.toLowerCase(), c })),
    { title, placeHolder: 'Pick a connection' },
  );
  return picked?.c;
}
