// `websocket-lab mock`: runs a mock server from the terminal until SIGINT/SIGTERM. The first stdout
// line is exactly "listening <url>" so scripts can wait for it; then what --log asks for. Notices
// and warnings go to stderr, so stdout stays parseable.

import { existsSync } from 'node:fs';
import { builtinScenario, defaultCertDir, formatScenarioErrors, loadScenarioFile, startMockServer, trustGuidance, type MockServerHandle, type Scenario } from '../../server/index';
import { isLoopbackHost } from '../../wire/loopback';
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError } from '../command';
import { formatDroppedLine } from '../eventFormat';
import { createEventLog, LOG_LEVELS, LOG_OPTION_HELP, type LogLevel } from '../eventLog';
import { LineWriter } from '../lineWriter';

async function resolveScenario(nameOrFile: string): Promise<Scenario> {
  const builtin = builtinScenario(nameOrFile);
  if (builtin) return builtin;
  if (!existsSync(nameOrFile)) {
    throw new UsageError(`scenario "${nameOrFile}" is neither a built-in scenario nor an existing file (run "websocket-lab scenarios" for the list)`);
  }
  const r = await loadScenarioFile(nameOrFile);
  if (!r.ok) throw new UsageError(`invalid scenario file:\n${formatScenarioErrors(nameOrFile, r.errors)}`);
  return r.scenario;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 * 1024, gib: 1024 * 1024 * 1024 };
/** ws keeps a message's length in a 32-bit signed integer when it checks maxPayload. */
const MAX_MESSAGE_SIZE = 2 ** 31 - 1;

/** "--max-message-size 16MiB": bytes, or KiB / MiB / GiB (powers of 1024). */
export function parseMessageSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!m || unit === undefined) {
    const hint = m && /^[kmg]b?$/i.test(m[2]) ? ` ("${m[2]}" is ambiguous: write ${m[2][0].toUpperCase()}iB for powers of 1024)` : '';
    throw new UsageError(`--max-message-size must be a size in bytes, KiB, MiB or GiB, such as 1048576, 512KiB or 16MiB; got "${text}"${hint}`);
  }
  if (bytes < 1 || bytes > MAX_MESSAGE_SIZE) throw new UsageError(`--max-message-size must be from 1 byte to 2 GiB - 1 (2147483647 bytes); got "${text}" (${bytes} bytes)`);
  return bytes;
}

export interface MockOptions {
  scenario: string;
  port: number;
  host: string;
  tls: boolean;
  certDir?: string;
  log: LogLevel;
  /** Overrides the scenario's limits.maxMessageBytes. */
  maxMessageSize?: number;
}

export const mock = defineCommand({
  name: 'mock',
  summary: 'run a mock WebSocket server from a built-in scenario or a scenario file',
  usage: 'websocket-lab mock --scenario <name|file> [options]',
  details: [
    'The first stdout line is exactly "listening <url>"; then one line per event (see --log).',
    'Notices and warnings go to stderr. Ctrl+C (SIGINT) or SIGTERM closes the clients with 1001 and exits 0.',
  ].join('\n'),
  options: {
    scenario: { type: 'string', short: 's', placeholder: '<name|file>', description: 'a built-in scenario name (see "websocket-lab scenarios") or a *.wsmock.json / *.wsmock.yaml file' },
    port: { type: 'string', short: 'p', placeholder: '<n>', description: 'port to listen on (default 0: any free port)' },
    host: { type: 'string', placeholder: '<address>', description: 'address to bind (default 127.0.0.1: this machine only)' },
    tls: { type: 'boolean', description: 'serve wss:// with a self-signed certificate' },
    'cert-dir': { type: 'string', placeholder: '<dir>', description: 'where the certificate is kept (default ~/.cache/websocket-lab/certs)' },
    log: { type: 'string', placeholder: '<level>', choices: LOG_LEVELS, description: LOG_OPTION_HELP },
    'max-message-size': { type: 'string', placeholder: '<bytes|KiB|MiB>', description: 'largest message accepted, e.g. 16MiB; a larger one closes the connection with 1009 (default: the scenario\'s limits.maxMessageBytes, else 100MiB as ws)' },
  },
  check(values): MockOptions {
    if (!values.scenario) throw new UsageError('mock needs --scenario <name|file>');
    const host = values.host ?? '127.0.0.1';
    if (host.trim() === '') throw new UsageError('--host must not be empty');
    return {
      scenario: values.scenario, port: parsePort(values.port), host, tls: values.tls ?? false, certDir: values['cert-dir'], log: (values.log ?? 'events') as LogLevel,
      maxMessageSize: parseMessageSize(values['max-message-size']),
    };
  },
  async run({ scenario: nameOrFile, port, host, tls, certDir, log: level, maxMessageSize }) {
    const loaded = await resolveScenario(nameOrFile);
    const scenario = maxMessageSize === undefined ? loaded : { ...loaded, limits: { ...loaded.limits, maxMessageBytes: maxMessageSize } };

    const out = new LineWriter(process.stdout, { droppedLine: (n) => formatDroppedLine(Date.now(), n) });
    // A reader that goes away (`websocket-lab mock … | head -1`) must not take the server down.
    process.stdout.on('error', () => out.close());
    const log = createEventLog(level, out);

    let server: MockServerHandle;
    try {
      server = await startMockServer({ scenario, port, host, tls, certDir: certDir ?? defaultCertDir(), onEvent: log.onEvent });
    } catch (e) {
      log.stop();
      process.stderr.write(`websocket-lab: ${(e as Error).message}\n`);
      return EXIT_FAILURE;
    }
    const running = server;
    // Before the first line: a script may send SIGINT as soon as it has read it.
    const stopped = new Promise<number>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stderr.write('shutting down: closing clients with 1001\n');
        running.close().then(
          () => resolve(EXIT_OK),
          (e: unknown) => {
            process.stderr.write(`websocket-lab: could not close the server: ${(e as Error).message}\n`);
            resolve(EXIT_FAILURE);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    out.important(`listening ${server.url}`);
    process.stderr.write(`scenario ${scenario.name}: ${scenario.title ?? ''} (health: ${server.httpUrl}/healthz, metrics: ${server.httpUrl}/metrics)\n`);
    if (!isLoopbackHost(host)) {
      process.stderr.write(`warning: bound to ${host}: this mock server is reachable from the network, not only from this machine.\n`);
    }
    if (server.tls) process.stderr.write(`certificates in ${server.tls.certDir}\n${trustGuidance(server.tls.certPath)}\n`);

    const code = await stopped;
    // The clients' close events are logged too; then everything buffered leaves before the exit.
    log.stop();
    await out.end();
    return code;
  },
});
