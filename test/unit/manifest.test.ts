// The manifest is part of the product: commands users can find, lazy activation, walkthroughs
// whose steps can really be completed, and media that exists.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { EXERCISE_IDS } from '../../src/lessons/exercises';
import { GETTING_STARTED_FLAGS } from '../../src/lessons/gettingStarted';

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
          else if (ctx?.[3]) expect(GETTING_STARTED_FLAGS as readonly string[], e).toContain(ctx[3]);
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
