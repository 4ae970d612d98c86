// The messages between a mock server's worker thread (mockServerWorker.ts) and the code that
// started it (workerHost.ts). They cross by structured clone: plain data only, no functions.
import type { MockServerHandle, MockServerOptions } from '../net/mockServer';
import type { OutboxBatch } from './eventOutbox';

/** What startMockServer needs, minus the callback (it stays with the host). */
export type WorkerStartOptions = Omit<MockServerOptions, 'onEvent'>;

/** The listening server, as the host shows it. */
export type WorkerServerInfo = Pick<MockServerHandle, 'url' | 'httpUrl' | 'port' | 'host' | 'scenario' | 'tls'>;

export type ToWorker =
  | { type: 'start'; options: WorkerStartOptions }
  /** The host recorded one batch. */
  | { type: 'ack' }
  | { type: 'close' };

export type FromWorker =
  | { type: 'started'; server: WorkerServerInfo }
  | { type: 'start-failed'; message: string }
  | ({ type: 'batch' } & OutboxBatch)
  /** The server closed and every event has been posted. */
  | { type: 'closed' };
