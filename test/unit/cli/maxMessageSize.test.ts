// `websocket-lab mock --max-message-size`: the largest message a mock server accepts, over the
// scenario's limits.maxMessageBytes and ws's own default (100 MiB) that applies without either.
import { describe, expect, it } from 'vitest';
import { parseMessageSize } from '../../../src/cli/commands/mock';
import { open } from '../server/helpers';
import { useCli } from './runCli';

const { run } = useCli();

async function serve(args: string[]): Promise<{ url: string; stop: () => void }> {
  const cli = run(['mock', ...args, '--log', 'quiet']);
  const first = await cli.line(/^listening /);
  return { url: first.slice('listening '.length), stop: () => cli.child.kill('SIGINT') };
}

describe('mock --max-message-size', () => {
  it('reads bytes, KiB, MiB and GiB', () => {
    expect(parseMessageSize('1048576')).toBe(1048576);
    expect(parseMessageSize('512KiB')).toBe(512 * 1024);
    expect(parseMessageSize('16 MiB')).toBe(16 * 1024 * 1024);
    expect(parseMessageSize('1.5mib')).toBe(1.5 * 1024 * 1024);
    expect(parseMessageSize('1GiB')).toBe(1024 ** 3);
    expect(parseMessageSize(undefined)).toBeUndefined();
  });

  it('a bad size exits 2 with a message that says what to write', { timeout: 60_000 }, async () => {
    const cases: Array<[string, string]> = [
      ['abc', '--max-message-size must be a size in bytes, KiB, MiB or GiB, such as 1048576, 512KiB or 16MiB; got "abc"'],
      ['16MB', '"MB" is ambiguous: write MiB for powers of 1024'],
      ['12 apples', 'got "12 apples"'],
      ['0', '--max-message-size must be from 1 byte to 2 GiB - 1 (2147483647 bytes); got "0" (0 bytes)'],
      ['3GiB', 'got "3GiB" (3221225472 bytes)'],
    ];
    for (const [size, message] of cases) {
      const r = run(['mock', '--scenario', 'echo', '--max-message-size', size]);
      expect(await r.exited, size).toBe(2);
      expect(r.stderr()).toContain(message);
      expect(r.stdout()).toBe('');
    }
  });

  it('without it, the echo scenario accepts what a bare ws server accepts: a 4 MiB message is echoed (it was closed with 1009 at 1 MiB)', async () => {
    const server = await serve(['--scenario', 'echo']);
    const client = await open(server.url);
    client.send(Buffer.alloc(4 * 1024 * 1024, 7));
    expect((await client.next()).data.length).toBe(4 * 1024 * 1024);
    server.stop();
  });

  it('with it, the limit applies whatever the scenario says: 1KiB closes a 1025-byte message with 1009; 2KiB lets max-size (1024) echo 2048 bytes', async () => {
    const small = await serve(['--scenario', 'echo', '--max-message-size', '1KiB']);
    const a = await open(small.url);
    a.send('x'.repeat(1024));
    expect((await a.next()).data.length).toBe(1024);
    a.send('x'.repeat(1025));
    expect((await a.closed).code).toBe(1009);
    small.stop();

    const raised = await serve(['--scenario', 'max-size', '--max-message-size', '2KiB']);
    const b = await open(raised.url);
    b.send('y'.repeat(2048));
    expect((await b.next()).data.length).toBe(2048);
    b.send('y'.repeat(2049));
    expect((await b.closed).code).toBe(1009);
    raised.stop();
  });
});
