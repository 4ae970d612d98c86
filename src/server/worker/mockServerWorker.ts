// What runs inside a mock server's worker thread (started by workerHost.ts): one startMockServer,
// its events batched out through an EventOutbox, and a clean close when the host asks. Everything
// the scenario holds (state, clients, buffers of its heap) lives in this thread, whose heap has its
// own limit, so a scenario that eats memory ends this thread, not the process that started it.
import { parentPort } from 'node:worker_threads';
import { startMockServer, type MockServerHandle } from '../net/mockServer';
import { EventOutbox } from './eventOutbox';
import type { FromWorker, ToWorker, WorkerStartOptions } from './workerProtocol';

/** Runs the worker side; workerHost.ts starts a thread that calls this from the server bundle. */
export function runMockServerWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runMockServerWorker runs in a worker thread started by startMockServerInWorker');
  const post = (m: FromWorker): void => port.postMessage(m);
  const outbox = new EventOutbox({ post: (batch) => post({ type: 'batch', ...batch }) });
  let server: MockServerHandle | undefined;
  let closing: Promise<void> | undefined;

  const start = async (options: WorkerStartOptions): Promise<void> => {
    try {
      server = await startMockServer({ ...options, onEvent: (e) => outbox.add(e) });
    } catch (err) {
      post({ type: 'start-failed', message: (err as Error).message });
      return;
    }
    server.onClientsChanged((n) => outbox.clientsChanged(n));
    const { url, httpUrl, port: listening, host, scenario, tls } = server;
    post({ type: 'started', server: { url, httpUrl, port: listening, host, scenario, tls } });
  };

  const close = async (): Promise<void> => {
    try {
      await server?.close();
    } finally {
      // Every event of the close (1001 to each client) reaches the host before "closed".
      outbox.drain();
      post({ type: 'closed' });
    }
  };

  port.on('message', (m: ToWorker) => {
    if (m.type === 'start') void start(m.options);
    else if (m.type === 'ack') outbox.acked();
    else if (m.type === 'close') void (closing ??= close());
  });
}
