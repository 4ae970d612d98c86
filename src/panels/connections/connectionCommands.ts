// Commands on connections: new, connect, disconnect, retry, open timeline, rename, duplicate,
// delete, copy URL, copy as code, export, import HAR.
import * as vscode from 'vscode';
import type { LiveConnection } from '../../client/liveConnection';
import { checkUrlInput, displayUrl, nameFromUrl } from '../../wire/url';
import { copyAsCode, type CodeTarget } from '../../formats/copyAsCode';
import { messageToCopy } from '../../formats/copyAsCodeMessage';
import { importHar } from '../../formats/har';
import type { ConnectionsModel } from './connectionsModel';
import { openConnectionTimeline } from '../timeline/connectionTimeline';
import { TimelinePanel } from '../timeline/timelinePanel';
import { exportTimeline } from '../timeline/exportTimeline';
import { editConnection } from './editConnection';
import { Commands, registerCommand } from '../commands';
import { pickConnection, isOpen, type Applicable } from './pickConnection';
import { registerMessageCommands } from './messageCommands';

export interface NewConnectionOptions {
  url?: string;
  name?: string;
  /** Open the timeline beside the active editor (lessons) instead of in it. */
  beside?: boolean;
  connect?: boolean;
  /** Trust this CA file (e.g. the mock server's self-signed certificate). */
  caFile?: string;
}

/** A running mock server, as New Connection… offers it. */
export interface ServerUrl {
  scenario: string;
  url: string;
}

export function registerConnectionCommands(
  context: vscode.ExtensionContext,
  model: ConnectionsModel,
  log: vscode.LogOutputChannel,
  runningServers: () => ServerUrl[] | Promise<ServerUrl[]> = () => [],
): void {
  // An edited connection (name, URL, TLS) is shown as such by its open timeline at once.
  context.subscriptions.push(model.onDidChange((c) => c && TimelinePanel.get(c.config.id)?.refreshInfo()));

  const open = (c: LiveConnection, beside = false) =>
    openConnectionTimeline(context.extensionUri, model, c, log, beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);

  /** Commands from the palette get no tree node: the active timeline's connection, or ask (pickConnection.ts). */
  const pick = (arg: unknown, title: string, applicable?: Applicable) => pickConnection(model, arg, title, applicable);
  registerMessageCommands(context, model, (c) => open(c, true));

  registerCommand(context, Commands.newConnection, async (arg) => {
    // Lessons, the mock server's TLS offer and tests pass options; the palette and the view pass none.
    const opts = typeof arg === 'object' && arg !== null ? (arg as NewConnectionOptions) : undefined;
    const url = opts?.url ?? (await askUrl(await runningServers()));
    if (!url) return undefined;
    const error = checkUrlInput(url);
    if (error) {
      void vscode.window.showErrorMessage(`WebSocket Lab: ${error}`);
      return undefined;
    }
    const connection = await model.add(opts?.name || nameFromUrl(url), url.trim());
    if (opts?.caFile) await model.update({ ...connection.config, tls: { ...connection.config.tls, caFile: opts.caFile } });
    open(connection, opts?.beside);
    if (opts?.connect !== false) await connection.connect();
    return connection;
  });

  registerCommand(context, Commands.connect, async (arg) => {
    const c = await pick(arg, 'Connect', (x) => !x.isActive);
    if (!c) return;
    open(c);
    const r = await c.connect();
    if (!r.ok) void vscode.window.showErrorMessage(`WebSocket Lab: ${r.error}`);
  });
  registerCommand(context, Commands.disconnect, async (arg) => (await pick(arg, 'Disconnect', (x) => x.isActive || isOpen(x)))?.disconnect());
  registerCommand(context, Commands.retry, async (arg) => (await pick(arg, 'Retry'))?.retry());
  registerCommand(context, Commands.openTimeline, async (arg) => {
    const c = await pick(arg, 'Open Timeline');
    if (c) open(c);
  });
  registerCommand(context, Commands.editConnection, async (arg) => {
    const c = await pick(arg, 'Edit Connection');
    if (c) await editConnection(model, c);
  });
  registerCommand(context, Commands.renameConnection, async (arg) => {
    const c = await pick(arg, 'Rename Connection');
    if (!c) return;
    const name = await vscode.window.showInputBox({
      title: 'Rename Connection',
      value: c.config.name,
      validateInput: (v) => (!v.trim() ? 'A name is needed' : model.nameTaken(v.trim(), c.config.id) ? `Another connection is called "${v.trim()}"` : undefined),
    });
    if (name?.trim()) await model.update({ ...c.config, name: name.trim() });
  });
  registerCommand(context, Commands.duplicateConnection, async (arg) => {
    const c = await pick(arg, 'Duplicate Connection');
    if (!c) return;
    const { id: _id, name, url, ...rest } = c.config;
    // Secret values are not copied: the duplicate asks for them again (they belong to one id).
    await model.add(`${name} (copy)`, url, { ...rest, headers: rest.headers.map((h) => (h.secret ? { ...h, value: '' } : h)) });
  });
  registerCommand(context, Commands.deleteConnection, async (arg) => {
    const c = await pick(arg, 'Delete Connection');
    if (!c) return;
    const answer = await vscode.window.showWarningMessage(`Delete the connection "${c.config.name}"? Its timeline is discarded.`, { modal: true }, 'Delete');
    if (answer === 'Delete') await model.remove(c.config.id);
  });
  registerCommand(context, Commands.copyUrl, async (arg) => {
    const c = await pick(arg, 'Copy URL');
    if (!c) return;
    await vscode.env.clipboard.writeText(c.config.url);
    vscode.window.setStatusBarMessage(`Copied ${displayUrl(c.config.url)}`, 3000);
  });
  registerCommand(context, Commands.copyAsCode, async (arg, targetArg) => {
    const c = await pick(arg, 'Copy as Code');
    if (!c) return;
    const targets: Array<{ label: string; target: CodeTarget }> = [
      { label: 'Browser JavaScript', target: 'browser-js' },
      { label: 'Node.js (ws)', target: 'node-ws' },
      { label: 'wscat', target: 'wscat' },
      { label: 'websocat', target: 'websocat' },
      { label: 'Python (websockets)', target: 'python-websockets' },
    ];
    const target = (typeof targetArg === 'string' ? targetArg as CodeTarget : undefined)
      ?? (await vscode.window.showQuickPick(targets, { title: 'Copy as Code' }))?.target;
    if (!target) return;
    // The snippet sends the composer's message (the open timeline's webview reports it), else the last sent.
    const picked = await messageToCopy(TimelinePanel.get(c.config.id)?.draft, c.history);
    // Known secrets typed into the config (a private env value, a stored token) are scrubbed too.
    const code = copyAsCode(c.config, target, { secrets: 'placeholder', redact: await model.allSecretValues(), message: picked.message });
    await vscode.env.clipboard.writeText(code);
    const label = targets.find((t) => t.target === target)?.label ?? target;
    if (picked.error) void vscode.window.showWarningMessage(`WebSocket Lab: copied ${label} code that only connects: ${picked.error}.`);
    const sends = !picked.message ? 'that only connects' : picked.from === 'composer' ? "sending the composer's message" : 'sending the last sent message';
    vscode.window.setStatusBarMessage(`Copied ${c.config.name} as ${label} code ${sends} (secrets replaced by placeholders)`, 4000);
    return code;
  });
  registerCommand(context, Commands.exportTimeline, async (arg, formatArg, targetArg) => {
    const c = await pick(arg, 'Export Timeline');
    if (!c) return;
    const format = (formatArg === 'har' || formatArg === 'jsonl' ? formatArg : undefined)
      ?? (await vscode.window.showQuickPick([
        { label: 'HAR', description: 'Chrome DevTools layout (_webSocketMessages)', format: 'har' as const },
        { label: 'JSON Lines', description: 'one event per line, every detail', format: 'jsonl' as const },
      ], { title: 'Export Timeline' }))?.format;
    if (!format) return;
    const r = await exportTimeline(c.config.name, c.config.url, c.store.all(), format, await model.allSecretValues(), targetArg instanceof vscode.Uri ? targetArg : undefined);
    if (r.ok) vscode.window.setStatusBarMessage(r.message ?? 'Exported', 4000);
    else if (r.error !== 'Export cancelled.') void vscode.window.showErrorMessage(`WebSocket Lab: ${r.error}`);
    return r;
  });
  registerCommand(context, Commands.importHar, async (uriArg) => {
    const uri = uriArg instanceof vscode.Uri ? uriArg : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { HAR: ['har', 'json'] }, title: 'Import a HAR with WebSocket messages' }))?.[0];
    if (!uri) return;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const imported = importHar(text);
    if (!imported.ok) {
      void vscode.window.showErrorMessage(`WebSocket Lab: that HAR could not be imported: ${imported.error}`);
      return;
    }
    const created: LiveConnection[] = [];
    for (const conversation of imported.conversations) {
      const c = await model.add(`${nameFromUrl(conversation.url)} (imported)`, conversation.url);
      for (const e of conversation.events) c.record(e);
      created.push(c);
    }
    if (created[0]) open(created[0]);
    const summary = `Imported ${created.length} WebSocket connection(s) from ${uri.path.split('/').pop()}`;
    const notes = imported.warnings;
    if (notes.length === 0) vscode.window.setStatusBarMessage(summary, 4000);
    else {
      // What was skipped or guessed, one line each in the log; the toast says how much and opens it.
      log.warn(`${summary} (${imported.entries} entries); ${notes.length} note(s) on what was skipped or guessed:`);
      for (const n of notes) log.warn(`  ${n}`);
      // One note reads better without its "log.entries[0] (url): " address, which the log keeps.
      const one = notes[0].replace(/^log\.entries\[\d+\](?: \(.*?\))?: /, '');
      const gist = notes.length === 1 ? one.charAt(0).toUpperCase() + one.slice(1) : `${notes.length} notes on entries skipped or times guessed`;
      void vscode.window.showWarningMessage(`WebSocket Lab: ${summary}. ${gist}.`, 'Show Details').then((pick) => pick && log.show(true));
    }
    return created;
  });
}

/**
 * The URL for New Connection…: a running mock server's URL is filled in (selected, so typing
 * replaces it) and the others are listed in the prompt, since the server picked a port the user
 * does not know.
 */
async function askUrl(servers: ServerUrl[]): Promise<string | undefined> {
  const latest = servers[servers.length - 1];
  const value = latest ? latest.url : 'ws://127.0.0.1:';
  const running = servers.map((s) => `${s.scenario} ${s.url}`).join(', ');
  return vscode.window.showInputBox({
    title: 'New Connection',
    prompt: `WebSocket URL (ws:// or wss://). {{variables}} from http-client.env.json are allowed.${running ? ` Running mock server${servers.length === 1 ? '' : 's'}: ${running}.` : ''}`,
    placeHolder: 'ws://127.0.0.1:8080/socket',
    value,
    valueSelection: latest ? [0, value.length] : undefined,
    ignoreFocusOut: true,
    validateInput: checkUrlInput,
  });
}
