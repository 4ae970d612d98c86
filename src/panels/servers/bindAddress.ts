// Which address a mock server started from VS Code listens on. `websocketLab.mockServer.host` is
// machine-scoped (package.json), so a cloned repository's .vscode/settings.json cannot set it; and
// an address other than loopback is confirmed in a modal before any socket is opened, since other
// machines on the network could then reach the server (security review, finding 14).

import * as vscode from 'vscode';
import { isLoopbackHost } from '../../wire/loopback';

export const LOOPBACK = '127.0.0.1';
export const KEEP_LOOPBACK = 'Keep 127.0.0.1 This Time';

/** The address to listen on, or undefined when the user cancelled the start. */
export async function mockServerBindHost(): Promise<string | undefined> {
  // A hand-edited settings.json can hold any JSON value here; anything but a non-empty string is the default.
  const value = vscode.workspace.getConfiguration('websocketLab').get<unknown>('mockServer.host', LOOPBACK);
  const configured = (typeof value === 'string' && value.trim()) || LOOPBACK;
  if (isLoopbackHost(configured)) return configured;
  const listen = `Listen on ${configured}`;
  const answer = await vscode.window.showWarningMessage(
    `Listen on ${configured}? Other machines on your network can then reach this mock server.`,
    {
      modal: true,
      detail: `The setting websocketLab.mockServer.host is ${configured}. ${LOOPBACK} keeps the server reachable from this machine only.`,
    },
    listen,
    KEEP_LOOPBACK,
  );
  if (answer === listen) return configured;
  if (answer === KEEP_LOOPBACK) return LOOPBACK;
  return undefined;
}
