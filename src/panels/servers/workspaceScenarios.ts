// The workspace's scenario files as rows of the Start Mock Server picker, above the built-in
// scenarios: a user who wrote chat.wsmock.yaml types "chat" and finds it, instead of scrolling to
// "From a scenario file…" and browsing for it.
import * as vscode from 'vscode';
import { MAX_LISTED_SCENARIO_FILES, SCENARIO_FILE_EXCLUDE, SCENARIO_FILE_GLOB, scenarioFileChoices } from '../../shared/scenarioFiles';

/** A picked row's value that names a file: this prefix, then the file's URI. */
const FILE_VALUE = '\u0000scenario-file:';

export type ScenarioRow = vscode.QuickPickItem & { value: string };

/** Rows for the workspace's scenario files (none without a folder open), then a separator for what follows. */
export async function workspaceScenarioRows(): Promise<ScenarioRow[]> {
  if (!vscode.workspace.workspaceFolders?.length) return [];
  const uris = await vscode.workspace.findFiles(SCENARIO_FILE_GLOB, SCENARIO_FILE_EXCLUDE, MAX_LISTED_SCENARIO_FILES * 2);
  const byPath = new Map(uris.map((u) => [vscode.workspace.asRelativePath(u, true), u]));
  const choices = scenarioFileChoices([...byPath.keys()]);
  if (choices.length === 0) return [];
  return [
    { label: 'Scenario files in this workspace', kind: vscode.QuickPickItemKind.Separator, value: '' },
    ...choices.map((c) => ({ label: `$(file-code) ${c.label}`, description: c.description, value: FILE_VALUE + byPath.get(c.path)!.toString() })),
    { label: 'Built-in scenarios', kind: vscode.QuickPickItemKind.Separator, value: '' },
  ];
}

/** The file a picked row names, or undefined for any other row. */
export function scenarioFileOf(value: string): vscode.Uri | undefined {
  return value.startsWith(FILE_VALUE) ? vscode.Uri.parse(value.slice(FILE_VALUE.length)) : undefined;
}
