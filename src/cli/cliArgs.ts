// Command-line parsing for `websocket-lab`, kept apart from I/O so it is easy to test and read.

export type CliCommand =
  | { command: 'mock'; scenario: string; port: number; host: string; tls: boolean; certDir?: string }
  | { command: 'scenarios' }
  | { command: 'help' }
  | { command: 'error'; message: string };

export const USAGE = `Usage:
  websocket-lab mock --scenario <name|file> [--port N] [--host H] [--tls] [--cert-dir D]
  websocket-lab scenarios         list the built-in scenarios
  websocket-lab --help

Options for mock:
  --scenario, -s   a built-in scenario name (see "scenarios") or a *.wsmock.json / *.wsmock.yaml file
  --port, -p       port to listen on (default 0: any free port)
  --host           address to bind (default 127.0.0.1: this machine only)
  --tls            serve wss:// with a self-signed certificate
  --cert-dir       where the certificate is kept (default ~/.cache/websocket-lab/certs)`;

const VALUE_OPTIONS: Record<string, string> = { '--scenario': 'scenario', '-s': 'scenario', '--port': 'port', '-p': 'port', '--host': 'host', '--cert-dir': 'certDir' };

export function parseCliArgs(argv: string[]): CliCommand {
  if (argv.length === 0 || argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === 'scenarios') {
    return rest.length ? { command: 'error', message: `"scenarios" takes no arguments, got ${rest.join(' ')}` } : { command: 'scenarios' };
  }
  if (command !== 'mock') return { command: 'error', message: `unknown command "${command}" (expected "mock" or "scenarios")` };

  const values: Record<string, string> = {};
  let tls = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--tls') {
      if (eq > 0) return { command: 'error', message: '--tls takes no value' };
      tls = true;
      continue;
    }
    const key = VALUE_OPTIONS[name];
    if (!key) return { command: 'error', message: arg.startsWith('-') ? `unknown option ${name}` : `unexpected argument "${arg}"` };
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || (value.startsWith('-') && eq < 0 && value.length > 1)) return { command: 'error', message: `${name} needs a value` };
    if (key in values) return { command: 'error', message: `${name} was given twice` };
    values[key] = value;
  }
  if (!values.scenario) return { command: 'error', message: 'mock needs --scenario <name|file>' };
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) return { command: 'error', message: `--port must be a whole number from 0 to 65535, got "${values.port}"` };
  }
  if (values.host !== undefined && values.host.trim() === '') return { command: 'error', message: '--host must not be empty' };
  return { command: 'mock', scenario: values.scenario, port, host: values.host ?? '127.0.0.1', tls, certDir: values.certDir };
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
