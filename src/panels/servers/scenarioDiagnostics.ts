// Problems in scenario files (*.wsmock.json / *.wsmock.yaml), as diagnostics on the file while it
// is edited: the same checks and messages as starting a server from it (the scenario parser in the
// server bundle), each at its line and column, listed in the Problems panel and underlined in the
// editor. Before, they appeared only in a one-line notification when a server failed to start.
import * as vscode from 'vscode';
import { isScenarioFile } from '../../shared/scenarioFiles';
import type { ScenarioError } from '../../server/index';

/** Re-checks after typing pauses this long: parsing on every keystroke is wasted work. */
const DEBOUNCE_MS = 300;

/** The diagnostics' source, shown in the Problems panel next to each message. */
export const SCENARIO_DIAGNOSTIC_SOURCE = 'WebSocket Lab scenario';

/** Loaded on the first scenario file opened, not on activation (dist/server.js, see esbuild.mjs). */
const serverModule = () => import('../../server/index');

export function registerScenarioDiagnostics(context: Pick<vscode.ExtensionContext, 'subscriptions'>): vscode.DiagnosticCollection {
  const diagnostics = vscode.languages.createDiagnosticCollection('websocketLab.scenario');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const check = async (document: vscode.TextDocument): Promise<void> => {
    if (!isScenarioFile(document.uri.path) || document.isClosed) return;
    const version = document.version;
    const { parseScenarioText } = await serverModule();
    const result = parseScenarioText(document.getText(), document.fileName);
    // Typed on while the parser loaded, or closed: the newer check (or none) wins.
    if (document.isClosed || document.version !== version) return;
    diagnostics.set(document.uri, result.ok ? [] : result.errors.map((e) => toDiagnostic(document, e)));
  };

  const later = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => {
      pending.delete(key);
      void check(document);
    }, DEBOUNCE_MS));
  };

  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((d) => void check(d)),
    vscode.workspace.onDidChangeTextDocument((e) => isScenarioFile(e.document.uri.path) && later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(pending.get(d.uri.toString()));
      diagnostics.delete(d.uri);
    }),
    { dispose: () => pending.forEach((t) => clearTimeout(t)) },
  );
  for (const d of vscode.workspace.textDocuments) void check(d);
  return diagnostics;
}

/**
 * A parser error (1-based line and column) as a diagnostic that underlines the word it points
 * at: a key, a value, a token. A position at the end of a line underlines one character.
 */
function toDiagnostic(document: vscode.TextDocument, e: ScenarioError): vscode.Diagnostic {
  const line = Math.min(Math.max(e.line - 1, 0), Math.max(document.lineCount - 1, 0));
  const start = document.validatePosition(new vscode.Position(line, Math.max(e.column - 1, 0)));
  const word = document.getWordRangeAtPosition(start, /[^\s:,{}[\]]+/);
  const range = word && word.start.isEqual(start) ? word : new vscode.Range(start, start.translate(0, 1));
  const diagnostic = new vscode.Diagnostic(document.validateRange(range), e.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = SCENARIO_DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/**
 * A server could not start from `file` because the file has problems: say so, and offer to open
 * the file, where each problem is underlined and listed in the Problems panel.
 */
export async function showScenarioFileError(message: string, file: string): Promise<void> {
  const answer = await vscode.window.showErrorMessage(message, 'Show Problems');
  if (answer !== 'Show Problems') return;
  try {
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  } catch (e) {
    void vscode.window.showErrorMessage(`WebSocket Lab: cannot open ${file}: ${(e as Error).message}`);
  }
}
