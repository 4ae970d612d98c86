// The manifest is part of the product: commands users can find, lazy activation, walkthroughs
// whose steps can really be completed, and media that exists.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { EXERCISE_IDS } from '../../src/lessons/exercises';
import { GETTING_STARTED_STEPS } from '../../src/lessons/gettingStarted';
import { Commands, INTERNAL_COMMANDS, Views } from '../../src/panels/commands';
import { fake, fakeExtensionContext } from '../support/fakeVscode';

// activate() runs against a stand-in for VS Code, to see which commands it really registers.
vi.mock('vscode', () => import('../support/fakeVscode'));

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const commands: Array<{ command: string; title: string; category?: string }> = pkg.contributes.commands;
const commandIds = new Set(commands.map((c) => c.command));

describe('manifest', () => {
  it('every command is in the "WebSocket Lab" category with a title', () => {
    for (const c of commands) {
      expect(c.category, c.command).toBe('WebSocket Lab');
      expect(c.title.length, c.command).toBeGreaterThan(2);
    }
  });

  it('activation is lazy: no "*" and no onStartupFinished', () => {
    expect(pkg.activationEvents).not.toContain('*');
    expect(pkg.activationEvents).not.toContain('onStartupFinished');
  });

  it('engines.vscode is met by VS Code 1.100', () => {
    const m = /^\^?(\d+)\.(\d+)\./.exec(pkg.engines.vscode);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(1);
    expect(Number(m![2])).toBeLessThanOrEqual(100);
  });

  it('menus only name contributed commands', () => {
    for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, Array<{ command: string }>>)) {
      for (const item of items) expect(commandIds.has(item.command), `${menu}: ${item.command}`).toBe(true);
    }
  });
});

describe('walkthroughs', () => {
  const walkthroughs: Array<{ id: string; steps: Array<{ id: string; description: string; media: { markdown?: string }; completionEvents: string[] }> }> = pkg.contributes.walkthroughs;
  const tracks = walkthroughs.filter((w) => w.id.startsWith('track-'));

  it('are few: Get started plus a handful of tracks', () => {
    expect(walkthroughs[0].id).toBe('getStarted');
    expect(tracks.length).toBeGreaterThanOrEqual(3);
    expect(tracks.length).toBeLessThanOrEqual(6);
  });

  it('the tracks cover each of the 27 modules exactly once', () => {
    const modules = tracks.flatMap((t) => t.steps.map((s) => Number(s.id.replace('module-', ''))));
    expect([...modules].sort((a, b) => a - b)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
  });

  it('every step has markdown media that exists and completion events that can fire', () => {
    for (const w of walkthroughs) {
      for (const s of w.steps) {
        expect(s.media.markdown && existsSync(s.media.markdown), `${w.id}/${s.id} media`).toBe(true);
        expect(s.completionEvents.length, `${w.id}/${s.id}`).toBeGreaterThan(0);
        for (const e of s.completionEvents) {
          const ctx = /^onContext:websocketLab\.(exercise\.(m\d\d)\.passed|gs\.(\w+))$/.exec(e);
          const cmd = /^onCommand:(.+)$/.exec(e);
          if (cmd) expect(commandIds.has(cmd[1]), e).toBe(true);
          else if (ctx?.[2]) expect(EXERCISE_IDS, e).toContain(ctx[2]);
          else if (ctx?.[3]) expect(GETTING_STARTED_STEPS as readonly string[], e).toContain(ctx[3]);
          else expect.fail(`unknown completion event ${e}`);
        }
      }
    }
  });

  it('command links in step descriptions name real commands', () => {
    for (const w of walkthroughs) {
      for (const s of w.steps) {
        for (const m of s.description.matchAll(/\(command:([\w.]+)/g)) {
          expect(commandIds.has(m[1]), `${w.id}/${s.id}: ${m[1]}`).toBe(true);
        }
      }
    }
  });
});

/**
 * What does not line up between the commands package.json contributes, the ones activate()
 * registers and the Commands table (src/panels/commands.ts). Empty when they agree.
 */
function commandMismatches(contributed: Iterable<string>, registered: Iterable<string>, table: Iterable<string>, internal: ReadonlySet<string>): string[] {
  const c = new Set(contributed);
  const r = new Set(registered);
  const t = new Set(table);
  const problems: string[] = [];
  for (const id of c) {
    if (!t.has(id)) problems.push(`${id} is contributed in package.json but not in the Commands table (src/panels/commands.ts)`);
    if (!r.has(id)) problems.push(`${id} is contributed in package.json but activate() does not register it: running it fails with "command not found"`);
    if (internal.has(id)) problems.push(`${id} is contributed in package.json but declared internal in INTERNAL_COMMANDS`);
  }
  for (const id of r) {
    if (!t.has(id)) problems.push(`${id} is registered but not in the Commands table`);
    if (!c.has(id) && !internal.has(id)) problems.push(`${id} is registered but not contributed in package.json: add it there, or to INTERNAL_COMMANDS if it is meant to be hidden`);
  }
  for (const id of t) if (!r.has(id)) problems.push(`${id} is in the Commands table but activate() does not register it`);
  return problems;
}

describe('commands: package.json, the Commands table and activate() agree', () => {
  let registered: string[] = [];

  beforeAll(async () => {
    fake.reset();
    const { activate } = await import('../../src/extension');
    const context = fakeExtensionContext();
    await activate(context as never);
    registered = [...fake.commands.keys()];
    await context.disposeAll();
  });

  it('every contributed command is registered and in the table, and every registered one is contributed', () => {
    expect(registered.length).toBeGreaterThan(0);
    expect(commandMismatches(commandIds, registered, Object.values(Commands), INTERNAL_COMMANDS)).toEqual([]);
  });

  it('deactivating unregisters every command (they are all in context.subscriptions)', () => {
    expect([...fake.commands.keys()]).toEqual([]);
  });

  it('the check itself catches a contribution without a handler, and a handler without a contribution', () => {
    // On made-up lists, so this says whether the check works whatever the extension registers today.
    const table = ['websocketLab.a', 'websocketLab.b'];
    expect(commandMismatches(table, table, table, new Set())).toEqual([]);
    expect(commandMismatches([...table, 'websocketLab.added'], table, table, new Set())).toEqual([
      'websocketLab.added is contributed in package.json but not in the Commands table (src/panels/commands.ts)',
      'websocketLab.added is contributed in package.json but activate() does not register it: running it fails with "command not found"',
    ]);
    expect(commandMismatches(table, [...table, 'websocketLab.added'], [...table, 'websocketLab.added'], new Set())).toEqual([
      'websocketLab.added is registered but not contributed in package.json: add it there, or to INTERNAL_COMMANDS if it is meant to be hidden',
    ]);
    // Declared internal: accepted uncontributed, and only then.
    expect(commandMismatches(table, [...table, 'websocketLab.added'], [...table, 'websocketLab.added'], new Set(['websocketLab.added']))).toEqual([]);
    expect(commandMismatches([...table, 'websocketLab.added'], [...table, 'websocketLab.added'], [...table, 'websocketLab.added'], new Set(['websocketLab.added']))).toEqual([
      'websocketLab.added is contributed in package.json but declared internal in INTERNAL_COMMANDS',
    ]);
  });

  it('the views activate() creates are the ones package.json contributes, and in the Views table', () => {
    const contributedViews = Object.values(pkg.contributes.views as Record<string, Array<{ id: string }>>).flat().map((v) => v.id);
    expect([...fake.treeViews].sort()).toEqual([...contributedViews].sort());
    expect(Object.values(Views).sort()).toEqual([...contributedViews].sort());
  });
});
