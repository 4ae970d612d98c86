// Every command the extension registers, by one name each, and the one way to register them.
// package.json's contributes.commands must list exactly these (test/unit/manifest.test.ts checks
// it against what activate() registers), so a command cannot be contributed without a handler
// (VS Code would show it and fail with "command not found") nor registered without a title.
import * as vscode from 'vscode';

export const Commands = {
  // Connections (connections/connectionCommands.ts)
  newConnection: 'websocketLab.newConnection',
  connect: 'websocketLab.connect',
  disconnect: 'websocketLab.disconnect',
  retry: 'websocketLab.retry',
  openTimeline: 'websocketLab.openTimeline',
  editConnection: 'websocketLab.editConnection',
  renameConnection: 'websocketLab.renameConnection',
  duplicateConnection: 'websocketLab.duplicateConnection',
  deleteConnection: 'websocketLab.deleteConnection',
  copyUrl: 'websocketLab.copyUrl',
  copyAsCode: 'websocketLab.copyAsCode',
  exportTimeline: 'websocketLab.exportTimeline',
  importHar: 'websocketLab.importHar',
  // Messages on a connection, from the palette (connections/messageCommands.ts)
  sendMessage: 'websocketLab.sendMessage',
  sendPing: 'websocketLab.sendPing',
  closeConnection: 'websocketLab.closeConnection',
  // Mock servers (extension.ts)
  startMockServer: 'websocketLab.startMockServer',
  startMockServerTls: 'websocketLab.startMockServerTls',
  startMockServerOnPort: 'websocketLab.startMockServerOnPort',
  stopMockServer: 'websocketLab.stopMockServer',
  openServerTimeline: 'websocketLab.openServerTimeline',
  copyServerUrl: 'websocketLab.copyServerUrl',
  showLog: 'websocketLab.showLog',
  // Lessons and the getting-started walkthrough (lessons/lessonsController.ts)
  gettingStartedConnect: 'websocketLab.gettingStartedConnect',
  openLessons: 'websocketLab.openLessons',
  openLesson: 'websocketLab.openLesson',
  startExercise: 'websocketLab.startExercise',
  checkExercise: 'websocketLab.checkExercise',
  resetLessonProgress: 'websocketLab.resetLessonProgress',
  showHandshake: 'websocketLab.showHandshake',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/**
 * Commands registered on purpose without a package.json contribution (for other code to call,
 * never shown to users). None today; one added here is the only kind the manifest test lets
 * through uncontributed. Commands hidden from the palette with `"when": "false"` are still
 * contributed (menus and command links need their titles) and do not belong here.
 */
export const INTERNAL_COMMANDS: ReadonlySet<CommandId> = new Set<CommandId>([]);

/** The views package.json contributes; VS Code adds a `<view id>.focus` command for each. */
export const Views = {
  connections: 'websocketLab.connections',
  servers: 'websocketLab.servers',
  lessons: 'websocketLab.lessons',
} as const;

export type ViewId = (typeof Views)[keyof typeof Views];

/**
 * A command handler. Arguments are `unknown` because VS Code passes whatever the caller gave: a
 * tree node from a menu, nothing from the palette, JSON from a command link or a walkthrough, any
 * value from another extension. Each handler checks what it got.
 */
export type CommandHandler = (...args: unknown[]) => unknown;

/** Registers `handler` for `id` for as long as the extension is active. */
export function registerCommand(context: Pick<vscode.ExtensionContext, 'subscriptions'>, id: CommandId, handler: CommandHandler): void {
  context.subscriptions.push(vscode.commands.registerCommand(id, handler));
}

/** Runs one of our own commands (the same handler a menu or the palette would run). */
export function runCommand<T = unknown>(id: CommandId, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(id, ...args);
}

/** Reveals one of our views. */
export function focusView(view: ViewId): Thenable<unknown> {
  return vscode.commands.executeCommand(`${view}.focus`);
}
