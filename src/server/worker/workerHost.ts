// startMockServerInWorker: a mock server in its own worker thread, with its own heap limit, behind
// the same handle as startMockServer. VS Code runs every extension in one extension host process: a
// scenario that keeps growing (a shared list fed big messages) or blocks its event loop inside that
// process would take VS Code's extensions down with it. In a worker it can only end its own thread;
// the host reports why (onDied), and other servers and the extension keep running.
//
// The worker runs the server bundle itself (dist/server.js, the file this code is bundled into), so
// the package gains no file. Events come back in batches (eventOutbox.ts) and are handed to
// `onEvent` one by one, as startMockServer does; each batch is acknowledged once handed over, which
// is what lets the worker hold back when the host is busy.
import { Worker } from 'node:worker_threads';
import type { NewTimelineEvent } from '../../shared/events';
import type { MockServerHandle, MockServerOptions } from '../net/mockServer';
import type { FromWorker, ToWorker, WorkerServerInfo } from './workerProtocol';

/** The worker's heap (V8's old generation). Generous for a mock server; far below the host's own. */
export const DEFAULT_WORKER_HEAP_MB = 512;
/** The server gives clients 2 s to finish their close handshake (mockServer.ts); then some slack. */
const CLOSE_TIMEOUT_MS = 5000;

export interface WorkerServerOptions extends MockServerOptions {
  /** Heap limit of the worker thread, in MB (default 512). */
  heapLimitMb?: number;
  /**
   * The script the worker loads, which must export runMockServerWorker: by default the bundle this
   * code is part of (dist/server.js). Tests that run from source pass a bundle they built.
   */
  workerScript?: string;
}

export interface WorkerServerHandle extends MockServerHandle {
  /** The heap limit the worker runs with, in MB. */
  readonly heapLimitMb: number;
  /**
   * Called once if the worker ends without being asked to (out of memory, a crash), with why in
   * words ("it ran out of memory …"). Its clients are disconnected and clientCount() is 0.
   */
  onDied(cb: (why: string) => void): () => void;
}

/** Why a worker ended, in words a user reads after "the mock server stopped: ". */
export function describeWorkerEnd(err: unknown, exitCode: number | undefined, heapLimitMb: number): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return `it ran out of memory (a mock server may use up to ${heapLimitMb} MB)`;
  if (err !== undefined) return `it crashed: ${err instanceof Error ? err.message : String(err)}`;
  return `its thread ended unexpectedly (exit code ${exitCode ?? 'unknown'})`;
}

export async function startMockServerInWorker(opts: WorkerServerOptions): Promise<WorkerServerHandle> {
  const { onEvent, heapLimitMb = DEFAULT_WORKER_HEAP_MB, workerScript = __filename, ...options } = opts;
  const emit = (event: NewTimelineEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // As in startMockServer: a failing listener must not break the server it watches.
    }
  };

  // eval: the thread requires the bundle and calls one function, so loading the bundle anywhere
  // else (the extension host, the CLI) starts nothing.
  const worker = new Worker(`require(${JSON.stringify(workerScript)}).runMockServerWorker();`, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
  });
  const send = (m: ToWorker): void => worker.postMessage(m);

  let phase: 'starting' | 'running' | 'closing' | 'ended' = 'starting';
  let failure: unknown;
  let clients = 0;
  let diedWhy: string | undefined;
  const clientListeners = new Set<(count: number) => void>();
  const diedListeners = new Set<(why: string) => void>();
  let closedByWorker!: () => void;
  const closedMessage = new Promise<void>((resolve) => (closedByWorker = resolve));
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  const setClients = (n: number): void => {
    if (n === clients) return;
    clients = n;
    for (const cb of clientListeners) {
      try {
        cb(n);
      } catch {
        // Observers cannot break the server.
      }
    }
  };

  const started = new Promise<WorkerServerInfo>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'started':
          phase = 'running';
          resolve(m.server);
          break;
        case 'start-failed':
          reject(new Error(m.message));
          break;
        case 'batch':
          for (const e of m.events) emit(e);
          if (m.dropped > 0) {
            emit({ kind: 'info', time: Date.now(), message: `${m.dropped} server event${m.dropped === 1 ? ' was' : 's were'} not recorded: VS Code was too busy to take them as fast as the mock server made them` });
          }
          if (m.clients !== undefined) setClients(m.clients);
          send({ type: 'ack' });
          break;
        case 'closed':
          closedByWorker();
          break;
      }
    });
    // An uncaught error or the heap limit: 'error' comes first, then 'exit'.
    worker.on('error', (err) => {
      failure ??= err;
    });
    void exited.then((exitCode) => {
      const before = phase;
      phase = 'ended';
      setClients(0);
      if (before === 'starting') {
        reject(new Error(`cannot start the mock server: ${describeWorkerEnd(failure, exitCode, heapLimitMb)}`));
      } else if (before === 'running') {
        diedWhy = describeWorkerEnd(failure, exitCode, heapLimitMb);
        for (const cb of diedListeners) {
          try {
            cb(diedWhy);
          } catch {
            // Same as above.
          }
        }
        diedListeners.clear();
      }
    });
  });

  let info: WorkerServerInfo;
  try {
    // Throws for options that cannot be cloned (they are plain data when they come from a file).
    send({ type: 'start', options });
    info = await started;
  } catch (err) {
    await worker.terminate();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    if (phase !== 'running') return;
    phase = 'closing';
    send({ type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    // A worker whose event loop is blocked never answers: it is ended all the same.
    await Promise.race([closedMessage, exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
    await worker.terminate();
    setClients(0);
    clientListeners.clear();
  };

  return {
    ...info,
    heapLimitMb,
    clientCount: () => clients,
    onClientsChanged(cb) {
      clientListeners.add(cb);
      return () => clientListeners.delete(cb);
    },
    onDied(cb) {
      if (diedWhy !== undefined) {
        const why = diedWhy;
        queueMicrotask(() => cb(why));
        return () => undefined;
      }
      diedListeners.add(cb);
      return () => diedListeners.delete(cb);
    },
    close: () => (closing ??= close()),
  };
}
