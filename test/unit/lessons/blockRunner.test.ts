import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { concurrencyLimit, runNodeBlock } from './blockRunner';

const repoRoot = path.resolve(__dirname, '../../..');
const server = { url: 'ws://127.0.0.1:1/', httpUrl: 'http://127.0.0.1:1/' };
const where = { file: 'media/lessons/07-connection-management.md', line: 40 };

describe('runNodeBlock', () => {
  it('a block that exits 0 passes, with WS_URL and ws available', async () => {
    const code = "const WebSocket = require('ws');\nif (typeof WebSocket !== 'function' || WS_URL !== 'ws://127.0.0.1:1/') process.exit(3);\n";
    expect(await runNodeBlock(code, server, where, repoRoot)).toBeUndefined();
  });

  it('a failing block is reported at its lesson line, with the error from stderr', async () => {
    const failure = await runNodeBlock("console.log('before');\nthrow new Error('boom');\n", server, where, repoRoot);
    expect(failure).toMatch(/^media\/lessons\/07-connection-management\.md:40: Node block exited with 1/);
    // Code line 2 of a block whose fence is on line 40 is lesson line 42.
    expect(failure).toContain('media/lessons/07-connection-management.md:42');
    expect(failure).toContain('Error: boom');
    expect(failure).toContain('before');
  });
});

describe('concurrencyLimit', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = concurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const task = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return n;
    };
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => limit(() => task(n))))).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});
