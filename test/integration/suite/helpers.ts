// Helpers for tests that run inside the extension host.
import * as vscode from 'vscode';
import type { WebSocketLabApi } from '../../../src/extension';
import type { LiveConnection } from '../../../src/client/liveConnection';
import type { TimelineEvent } from '../../../src/shared/events';

export const EXTENSION_ID = 'websocket-lab.websocket-lab';

export async function api(): Promise<WebSocketLabApi> {
  const ext = vscode.extensions.getExtension<WebSocketLabApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/**
 * Resolves when `predicate` holds for the recorded events of a connection or of a mock server's
 * timeline (no fixed sleeps). A mock server runs in a worker thread: its events arrive in batches,
 * a few milliseconds after what its clients see.
 */
export function waitForEvent(c: Pick<LiveConnection, 'store' | 'onEvent'>, predicate: (e: TimelineEvent) => boolean, timeoutMs = 10_000): Promise<TimelineEvent> {
  const found = c.store.all().find(predicate);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; events so far: ${c.store.all().map((e) => e.kind).join(', ')}`));
    }, timeoutMs);
    const off = c.onEvent((e) => {
      if (predicate(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}

/** Resolves once `condition()` holds, re-checking whenever the connection's figures change. */
export function waitForStats(c: LiveConnection, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for the connection figures'));
    }, timeoutMs);
    const off = c.onStats(() => {
      if (condition()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}
