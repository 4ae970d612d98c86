// The walkthrough's "connect" step and the lessons' exercises set up their connection by a fixed id
// (src/panels/lessons/lessonsController.ts, ConnectionsModel.upsert): doing a step again, after a
// reload or after renaming the connection, reuses it instead of leaving another saved connection
// behind (the walkthrough used to add a duplicate "Getting started (echo)" each time).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, fakeExtensionContext, window } from '../../support/fakeVscode';
import { ConnectionsModel } from '../../../src/panels/connections/connectionsModel';
import { LessonsController, registerLessons } from '../../../src/panels/lessons/lessonsController';
import { registerConnectionCommands } from '../../../src/panels/connections/connectionCommands';
import type { MockServers, RunningServer } from '../../../src/panels/servers/mockServers';
import { startMockServer, type MockServerHandle } from '../../../src/server';
import type { LiveConnection } from '../../../src/client/liveConnection';

vi.mock('vscode', () => import('../../support/fakeVscode'));
vi.mock('../../../src/panels/timeline/connectionTimeline', () => ({ openConnectionTimeline: vi.fn() }));

let server: MockServerHandle;
let context: ReturnType<typeof fakeExtensionContext>;
let servers: MockServers;
const log = window.createOutputChannel();

beforeEach(async () => {
  fake.reset();
  server = await startMockServer({ scenario: 'echo', port: 0, host: '127.0.0.1' });
  context = fakeExtensionContext();
  const running = { id: 'server-1', scenario: 'echo', handle: server, clients: 0 } as unknown as RunningServer;
  servers = { list: () => [running], start: async () => running } as unknown as MockServers;
});
afterEach(async () => {
  await context.disposeAll();
  await server.close();
});

/** A window: the saved connections loaded from the context's state. */
async function windowModel(): Promise<ConnectionsModel> {
  const m = new ConnectionsModel(context as never, log as never);
  context.subscriptions.push(m);
  await m.load();
  return m;
}

const names = (m: ConnectionsModel) => m.list().map((c) => c.config.name);

describe('set-ups reuse their connection', () => {
  it('the walkthrough\'s connect step, run twice and again after a reload, keeps one "Getting started (echo)"', async () => {
    const model = await windowModel();
    registerConnectionCommands(context as never, model, log as never);
    registerLessons(context as never, model, servers, log as never);
    const connect = fake.commands.get('websocketLab.gettingStartedConnect')!;
    const first = (await connect()) as LiveConnection;
    await vi.waitFor(() => expect(first.stats.state).toBe('OPEN'));
    expect(await connect()).toBe(first);
    expect(names(model)).toEqual(['Getting started (echo)']);

    await context.disposeAll(); // reload
    fake.reset();
    const after = await windowModel();
    registerConnectionCommands(context as never, after, log as never);
    registerLessons(context as never, after, servers, log as never);
    await fake.commands.get('websocketLab.gettingStartedConnect')!();
    expect(names(after)).toEqual(['Getting started (echo)']);
  });

  it('an exercise started again in a new window after its connection was renamed reuses it', async () => {
    const model = await windowModel();
    const lessons = new LessonsController(context as never, model, servers, log as never);
    context.subscriptions.push(lessons);
    const c = (await lessons.startExercise('m01'))!;
    await model.update({ ...c.config, name: 'my first exercise' });

    await context.disposeAll(); // reload
    const after = await windowModel();
    const again = new LessonsController(context as never, after, servers, log as never);
    context.subscriptions.push(again);
    const reused = (await again.startExercise('m01'))!;
    expect(reused.config.id).toBe(c.config.id);
    expect(names(after)).toEqual(['my first exercise']);
  });
});
