// What a `websocket-lab` subcommand is: its options (with their help), a check of the command line
// that needs no I/O, and what it runs. Each command is one file in commands/ and one row in
// commands/index.ts.

export const EXIT_OK = 0;
/** The command ran and failed (a port in use, a server that would not close). */
export const EXIT_FAILURE = 1;
/** The command line was wrong: nothing was done. */
export const EXIT_USAGE = 2;

/** A mistake in the command line: reported with the command's usage and exit code 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown after the option in help: `--port <n>`. */
  placeholder?: string;
  /** The only values a string option takes, checked before the command runs. */
  choices?: readonly string[];
  description: string;
}

export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

export interface CommandSpec<O extends Record<string, OptionSpec>, P extends object> {
  name: string;
  /** One line for `websocket-lab --help`. */
  summary: string;
  /** The synopsis after "Usage:", e.g. `websocket-lab mock --scenario <name|file> [options]`. */
  usage: string;
  /** More about the command, shown by `websocket-lab <command> --help`. */
  details?: string;
  options: O;
  /** Checks the options and fills in defaults, without I/O (so it can be tested and fuzzed); throws UsageError. */
  check(values: OptionValues<O>): P;
  /** Resolves with the exit code once the command is done; may throw UsageError for what only I/O reveals (a missing file). */
  run(options: P): Promise<number>;
}

/** A command as the command table holds it, whatever its options. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  details?: string;
  options: Record<string, OptionSpec>;
  check(values: Record<string, string | boolean | undefined>): object;
  run(options: object): Promise<number>;
}

export function defineCommand<O extends Record<string, OptionSpec>, P extends object>(spec: CommandSpec<O, P>): Command {
  return spec as unknown as Command;
}
