// Lessons inside VS Code: the Lessons view (modules, topics, progress), the lesson panel, the
// "Try it" exercises (start the scenario, open a connection set up for it, check the timeline),
// and the context keys that tick walkthrough steps.
import * as vscode from 'vscode';
import type { Catalog, CatalogModule } from '../../lessons/index';
import { findExercise, type Exercise } from '../../lessons/exercises';
import { emptyProgress, markExercise, markTopic, moduleProgress, parseProgress, exerciseIdFor, topicKey, type Progress } from '../../lessons/progress';
import { GettingStartedTracker, StepAnnouncer, type GettingStartedStep } from '../../lessons/gettingStarted';
import type { LiveConnection } from '../../client/liveConnection';
import { DEFAULT_RECONNECT } from '../../shared/connection';
import type { ConnectionsModel } from '../connections/connectionsModel';
import type { MockServers } from '../servers/mockServers';
import { openConnectionTimeline } from '../timeline/connectionTimeline';
import { LessonPanel } from './lessonPanel';
import { registerShowHandshake } from './showHandshake';
import { Commands, Views, focusView, registerCommand } from '../commands';

const PROGRESS_KEY = 'websocketLab.lessonProgress';
const GETTING_STARTED_ID = 'getting-started';
const GETTING_STARTED_NAME = 'Getting started (echo)';

/**
 * The catalog, markdown-it and the lesson texts load when the Lessons view or a lesson is first
 * shown, not on activation: in the package they are dist/lessons.js (see esbuild.mjs).
 */
const lessonsModule = () => import('../../lessons/index');

type LessonNode = { kind: 'module'; entry: CatalogModule } | { kind: 'topic'; entry: CatalogModule; topic: string };

const EXERCISE_CHECK_DELAY_MS = 200;

/** An exercise's connection and the subscription that checks it as its events arrive. */
interface ExerciseWatch {
  connection: LiveConnection;
  /**
   * The last event's seq when the exercise was (re)started: the check reads only what came after,
   * so a timeline that passed before does not pass the moment the learner clicks Start again.
   */
  startSeq: number;
  /** Whether the last check passed: the walkthrough key pulses when this turns true. */
  passing: boolean;
  /** Unsubscribes and cancels a check that is waiting to run. */
  stop(): void;
}

export class LessonsController implements vscode.TreeDataProvider<LessonNode>, vscode.Disposable {
  private catalog: Catalog | undefined;
  private progress: Progress;
  private readonly changed = new vscode.EventEmitter<LessonNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Exercise id → the connection set up for it, watched until it is deleted or we are disposed. */
  private readonly exerciseWatches = new Map<string, ExerciseWatch>();
  /** Exercise id → a start in progress, so a double click does not start its scenario and connect twice. */
  private readonly starting = new Map<string, Promise<LiveConnection | undefined>>();
  private readonly modelSubscription: vscode.Disposable;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connections: ConnectionsModel,
    private readonly servers: MockServers,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.progress = parseProgress(context.globalState.get(PROGRESS_KEY));
    // A deleted exercise connection is disposed by the model: let go of it (and its timeline) at
    // once, so starting the exercise again sets up a new one. `undefined` means the list changed.
    this.modelSubscription = connections.onDidChange((c) => {
      if (c === undefined) for (const id of [...this.exerciseWatches.keys()]) this.watchedConnection(id);
    });
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
      item.command = { command: Commands.openLesson, title: 'Open Lesson', arguments: [m.number] };
      return item;
    }
    const visited = this.progress.visitedTopics.includes(topicKey(m.number, node.topic));
    const item = new vscode.TreeItem(node.topic, vscode.TreeItemCollapsibleState.None);
    item.id = `topic-${m.number}-${node.topic}`;
    item.iconPath = new vscode.ThemeIcon(visited ? 'check' : 'circle-small');
    item.contextValue = 'lessonTopic';
    item.command = { command: Commands.openLesson, title: 'Open Lesson', arguments: [m.number, node.topic] };
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
  startExercise(id: string): Promise<LiveConnection | undefined> {
    let started = this.starting.get(id);
    if (!started) {
      started = this.setUpExercise(id).finally(() => this.starting.delete(id));
      this.starting.set(id, started);
    }
    return started;
  }

  private async setUpExercise(id: string): Promise<LiveConnection | undefined> {
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
    // One connection per exercise, found by a fixed id (or, saved before ids were fixed, by its
    // name), so starting an exercise again reuses it instead of adding another.
    const existing = this.watchedConnection(id) ?? this.connections.get(`exercise-${id}`) ?? this.connections.list().find((c) => c.config.name === name);
    const reconnect = { ...(existing?.config.reconnect ?? DEFAULT_RECONNECT), enabled: !!exercise.connection.reconnect };
    const connection = await this.connections.upsert(existing?.config.id ?? `exercise-${id}`, name, url, { ...patch, reconnect });
    // A start still running when the extension deactivates must not leave a watch behind.
    if (!this.disposed && !this.exerciseWatches.has(id)) this.exerciseWatches.set(id, this.watch(exercise, connection));
    const watch = this.exerciseWatches.get(id);
    if (watch) {
      watch.startSeq = connection.store.all().at(-1)?.seq ?? 0;
      watch.passing = false;
    }
    openConnectionTimeline(this.context.extensionUri, this.connections, connection, this.log, vscode.ViewColumn.Beside);
    await connection.connect();
    return connection;
  }

  checkExercise(id: string): { passed: boolean; message: string } {
    const exercise = findExercise(id);
    if (!exercise) return { passed: false, message: `There is no exercise "${id}".` };
    const watch = this.watchedConnection(id) && this.exerciseWatches.get(id);
    if (!watch) {
      const message = 'Start the exercise first (▶ Start the exercise), then do the steps.';
      void vscode.window.showInformationMessage(`WebSocket Lab: ${message}`);
      return { passed: false, message };
    }
    return this.evaluate(exercise, watch, true);
  }

  /**
   * Checks the exercise as events arrive, so the learner sees "passed" the moment they do it; at
   * most every 200 ms, since a check reads the whole timeline and an exercise may stream (ticker).
   */
  private watch(exercise: Exercise, connection: LiveConnection): ExerciseWatch {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = connection.onEvent(() => {
      pending ??= setTimeout(() => {
        pending = undefined;
        this.evaluate(exercise, watch, false);
      }, EXERCISE_CHECK_DELAY_MS);
    });
    const watch: ExerciseWatch = {
      connection,
      startSeq: 0,
      passing: false,
      stop: () => {
        unsubscribe();
        if (pending) clearTimeout(pending);
        pending = undefined;
      },
    };
    return watch;
  }

  /** The exercise's connection while it is still in the model; a deleted one is let go here. */
  private watchedConnection(id: string): LiveConnection | undefined {
    const watch = this.exerciseWatches.get(id);
    if (!watch) return undefined;
    if (this.connections.get(watch.connection.config.id) === watch.connection) return watch.connection;
    watch.stop();
    this.exerciseWatches.delete(id);
    return undefined;
  }

  private evaluate(exercise: Exercise, watch: ExerciseWatch, explicit: boolean): { passed: boolean; message: string } {
    const result = exercise.check(watch.connection.store.all().filter((e) => e.seq > watch.startSeq));
    const already = this.progress.completedExercises.includes(exercise.id);
    // Every pass the learner makes ticks the walkthrough step, whatever passed before.
    if (result.passed && (!watch.passing || explicit)) void pulseContextKey(`websocketLab.exercise.${exercise.id}.passed`);
    watch.passing = result.passed;
    if (result.passed && !already) {
      void this.saveProgress(markExercise(this.progress, exercise.id));
      void vscode.window.showInformationMessage(`✓ Exercise ${exercise.id.slice(1)} passed: ${result.message}`);
    } else if (explicit) {
      const show = result.passed ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void show(`${result.passed ? '✓' : '✗'} Exercise ${exercise.id.slice(1)}: ${result.message}`);
    }
    if (result.passed || explicit) LessonPanel.current()?.post({ type: 'exerciseResult', exerciseId: exercise.id, passed: result.passed, message: result.message });
    return result;
  }

  async resetProgress(): Promise<void> {
    await this.saveProgress(emptyProgress());
  }

  private async saveProgress(next: Progress): Promise<void> {
    this.progress = next;
    await this.context.globalState.update(PROGRESS_KEY, next);
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.disposed = true;
    this.modelSubscription.dispose();
    for (const watch of this.exerciseWatches.values()) watch.stop();
    this.exerciseWatches.clear();
    this.changed.dispose();
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
  context.subscriptions.push(lessons);
  context.subscriptions.push(vscode.window.createTreeView(Views.lessons, { treeDataProvider: lessons }));
  registerCommand(context, Commands.openLessons, () => focusView(Views.lessons));
  registerCommand(context, Commands.openLesson, async (moduleArg, topic) => {
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
  registerCommand(context, Commands.startExercise, (id) => lessons.startExercise(String(id)));
  registerCommand(context, Commands.checkExercise, (id) => lessons.checkExercise(String(id)));
  registerCommand(context, Commands.resetLessonProgress, async () => {
    const answer = await vscode.window.showWarningMessage('Reset your lesson progress (topics read and exercises passed)?', { modal: true }, 'Reset');
    if (answer === 'Reset') await lessons.resetProgress();
  });

  // Getting-started walkthrough: connect a Getting Started connection and tick steps from its timeline.
  registerCommand(context, Commands.gettingStartedConnect, async () => {
    const server = servers.list().find((s) => s.scenario === 'echo') ?? (await servers.start('echo'));
    if (!server) return undefined;
    // The walkthrough's own connection, found by a fixed id: running this step again reuses it.
    const existing = connections.get(GETTING_STARTED_ID) ?? connections.list().find((c) => c.config.name === GETTING_STARTED_NAME);
    const connection = await connections.upsert(existing?.config.id ?? GETTING_STARTED_ID, GETTING_STARTED_NAME, server.handle.url);
    openConnectionTimeline(context.extensionUri, connections, connection, log, vscode.ViewColumn.Active);
    await connection.connect();
    return connection;
  });
  context.subscriptions.push(watchGettingStarted(connections));
  registerShowHandshake(context, connections);
  return lessons;
}

/**
 * A walkthrough completion key that is true only for the moment of the user's action: VS Code ticks
 * a step on the key's false→true change, and a key left true would block the step for the rest of
 * the window once the walkthrough service starts (see src/lessons/gettingStarted.ts).
 */
export async function pulseContextKey(key: string): Promise<void> {
  await vscode.commands.executeCommand('setContext', key, true);
  await vscode.commands.executeCommand('setContext', key, false);
}

/**
 * Ticks the getting-started steps from every connection's new events: each time one shows a step
 * done, its key pulses (at most once a second per step). Events already in a timeline when it is
 * first watched (after a reload) tick nothing: a step ticks when the user does it.
 */
function watchGettingStarted(connections: ConnectionsModel): vscode.Disposable {
  const announcer = new StepAnnouncer<GettingStartedStep>((step) => void pulseContextKey(`websocketLab.gs.${step}`));
  /** Connection id → unsubscribe. */
  const watching = new Map<string, () => void>();
  const watch = (c: LiveConnection) => {
    if (watching.has(c.config.id)) return;
    const tracker = new GettingStartedTracker();
    // Earlier messages are read only so that an echo of one of them is recognised.
    for (const e of c.store.all()) tracker.observe(e);
    watching.set(c.config.id, c.onEvent((e) => {
      const step = tracker.observe(e);
      if (step) announcer.occurred(step);
    }));
  };
  const sync = () => {
    const ids = new Set<string>();
    for (const c of connections.list()) {
      ids.add(c.config.id);
      watch(c);
    }
    for (const [id, stop] of watching) {
      if (ids.has(id)) continue;
      stop();
      watching.delete(id);
    }
  };
  sync();
  const subscription = connections.onDidChange((c) => {
    // A connection's own changes (stats, edits) cannot add or remove one: only list changes can.
    if (c === undefined) sync();
  });
  return {
    dispose: () => {
      subscription.dispose();
      for (const stop of watching.values()) stop();
      watching.clear();
      announcer.dispose();
    },
  };
}
