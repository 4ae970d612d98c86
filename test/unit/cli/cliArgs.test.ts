// Reading the command line (no process): what each mistake says, and what a command receives.
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src/cli/cliArgs';

describe('parseCliArgs', () => {
  it('gives mock its options with the defaults filled in, in any of the documented spellings', () => {
    expect(parseCliArgs(['mock', '--scenario', 'echo'])).toEqual({ command: 'mock', scenario: 'echo', port: 0, host: '127.0.0.1', tls: false, certDir: undefined, log: 'events' });
    expect(parseCliArgs(['mock', '-s', 'chat', '-p', '8080', '--host=0.0.0.0', '--tls', '--cert-dir', '/tmp/c', '--log=summary'])).toEqual({
      command: 'mock', scenario: 'chat', port: 8080, host: '0.0.0.0', tls: true, certDir: '/tmp/c', log: 'summary',
    });
    expect(parseCliArgs(['mock', '--scenario=echo', '-p8081', '--log', 'quiet'])).toMatchObject({ port: 8081, log: 'quiet' });
    expect(parseCliArgs(['scenarios'])).toEqual({ command: 'scenarios' });
  });

  it('asks for help: the list of commands, or one command\'s options', () => {
    for (const argv of [[], ['--help'], ['-h'], ['help']]) expect(parseCliArgs(argv)).toEqual({ command: 'help' });
    for (const argv of [['mock', '--help'], ['mock', '-h'], ['help', 'mock'], ['--help', 'mock'], ['mock', '--port', 'nope', '--help']]) {
      expect(parseCliArgs(argv)).toEqual({ command: 'help', topic: 'mock' });
    }
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate" (commands: mock, scenarios)'],
    [['--port', '1', 'mock'], 'expected a command before --port'],
    [['help', 'frobnicate'], 'unknown command "frobnicate"'],
    [['mock'], 'mock needs --scenario <name|file>'],
    [['mock', '--scenario'], '--scenario needs a value <name|file>'],
    [['mock', '--scenario', '--port', '80'], '--scenario needs a value'],
    [['mock', '-s', 'echo', '-p'], '-p needs a value <n>'],
    [['mock', '--scenario', 'echo', '--tls=yes'], '--tls takes no value'],
    [['mock', '--scenario', 'echo', '--port', '1', '-p', '2'], '-p was given twice'],
    [['mock', '--scenario', 'echo', 'extra'], 'unexpected argument "extra"'],
    [['mock', '--scenario', 'echo', '--', '--port'], 'unexpected argument "--port"'],
    [['mock', '--scenario', 'echo', '--bogus'], 'unknown option --bogus'],
    [['mock', '--scenario', 'echo', '-x'], 'unknown option -x'],
    [['mock', '--s', 'echo'], 'unknown option --s'],
    [['mock', '--scenario', 'echo', '--port', '65536'], '--port must be a whole number from 0 to 65535, got "65536"'],
    [['mock', '--scenario', 'echo', '--port', '-1'], '--port needs a value'],
    [['mock', '--scenario', 'echo', '--log', 'loud'], '--log must be one of events, summary, quiet, got "loud"'],
    [['mock', '--scenario', 'echo', '--host', ' '], '--host must not be empty'],
    [['scenarios', 'extra'], 'unexpected argument "extra"'],
    [['mock', '--scenario', 'echo', '--constructor'], 'unknown option --constructor'],
  ])('%j is a mistake: %s', (argv, message) => {
    expect(parseCliArgs(argv)).toEqual(expect.objectContaining({ command: 'error', message: expect.stringContaining(message) }));
  });

  it('names the command a mistake was made in, so its usage can be shown', () => {
    expect(parseCliArgs(['mock', '--bogus'])).toMatchObject({ command: 'error', topic: 'mock' });
    expect(parseCliArgs(['frobnicate'])).not.toHaveProperty('topic');
  });
});
