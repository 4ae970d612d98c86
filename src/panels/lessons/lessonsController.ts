// Lessons inside VS Code: the Lessons view (modules, topics, progress), the lesson panel, the
// "Try it" exercises (start the scenario, open a connection set up for it, check the timeline),
// and the context keys that tick walkthrough steps.
import * as vscode from 'vscode';
import type { Catalog, CatalogModule } from '../../lessons/index';
import { findExercise, type Exercise } from '../../lessons/exercises';
import { emptyProgress, markExercise, markTopic, moduleProgress, parseProgress, exerciseIdFor, topicKey, type Progress } from '../../lessons/progress';
import { GettingStartedTracker } from '../../lessons/gettingStarted';
import type { LiveConnection } from '../../client/liveConnection';
import type { ConnectionsModel } from '../connections/connectionsModel';
import type { MockServers } from '../servers/mockServers';
import { openConnectionTimeline } from '../timeline/connectionTimeline';
import { LessonPanel } from './lessonPanel';

const PROGRESS_KEY = 'websocketLab.lessonProgress';

/**
 * The catalog, markdown-it and the lesson texts load when the Lessons view or a lesson is first
 * shown, not on activation: in the package they are dist/lessons.js (see esbuild.mjs).
 */
const lessonsModule = () => import('../../lessons/index');

type LessonNode = { kind: 'module'; entry: CatalogModule } | { kind: 'topic'; entry: CatalogModule; topic: string };

const EXERCISE_CHECK_DELAY_MS = 200;

export class LessonsController implements vscode.TreeDataProvider<LessonNode> {
  private catalog: Catalog | undefined;
  private progress: Progress;
  private readonly changed = new vscode.EventEmitter<LessonNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Exercise id → the connection set up for it. */
  private readonly exerciseConnections = new Map<string, LiveConnection>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connections: ConnectionsModel,
    private readonly servers: MockServers,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.progress = parseProgress(context.globalState.get(PROGRESS_KEY));
  }

  /** Loaded on first use so activation stays fast. */
  async getCatalog(): Promise<Catalog> {
    if (!this.catalog) {
      // Parsing 27 lessons (markdown-it) happens when the Lessons view is first shown.
      const { loadBundledCatalog } = await lessonsModule();
      this.catalog = loadBundledCatalog();
      if (this.catalog.problems.length) this.log.warn(`lessons: ${this.catalog.problems.length} problems, first: ${this.catalog.problems[0]}`);
    }
    return this.catalog;
  }

  async getChildren(node?: LessonNode): Promise<LessonNode[]> {
    if (!node) return (await this.getCatalog()).modules.map((entry) => ({ kind: 'module', entry }));
    if (node.kind === 'module') return node.entry.module.topics.map((topic) => ({ kind: 'topic', entry: node.entry, topic }));
    return [];
  }

  getTreeItem(node: LessonNode): vscode.TreeItem {
    const m = node.entry.module;
    if (node.kind === 'module') {
      const { done, total } = moduleProgress(this.progress, m);
      const passed = this.progress.completedExercises.includes(exerciseIdFor(m.number));
      const item = new vscode.TreeItem(`${m.number}. ${m.title}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `module-${m.number}`;
      item.description = `${done}/${total}${passed ? ' · exercise ✓' : ''}`;
      item.iconPath = new vscode.ThemeIcon(done === total ? 'pass-filled' : done > 0 ? 'circle-large-outline' : 'book',
        done === total ? new vscode.ThemeColor('testing.iconPassed') : undefined);
      item.contextValue = 'lessonModule';
      item.command = { command: 'websocketLab.openLesson', title: 'Open Lesson', arguments: [m.number] };
      return item;
    }
    const visited = this.progress.visitedTopics.includes(topicKey(m.number, node.topic));
    const item = new vscode.TreeItem(node.topic, vscode.TreeItemCollapsibleState.None);
    item.id = `topic-${m.number}-${node.topic}`;
    item.iconPath = new vscode.ThemeIcon(visited ? 'check' : 'circle-small');
    item.contextValue = 'lessonTopic';
    item.command = { command: 'websocketLab.openLesson', title: 'Open Lesson', arguments: [m.number, node.topic] };
    return item;
  }

  async openLesson(moduleNumber: number, topic?: string): Promise<void> {
    const entry = (await this.getCatalog()).modules.find((m) => m.module.number === moduleNumber);
    if (!entry?.file) {
      void vscode.window.showErrorMessage(`WebSocket Lab: the lesson for module ${moduleNumber} is missing.`);
      return;
    }
    const markdown = (await lessonsModule()).lessonText(entry.file) ?? '';
    LessonPanel.show(this.context.extensionUri, {
      module: moduleNumber,
      title: `${moduleNumber}. ${entry.module.title}`,
      markdown,
      topic,
      passed: this.progress.completedExercises.includes(exerciseIdFor(moduleNumber)),
      onTopicVisible: (t) => void this.visitTopic(moduleNumber, t),
    }, this.log);
    if (topic) await this.visitTopic(moduleNumber, topic);
  }

  private async visitTopic(moduleNumber: number, topic: string): Promise<void> {
    const entry = (await this.getCatalog()).modules.find((m) => m.module.number === moduleNumber);
    if (!entry?.module.topics.includes(topic)) return;
    if (this.progress.visitedTopics.includes(topicKey(moduleNumber, topic))) return;
    void this.saveProgress(markTopic(this.progress, moduleNumber, topic));
  }

  /** Starts the exercise's scenario, opens a connection set up for it beside the lesson, connects. */
  async startExercise(id: string): Promise<LiveConnection | undefined> {
    const exercise = findExercise(id);
    if (!exercise) {
      void vscode.window.showErrorMessage(`WebSocket Lab: there is no exercise "${id}".`);
      return undefined;
    }
    const server = this.servers.list().find((s) => s.scenario === exercise.scenario) ?? (await this.servers.start(exercise.scenario));
    if (!server) return undefined;
    const url = exerciseUrl(server.handle.url, exercise);
    const patch = {
      subprotocols: exercise.connection.subprotocols ?? [],
      headers: (exercise.connection.headers ?? []).map((h) => ({ name: h.name, value: h.value })),
      query: (exercise.connection.query ?? []).map((q) => ({ name: q.name, value: q.value })),
    };
    const name = `Exercise ${id.slice(1)}: ${exercise.title}`;
    let connection = this.exerciseConnections.get(id) ?? this.connections.list().find((c) => c.config.name === name);
    if (connection) {
      await this.connections.update({ ...connection.config, ...patch, url, reconnect: { ...connection.config.reconnect, enabled: !!exercise.connection.reconnect } });
    } else {
      connection = await this.connections.add(name, url, patch);
      await this.connections.update({ ...connection.config, reconnect: { ...connection.config.reconnect, enabled: !!exercise.connection.reconnect } });
    }
    if (!this.exerciseConnections.has(id)) {
      this.exerciseConnections.set(id, connection);
      const watched = connection;
      // Check as events arrive, so the learner sees "passed" the moment they do it; at most every
      // 200 ms, since a check reads the whole timeline and an exercise may stream (ticker, load).
      let pending: NodeJS.Timeout | undefined;
      watched.onEvent(() => {
        pending ??= setTimeout(() => {
          pending = undefined;
          this.evaluate(exercise, watched, false);
        }, EXERCISE_CHECK_DELAY_MS);
      });
    }
    openConnectionTimeline(this.context.extensionUri, this.connections, connection, this.log, vscode.ViewColumn.Beside);
    await connection.connect();
    return connection;
  }

  checkExercise(id: string): { passed: boolean; message: string } {
    const exercise = findExercise(id);
    if (!exercise) return { passed: false, message: `There is no exercise "${id}".` };
    const connection = this.exerciseConnections.get(id);
    if (!connection) {
      const message = 'Start the exercise first (▶ Start the exercise), then do the steps.';
      void vscode.window.showInformationMessage(`WebSocket Lab: ${message}`);
      return { passed: false, message };
    }
    return this.evaluate(exercise, connection, true);
  }

  private evaluate(exercise: Exercise, connection: LiveConnection, explicit: boolean): { passed: boolean; message: string } {
    const result = exercise.check(connection.store.all());
    const already = this.progress.completedExercises.includes(exercise.id);
    if (result.passed && !already) {
      void this.saveProgress(markExercise(this.progress, exercise.id));
      void vscode.commands.executeCommand('setContext', `websocketLab.exercise.${exercise.id}.passed`, true);
      void vscode.window.showInformationMessage(`✓ Exercise ${exercise.id.slice(1)} passed: ${result.message}`);
    } else if (explicit) {
      const show = result.passed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void show(`${result.passed ? '✓' : '✗'} Exercise ${exercise.id.slice(1)}: ${result.message}`);
    }
    if (result.passed || explicit) LessonPanel.current()?.post({ type: 'exerciseResult', exerciseId: exercise.id, passed: result.passed, message: result.message });
    return result;
  }

  async resetProgress(): Promise<void> {
    for (const id of this.progress.completedExercises) await vscode.commands.executeCommand('setContext', `websocketLab.exercise.${id}.passed`, false);
    await this.saveProgress(emptyProgress());
  }

  /** Restores the walkthrough context keys after a restart. */
  restoreContexts(): void {
    for (const id of this.progress.completedExercises) void vscode.commands.executeCommand('setContext', `websocketLab.exercise.${id}.passed`, true);
  }

  private async saveProgress(next: Progress): Promise<void> {
    this.progress = next;
    await this.context.globalState.update(PROGRESS_KEY, next);
    this.changed.fire(undefined);
  }
}

function exerciseUrl(base: string, exercise: Exercise): string {
  const path = exercise.connection.path ?? '/';
  return base.replace(/\/$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

export function registerLessons(
  context: vscode.ExtensionContext,
  connections: ConnectionsModel,
  servers: MockServers,
  log: vscode.LogOutputChannel,
): LessonsController {
  const lessons = new LessonsController(context, connections, servers, log);
  lessons.restoreContexts();
  context.subscriptions.push(vscode.window.createTreeView('websocketLab.lessons', { treeDataProvider: lessons }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments come untyped from VS Code
  const register = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  register('websocketLab.openLessons', () => vscode.commands.executeCommand('websocketLab.lessons.focus'));
  register('websocketLab.openLesson', async (moduleArg?: number, topic?: string) => {
    let moduleNumber = typeof moduleArg === 'number' ? moduleArg : Number(moduleArg);
    if (!Number.isInteger(moduleNumber) || moduleNumber < 1) {
      const picked = await vscode.window.showQuickPick(
        (await lessons.getCatalog()).modules.map((m) => ({ label: `${m.module.number}. ${m.module.title}`, n: m.module.number })),
        { title: 'Open Lesson' },
      );
      if (!picked) return;
      moduleNumber = picked.n;
    }
    await lessons.openLesson(moduleNumber, typeof topic === 'string' ? topic : undefined);
  });
  register('websocketLab.startExercise', (id: string) => lessons.startExercise(String(id)));
  register('websocketLab.checkExercise', (id: string) => lessons.checkExercise(String(id)));
  register('websocketLab.resetLessonProgress', async () => {
    const answer = await vscode.window.showWarningMessage('Reset your lesson progress (topics read and exercises passed)?', { modal: true }, 'Reset');
    if (answer === 'Reset') await lessons.resetProgress();
  });

  // Getting-started walkthrough: connect a Getting Started connection and tick steps from its timeline.
  register('websocketLab.gettingStartedConnect', async () => {
    const server = servers.list().find((s) => s.scenario === 'echo') ?? (await servers.start('echo'));
    if (!server) return undefined;
    const connection: LiveConnection | undefined = await vscode.commands.executeCommand('websocketLab.newConnection', { url: server.handle.url, name: 'Getting started (echo)' });
    return connection;
  });
  const seen = new Set<string>();
  const watchGettingStarted = (c: LiveConnection) => {
    if (seen.has(c.config.id)) return;
    seen.add(c.config.id);
    // Each event is looked at once and a context key is set only when its step turns on: this runs
    // for every message of every connection, and a busy one sends thousands per second.
    const tracker = new GettingStartedTracker();
    for (const e of c.store.all()) tracker.observe(e);
    const announce = () => {
      for (const [flag, on] of Object.entries(tracker.flags)) if (on) void vscode.commands.executeCommand('setContext', `websocketLab.gs.${flag}`, true);
    };
    announce();
    const stop = c.onEvent((e) => {
      if (!tracker.observe(e)) return;
      announce();
      if (tracker.complete) stop();
    });
  };
  connections.list().forEach(watchGettingStarted);
  context.subscriptions.push(connections.onDidChange(() => connections.list().forEach(watchGettingStarted)));
  return lessons;
}
