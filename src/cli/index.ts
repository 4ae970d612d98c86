// `websocket-lab <command> [options]`: the CLI's entry (dist/cli.js). It reads the command line
// (cliArgs.ts), prints help or the mistake, or runs the command from the table in commands/index.ts.
// Exit codes: 0 ok, 1 the command failed while running, 2 the command line was wrong (nothing done).

import { commandHelp, findCommand, globalHelp, parseCliArgs, usageErrorText } from './cliArgs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './command';

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  const cmd = findCommand('topic' in parsed && typeof parsed.topic === 'string' ? parsed.topic : parsed.command);
  if (parsed.command === 'help') {
    process.stdout.write(`${cmd ? commandHelp(cmd) : globalHelp()}\n`);
    return EXIT_OK;
  }
  if (parsed.command === 'error') {
    process.stderr.write(usageErrorText(String(parsed.message), cmd));
    return EXIT_USAGE;
  }
  if (!cmd) throw new Error(`no command ${parsed.command}`);
  try {
    return await cmd.run(parsed);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // Found while running (a scenario file that is not there or not valid): the message says it all.
    process.stderr.write(`websocket-lab: ${e.message}\n`);
    return EXIT_USAGE;
  }
}

/**
 * Exits once stdout and stderr hold nothing more (a pipe's reader may be slow, and `process.exit`
 * would cut what waits), but no later than `maxWaitMs`: an exit never hangs on a reader that has
 * stopped reading, nor on a handle a command left open.
 */
async function exitWhenWritten(code: number, maxWaitMs = 2000): Promise<never> {
  const until = Date.now() + maxWaitMs;
  while ((process.stdout.writableLength > 0 || process.stderr.writableLength > 0) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  process.exit(code);
}

main(process.argv.slice(2)).then(
  (code) => exitWhenWritten(code),
  (e: unknown) => {
    process.stderr.write(`websocket-lab: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return exitWhenWritten(EXIT_FAILURE);
  },
);
