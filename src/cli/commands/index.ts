// The command table: `websocket-lab <name>` runs the command with that name. A new subcommand is
// one file here and one row below; help, parsing and exit codes come with it.

import type { Command } from '../command';
import { mock } from './mock';
import { scenarios } from './scenarios';

export const COMMANDS: readonly Command[] = [mock, scenarios];
