// "Try it" exercises inside VS Code (src/panels/lessons/lessonsController.ts), against a stand-in
// for VS Code and a real echo mock server: each exercise connection is checked once per burst of
// events, a deleted one is replaced when the exercise starts again, and nothing is checked after
// the extension is deactivated.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, fakeExtensionContext, window } from '../../support/fakeVscode';
import { ConnectionsModel } from '../../../src/panels/connections/connectionsModel';
import { LessonsController } from '../../../src/panels/lessons/lessonsController';
import type { MockServers, RunningServer } from '../../../src/panels/servers/mockServers';
import { findExercise } from '../../../src/lessons/exercises';
import { startMockServer, type MockServerHandle } from '../../../src/server';
import type { LiveConnection } from '../../../src/client/liveConnection';

vi.mock('vscode', () => import('../../support/fakeVscode'));
// The timeline webview is not what is tested here (and needs a real VS Code).
vi.mock('../../../src/panels/timeline/connectionTimeline', () => ({ openConnectionTimeline: vi.fn() }));

/** The controller waits this long after an event before checking (EXERCISE_CHECK_DELAY_MS), plus slack. */
const SETTLE_MS = 400;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

const exercise = findExercise('m01')!;
let server: MockServerHandle;
let context: ReturnType<typeof fakeExtensionContext>;
let connections: ConnectionsModel;
let lessons: LessonsController;
let checks: ReturnType<typeof vi.spyOn>;
/** Mock servers the controller started (the Mock Servers view lists each one). */
let serversStarted: number;

beforeEach(async () => {
  fake.reset();
  server = await startMockServer({ scenario: 'echo', port: 0, host: '127.0.0.1' });
  context = fakeExtensionContext();
  const log = window.createOutputChannel();
  connections = new ConnectionsModel(context as never, log as never);
  context.subscriptions.push(connections);
  // Like MockServers: none runs until the first start, which takes a moment.
  const running = { id: 'server-1', scenario: 'echo', handle: server, clients: 0 } as unknown as RunningServer;
  serversStarted = 0;
  const servers = {
    list: () => (serversStarted ? [running] : []),
    start: async () => {
      await new Promise((r) => setTimeout(r, 10));
      serversStarted++;
      return running;
    },
  } as unknown as MockServers;
  lessons = new LessonsController(context as never, connections, servers, log as never);
  context.subscriptions.push(lessons);
  checks = vi.spyOn(exercise, 'check');
});

afterEach(async () => {
  checks.mockRestore();
  await context.disposeAll();
  await server.close();
});

/** Started, connected, and every check its connection's own events caused has run. */
async function started(): Promise<LiveConnection> {
  const c = (await lessons.startExercise('m01'))!;
  await vi.waitFor(() => expect(c.stats.state).toBe('OPEN'));
  await settle();
  checks.mockClear();
  return c;
}

const passedMessages = () => fake.messages.filter((m) => m.text.startsWith('✓ Exercise 01 passed'));

describe('exercise checks', () => {
  it('starting the same exercise twice keeps one connection, checked once per event', async () => {
    const c = await started();
    expect(await lessons.startExercise('m01')).toBe(c);
    await settle();
    checks.mockClear();
    c.record({ kind: 'info', time: Date.now(), message: 'one event' });
    await settle();
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('a double click (two starts at once) starts one mock server and sets up one connection', async () => {
    const [a, b] = await Promise.all([lessons.startExercise('m01'), lessons.startExercise('m01')]);
    expect(serversStarted).toBe(1);
    expect(a).toBe(b);
    expect(connections.list().map((c) => c.config.name)).toEqual(['Exercise 01: Your first echo']);
    await vi.waitFor(() => expect(a!.stats.state).toBe('OPEN'));
    await settle();
    checks.mockClear();
    a!.record({ kind: 'info', time: Date.now(), message: 'one event' });
    await settle();
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('after its connection is deleted, starting the exercise again sets up a new one that is checked', async () => {
    const first = await started();
    await connections.remove(first.config.id);
    const second = (await lessons.startExercise('m01'))!;
    expect(second).not.toBe(first);
    expect(connections.list()).toContain(second);
    await vi.waitFor(() => expect(second.stats.state).toBe('OPEN'));
    // Doing the exercise on the new connection passes it, as the learner expects.
    expect((await second.sendComposer('text', 'hello')).ok).toBe(true);
    await vi.waitFor(() => expect(passedMessages()).toHaveLength(1), { timeout: 5000 });
  });

  it('"Check" after the exercise connection was deleted asks to start the exercise again', async () => {
    const c = await started();
    await connections.remove(c.config.id);
    expect(lessons.checkExercise('m01')).toEqual({ passed: false, message: 'Start the exercise first (▶ Start the exercise), then do the steps.' });
  });

  it('nothing is checked once the controller is disposed, not even a check already waiting', async () => {
    const c = await started();
    c.record({ kind: 'info', time: Date.now(), message: 'arrives just before deactivation' });
    lessons.dispose();
    c.record({ kind: 'info', time: Date.now(), message: 'arrives after' });
    await settle();
    expect(checks).not.toHaveBeenCalled();
  });

  it('a start still under way when the controller is disposed leaves nothing checking', async () => {
    const starting = lessons.startExercise('m01');
    lessons.dispose();
    const c = (await starting)!;
    await vi.waitFor(() => expect(c.stats.state).toBe('OPEN'));
    c.record({ kind: 'info', time: Date.now(), message: 'arrives after' });
    await settle();
    expect(checks).not.toHaveBeenCalled();
  });
});
