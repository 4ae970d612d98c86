// Saves a timeline as JSONL or HAR (secrets redacted) where the user picks.
import * as vscode from 'vscode';
import type { TimelineEvent } from '../../shared/events';
import { exportJsonl } from '../../formats/jsonl';
import { exportHar } from '../../formats/har';
import type { Reply } from './timelinePanel';

export async function exportTimeline(
  name: string,
  url: string,
  events: TimelineEvent[],
  format: 'jsonl' | 'har',
  secrets: string[],
  target?: vscode.Uri,
): Promise<Reply> {
  const safeName = name.replace(/[^\w.-]+/g, '_') || 'timeline';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = target ?? await vscode.window.showSaveDialog({
    title: `Export timeline as ${format.toUpperCase()}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${safeName}.${format}`) : undefined,
    filters: format === 'har' ? { HAR: ['har'] } : { 'JSON Lines': ['jsonl'] },
  });
  if (!uri) return { ok: false, error: 'Export cancelled.' };
  const text = format === 'har'
    ? exportHar(events, { name, url, secrets })
    : exportJsonl(events, { name, url, secrets });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return { ok: true, message: `Exported ${events.length} events to ${uri.fsPath}` };
}
