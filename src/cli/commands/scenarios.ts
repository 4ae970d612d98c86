// `websocket-lab scenarios`: the built-in scenarios, one per line (name, then title).

import { listScenarios } from '../../server/index';
import { defineCommand, EXIT_OK } from '../command';

export const scenarios = defineCommand({
  name: 'scenarios',
  summary: 'list the built-in scenarios',
  usage: 'websocket-lab scenarios',
  details: 'Each line is a name for "websocket-lab mock --scenario <name>" and what the scenario does.',
  options: {},
  check: () => ({}),
  async run() {
    const list = listScenarios();
    const width = Math.max(...list.map((s) => s.name.length));
    process.stdout.write(list.map((s) => `${s.name.padEnd(width)}  ${s.title}\n`).join(''));
    return EXIT_OK;
  },
});
