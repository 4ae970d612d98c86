// Every action a user takes on a connection can be found in the command palette (not only on the
// Connections view's context menu): package.json must not hide them with `"when": "false"`.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Commands } from '../../../src/panels/commands';

vi.mock('vscode', () => import('../../support/fakeVscode'));

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const palette: Array<{ command: string; when?: string }> = pkg.contributes.menus.commandPalette;
const hidden = new Set(palette.filter((m) => m.when === 'false').map((m) => m.command));

const EVERYDAY = [
  Commands.newConnection, Commands.connect, Commands.disconnect, Commands.retry, Commands.openTimeline,
  Commands.editConnection, Commands.renameConnection, Commands.duplicateConnection, Commands.deleteConnection,
  Commands.copyUrl, Commands.copyAsCode, Commands.exportTimeline, Commands.importHar,
  Commands.sendMessage, Commands.sendPing, Commands.closeConnection,
  Commands.startMockServer, Commands.stopMockServer, Commands.openServerTimeline, Commands.copyServerUrl,
];

describe('the command palette', () => {
  it('offers every everyday action', () => {
    expect(EVERYDAY.filter((id) => hidden.has(id))).toEqual([]);
  });

  it('names the message commands as a user looks for them', () => {
    const titles = Object.fromEntries((pkg.contributes.commands as Array<{ command: string; title: string }>).map((c) => [c.command, c.title]));
    expect([titles[Commands.sendMessage], titles[Commands.sendPing], titles[Commands.closeConnection]]).toEqual(['Send Message…', 'Send Ping…', 'Close Connection…']);
  });
});
