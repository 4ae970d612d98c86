// Reading the `websocket-lab` command line, kept apart from I/O so it is easy to test and fuzz.
// node:util parseArgs splits the arguments into tokens; we check the tokens ourselves so that every
// mistake gets a message in our words ("--port needs a value") rather than Node's, and never throws.

import { parseArgs } from 'node:util';
import { UsageError, type Command, type OptionSpec } from './command';
import { COMMANDS } from './commands/index';

export type ParsedCommandLine =
  /** Help: `topic` names the command whose options to show (none: the list of commands). */
  | { command: 'help'; topic?: string }
  /** A mistake; `topic` names the command it was made in, if any. */
  | { command: 'error'; message: string; topic?: string }
  /** A command to run, with its checked options (defaults filled in). */
  | { command: string; [option: string]: unknown };

const HELP_WORDS = new Set(['help', '--help', '-h']);
const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

export function findCommand(name: string | undefined): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

const commandList = (): string => COMMANDS.map((c) => c.name).join(', ');

/** The whole command line: help, a mistake, or a command with its options. Never throws. */
export function parseCliArgs(argv: string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || HELP_WORDS.has(first)) {
    if (rest.length === 0) return { command: 'help' };
    const cmd = findCommand(rest[0]);
    if (!cmd) return { command: 'error', message: `unknown command "${rest[0]}" (commands: ${commandList()})` };
    return rest.length > 1 ? { command: 'error', message: `unexpected argument "${rest[1]}"`, topic: cmd.name } : { command: 'help', topic: cmd.name };
  }
  const cmd = findCommand(first);
  if (!cmd) {
    return { command: 'error', message: `${first.startsWith('-') ? `expected a command before ${first}` : `unknown command "${first}"`} (commands: ${commandList()})` };
  }
  try {
    const values = parseCommandArgs(cmd, rest);
    if (values === 'help') return { command: 'help', topic: cmd.name };
    return { ...cmd.check(values), command: cmd.name };
  } catch (e) {
    if (e instanceof UsageError) return { command: 'error', message: e.message, topic: cmd.name };
    throw e;
  }
}

/** One command's options, or 'help' when -h/--help was given. Throws UsageError. */
export function parseCommandArgs(cmd: Command, argv: string[]): Record<string, string | boolean> | 'help' {
  const specs: Record<string, OptionSpec> = { ...cmd.options, help: HELP_OPTION };
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, s.short ? { type: s.type, short: s.short } : { type: s.type }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return 'help';
  const values: Record<string, string | boolean> = {};
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') throw new UsageError(`unexpected argument "${t.value}"`);
    const spec = Object.hasOwn(cmd.options, t.name) ? cmd.options[t.name] : undefined;
    // Not strict, parseArgs accepts any option; only the spellings we document count.
    if (!spec || (t.rawName !== `--${t.name}` && t.rawName !== `-${spec.short}`)) throw new UsageError(`unknown option ${t.rawName}`);
    if (t.name in values) throw new UsageError(`${t.rawName} was given twice`);
    if (spec.type === 'boolean') {
      if (t.inlineValue) throw new UsageError(`${t.rawName} takes no value`);
      values[t.name] = true;
      continue;
    }
    // "--scenario --port 80": the next option is not this one's value.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && t.value.length > 1)) {
      throw new UsageError(`${t.rawName} needs a value${spec.placeholder ? ` ${spec.placeholder}` : ''}`);
    }
    if (spec.choices && !spec.choices.includes(t.value)) {
      throw new UsageError(`${t.rawName} must be one of ${spec.choices.join(', ')}, got "${t.value}"`);
    }
    values[t.name] = t.value;
  }
  return values;
}

/** Two aligned columns; a text's further lines (after "\n") stay in the second column. */
function columns(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, text]) => `  ${left.padEnd(width)}  ${text.split('\n').join(`\n  ${' '.repeat(width)}  `)}`);
}

/** `websocket-lab --help`: every command with its one-line summary. */
export function globalHelp(): string {
  return [
    'Usage: websocket-lab <command> [options]',
    '',
    'Commands:',
    ...columns([...COMMANDS.map((c): [string, string] => [c.name, c.summary]), ['help', 'show this help, or a command\'s options ("websocket-lab help mock")']]),
    '',
    'Examples:',
    '  websocket-lab mock --scenario echo --port 8080',
    '  websocket-lab mock --scenario ./chat.wsmock.yaml --log summary',
    '',
    'Run "websocket-lab <command> --help" for a command\'s options.',
    'Exit codes: 0 ok, 1 the command failed while running, 2 a mistake in the command line.',
  ].join('\n');
}

/** `websocket-lab <command> --help`: its usage, what it does and its options. */
export function commandHelp(cmd: Command): string {
  const options = columns(
    Object.entries({ ...cmd.options, help: HELP_OPTION }).map(([name, s]): [string, string] => [
      `${s.short ? `-${s.short}, ` : '    '}--${name}${s.placeholder ? ` ${s.placeholder}` : ''}`,
      s.description,
    ]),
  );
  const lines = [`Usage: ${cmd.usage}`, '', `${cmd.summary.charAt(0).toUpperCase()}${cmd.summary.slice(1)}.`];
  if (cmd.details) lines.push('', cmd.details);
  lines.push('', 'Options:', ...options);
  return lines.join('\n');
}

/** What a mistake prints on stderr: the message and where to read more. */
export function usageErrorText(message: string, cmd?: Command): string {
  const hint = cmd ? `Usage: ${cmd.usage}\nRun "websocket-lab ${cmd.name} --help" for its options.` : 'Run "websocket-lab --help" for the commands.';
  return `websocket-lab: ${message}\n\n${hint}\n`;
}
