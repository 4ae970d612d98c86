// Saved connections across a window reload and repeated set-ups (src/panels/connections/
// connectionsModel.ts), against the stand-in for VS Code and a real mock server on 127.0.0.1:
// names stay unique (the tree and the tabs show only the name), a fixed id is reused instead of
// piling up connections, connections follow a server that moved, and the connections that were
// up before a reload connect again by themselves.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fake, fakeExtensionContext, window } from '../../support/fakeVscode';
import { ConnectionsModel } from '../../../src/panels/connections/connectionsModel';
import { startMockServer } from '../../../src/server';
import type { LiveConnection } from '../../../src/client/liveConnection';
import { withTimeout } from '../../support/withTimeout';

vi.mock('vscode', () => import('../../support/fakeVscode'));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  fake.reset();
});

async function model(ctx: ReturnType<typeof fakeExtensionContext>): Promise<ConnectionsModel> {
  const m = new ConnectionsModel(ctx as never, window.createOutputChannel() as never);
  await m.load();
  return m;
}

const until = async (what: string, fn: () => boolean) => withTimeout((async () => {
  while (!fn()) await new Promise((r) => setTimeout(r, 20));
})(), 5000, what);

describe('saved connections', () => {
  it('two connections to one URL get different names; a rename to a taken name is refused', async () => {
    const m = await model(fakeExtensionContext());
    cleanups.push(() => m.dispose());
    const a = await m.add('127.0.0.1:5000', 'ws://127.0.0.1:5000');
    const b = await m.add('127.0.0.1:5000', 'ws://127.0.0.1:5000');
    expect([a.config.name, b.config.name]).toEqual(['127.0.0.1:5000', '127.0.0.1:5000 (2)']);
    expect(m.nameTaken('127.0.0.1:5000', b.config.id)).toBe(true);
    expect(m.nameTaken('127.0.0.1:5000', a.config.id)).toBe(false);
    await m.update({ ...b.config, name: '127.0.0.1:5000' });
    expect(m.list().map((c) => c.config.name)).toEqual(['127.0.0.1:5000', '127.0.0.1:5000 (2)']);
  });

  it('a fixed id is reused: setting up the walkthrough or an exercise again updates its connection', async () => {
    const m = await model(fakeExtensionContext());
    cleanups.push(() => m.dispose());
    const first = await m.upsert('getting-started', 'Getting started (echo)', 'ws://127.0.0.1:5000');
    await m.update({ ...first.config, name: 'my echo' });
    const second = await m.upsert('getting-started', 'Getting started (echo)', 'ws://127.0.0.1:6000', { subprotocols: ['chat'] });
    expect(second).toBe(first);
    expect(m.list().map((c) => [c.config.id, c.config.name, c.config.url, c.config.subprotocols])).toEqual([
      ['getting-started', 'my echo', 'ws://127.0.0.1:6000', ['chat']],
    ]);
  });

  it('connections on a moved server follow it; others stay', async () => {
    const m = await model(fakeExtensionContext());
    cleanups.push(() => m.dispose());
    await m.add('a', 'ws://127.0.0.1:5000/chat');
    await m.add('b', 'ws://127.0.0.1:50001');
    expect(await m.retarget('ws://127.0.0.1:5000', 'ws://127.0.0.1:6001')).toBe(1);
    expect(m.list().map((c) => c.config.url)).toEqual(['ws://127.0.0.1:6001/chat', 'ws://127.0.0.1:50001']);
  });

  it('after a reload, the connections that were up connect again; one the user disconnected does not', async () => {
    const server = await startMockServer({ scenario: 'echo', port: 0 });
    cleanups.push(() => server.close());
    const ctx = fakeExtensionContext();
    const before = await model(ctx);
    const up = await before.add('up', server.url);
    const down = await before.add('down', server.url);
    const off = await before.add('no auto-reconnect', server.url, { reconnect: { ...up.config.reconnect, enabled: false } });
    for (const c of [up, down, off]) await c.connect();
    await until('all three open', () => [up, down, off].every((c) => c.stats.state === 'OPEN'));
    down.disconnect();
    await until('"down" closed', () => down.stats.state === 'CLOSED');
    before.dispose(); // the window reloads

    const after = await model(ctx);
    cleanups.push(() => after.dispose());
    const byName = (name: string): LiveConnection => after.list().find((c) => c.config.name === name)!;
    expect(after.list().every((c) => c.stats.state === 'CLOSED')).toBe(true);
    await after.reconnectActive();
    await until('"up" open again', () => byName('up').stats.state === 'OPEN');
    await new Promise((r) => setTimeout(r, 300));
    expect(byName('down').stats.state).toBe('CLOSED');
    expect(byName('no auto-reconnect').stats.state).toBe('CLOSED');
  });
});
