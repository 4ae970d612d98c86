// `websocket-lab`: runs a mock server from the terminal. The first stdout line is exactly
// "listening <url>" so scripts can wait for it; then one line per event. Notices go to stderr.

import { existsSync } from 'node:fs';
import { builtinScenario, listScenarios } from '../server/scenario/builtinScenarios';
import { formatScenarioErrors, loadScenarioFile } from '../server/scenario/scenarioParser';
import { startMockServer } from '../server/net/mockServer';
import { formatEventLine } from './eventFormat';
import { isLoopback, parseCliArgs, USAGE } from './cliArgs';
import { defaultCertDir, trustGuidance } from '../server/net/tlsCert';
import type { Scenario } from '../server/scenario/scenarioTypes';

const EXIT_USAGE = 2;

async function resolveScenario(nameOrFile: string): Promise<Scenario | string> {
  const builtin = builtinScenario(nameOrFile);
  if (builtin) return builtin;
  if (!existsSync(nameOrFile)) {
    return `scenario "${nameOrFile}" is neither a built-in scenario nor an existing file (run "websocket-lab scenarios" for the list)`;
  }
  const r = await loadScenarioFile(nameOrFile);
  return r.ok ? r.scenario : `invalid scenario file:\n${formatScenarioErrors(nameOrFile, r.errors)}`;
}

export async function main(argv: string[]): Promise<number | undefined> {
  const args = parseCliArgs(argv);
  switch (args.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'error':
      process.stderr.write(`websocket-lab: ${args.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    case 'scenarios': {
      const list = listScenarios();
      const width = Math.max(...list.map((s) => s.name.length));
      for (const s of list) process.stdout.write(`${s.name.padEnd(width)}  ${s.title}\n`);
      return 0;
    }
  }
  const scenario = await resolveScenario(args.scenario);
  if (typeof scenario === 'string') {
    process.stderr.write(`websocket-lab: ${scenario}\n`);
    return EXIT_USAGE;
  }
  let server;
  try {
    server = await startMockServer({
      scenario,
      port: args.port,
      host: args.host,
      tls: args.tls,
      certDir: args.certDir ?? defaultCertDir(),
      onEvent: (e) => process.stdout.write(`${formatEventLine(e)}\n`),
    });
  } catch (e) {
    process.stderr.write(`websocket-lab: ${(e as Error).message}\n`);
    return 1;
  }
  // Before the first line: a script may send SIGINT as soon as it has read it.
  const running = server;
  const stop = (): void => {
    process.stderr.write('shutting down: closing clients with 1001\n');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`listening ${server.url}\n`);
  process.stderr.write(`scenario ${scenario.name}: ${scenario.title ?? ''} (health: ${server.httpUrl}/healthz, metrics: ${server.httpUrl}/metrics)\n`);
  if (!isLoopback(args.host)) {
    process.stderr.write(`warning: bound to ${args.host}: this mock server is reachable from the network, not only from this machine.\n`);
  }
  if (server.tls) process.stderr.write(`certificates in ${server.tls.certDir}\n${trustGuidance(server.tls.certPath)}\n`);

  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`websocket-lab: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
