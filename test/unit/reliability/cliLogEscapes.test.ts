// A client must not be able to drive the terminal of whoever watches `websocket-lab mock`: its
// messages and close reasons reached stdout as they came, so ESC[2J cleared the screen, CR and
// ESC[2K erased log lines, OSC 0 set the window title, OSC 8 planted links and OSC 52 wrote the
// clipboard. Every line the CLI prints is made by src/cli/eventFormat.ts, which now shows control
// characters (C0, DEL, C1, bidi overrides, line separators) as visible escapes and clips close reasons.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControlChars, formatEventLine } from '../../../src/cli/eventFormat';
import type { NewTimelineEvent } from '../../../src/shared/events';
import { useCli } from '../cli/runCli';
import { open } from '../server/helpers';

const { run, dir } = useCli();

/** What a terminal acts on: C0 but newline, DEL, C1, and the Unicode bidi and line controls. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the test
const TERMINAL_CONTROL = /[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const HOSTILE: Array<[what: string, text: string, shown: string]> = [
  ['clear the screen', 'a\x1b[2J\x1b[Hb', 'a\\x1b[2J\\x1b[Hb'],
  ['erase the line above', 'ok\x1b[1A\x1b[2K', 'ok\\x1b[1A\\x1b[2K'],
  ['set the window title (OSC 0, BEL)', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
  ['write the clipboard (OSC 52)', '\x1b]52;c;cm0gLXJmIH4K\x07', '\\x1b]52;c;cm0gLXJmIH4K\\x07'],
  ['plant a link (OSC 8, ST)', '\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\', '\\x1b]8;;http://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\'],
  ['ring the bell', 'ding\x07', 'ding\\x07'],
  ['C1 control sequence introducer', 'c1\u009b31mred', 'c1\\x9b31mred'],
  ['DEL', 'del\x7f', 'del\\x7f'],
  ['right-to-left override', 'abc\u202edcba', 'abc\\u202edcba'],
  ['NUL and backspace', 'x\x00\x08y', 'x\\x00\\x08y'],
];

/** Raw stdout bytes: what reaches the terminal, before any decoding. */
function rawStdout(child: { stdout: NodeJS.ReadableStream }): () => Buffer {
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  return () => Buffer.concat(chunks);
}

function expectNoTerminalControl(bytes: Buffer): void {
  const bad = [...bytes].findIndex((b) => (b < 0x20 && b !== 0x0a) || b === 0x7f);
  expect(bad, bad < 0 ? '' : `byte 0x${bytes[bad].toString(16)} at ${bad}: ${JSON.stringify(bytes.subarray(Math.max(0, bad - 40), bad + 20).toString())}`).toBe(-1);
  expect(bytes.toString('utf8')).not.toMatch(TERMINAL_CONTROL);
}

describe('the CLI log shows control characters as text', () => {
  it('messages, a binary message and a close reason with ESC[2J, OSC 52, OSC 8, BEL, CR, C1 and DEL: stdout holds no control character but newline, and shows each escaped', async () => {
    const cli = run(['mock', '--scenario', 'echo']);
    const raw = rawStdout(cli.child);
    const url = (await cli.line(/^listening /)).slice('listening '.length);
    const c = await open(url);
    for (const [, text] of HOSTILE) {
      c.send(text);
      await c.next();
    }
    c.ws.send(Buffer.from('\x1b[2J\x1b]52;c;AAAA\x07'));
    await c.next();
    c.ws.close(4000, 'bye\r\x1b]0;pwned\x07\x1b[2K');
    await cli.line(/ c1\s+client\s+disconnected /);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);

    const bytes = raw();
    expectNoTerminalControl(bytes);
    const out = bytes.toString('utf8');
    for (const [what, , shown] of HOSTILE) {
      expect(out, what).toContain(` c1   message    in text ${Buffer.byteLength(HOSTILE.find((h) => h[2] === shown)![1])}B ${shown}\n`);
    }
    expect(out).toContain('message    in binary 16B (base64) ');
    expect(out).toMatch(/ c1\s+close\s+4000 [^"\n]*"bye\\r\\x1b\]0;pwned\\x07\\x1b\[2K" \(by client\)\n/);
    expect(out).toMatch(/ c1\s+client\s+disconnected \S+ 4000 [^\n]*: bye\\r\\x1b\]0;pwned\\x07\\x1b\[2K\n/);
  });

  it('a close reason of 123 escape characters is clipped on its line', async () => {
    const cli = run(['mock', '--scenario', 'echo']);
    const raw = rawStdout(cli.child);
    const url = (await cli.line(/^listening /)).slice('listening '.length);
    const c = await open(url);
    c.ws.close(4000, '\x1b'.repeat(123));
    const line = await cli.line(/ c1\s+close\s+4000 /);
    expect(line).toContain(`"${'\\x1b'.repeat(20)}…"`);
    expect(line.length).toBeLessThan(160);
    cli.child.kill('SIGINT');
    await cli.exited;
    expectNoTerminalControl(raw());
  });

  it('error lines and summary lines that echo what a client sent are escaped too', async () => {
    const file = join(dir(), 'keys.wsmock.json');
    writeFileSync(file, JSON.stringify({
      name: 'keys',
      rules: [{ match: { json: { type: 'set' } }, do: [{ set: { '{{json.k}}': 1 } }], reply: 'done' }],
    }));
    for (const log of ['events', 'summary']) {
      const cli = run(['mock', '--scenario', file, '--log', log]);
      const raw = rawStdout(cli.child);
      const url = (await cli.line(/^listening /)).slice('listening '.length);
      const c = await open(url);
      c.send({ type: 'set', k: `\x1b]52;c;AAAA\x07${'.a'.repeat(20)}` });
      expect((await c.next()).text).toBe('done');
      c.ws.close(4000, '\x1b]8;;http://evil.example/\x1b\\');
      await cli.line(/ c1\s+client\s+disconnected /);
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expectNoTerminalControl(raw());
      expect(cli.stdout(), log).toContain('error      other: state not changed: the key "\\x1b]52;c;AAAA\\x07.a.a');
      expect(cli.stdout(), log).toContain(': \\x1b]8;;http://evil.example/\\x1b\\\n');
    }
  });
});

describe('formatEventLine, the one place an event becomes a line', () => {
  const hostile = fc.string({ unit: 'binary', maxLength: 200 });
  const lineOf = (e: NewTimelineEvent): string => formatEventLine(e);

  it('no string any event carries can put a control character on the line', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (a, b, c) => {
        const time = Date.now();
        const events: NewTimelineEvent[] = [
          { kind: 'message', time, dir: 'in', opcode: 'text', size: a.length, encoding: 'utf8', data: a, clientId: b },
          { kind: 'message', time, dir: 'in', opcode: 'text', size: 1, encoding: 'utf8', data: 'x', decoded: { protocol: a, type: b, summary: c, fields: {} } },
          { kind: 'close', time, code: 4000, codeName: b, reason: a, wasClean: true, initiator: 'client', clientId: 'c1' },
          { kind: 'close-sent', time, code: 4000, codeName: 'x', reason: a, clientId: 'c1' },
          { kind: 'client', time, action: 'disconnected', clientId: 'c1', remote: b, detail: a },
          { kind: 'error', time, category: 'other', message: a, clientId: c },
          { kind: 'info', time, message: a },
        ] as NewTimelineEvent[];
        for (const e of events) {
          const line = lineOf(e);
          expect(line).not.toMatch(TERMINAL_CONTROL);
          expect(line).not.toContain('\n');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('escapes each control character visibly: \\t \\n \\r by name, the rest as \\xHH or \\uHHHH; plain text and non-ASCII letters are unchanged', () => {
    expect(escapeControlChars('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect(escapeControlChars('\x1b\x00\x7f\x85\x9f')).toBe('\\x1b\\x00\\x7f\\x85\\x9f');
    expect(escapeControlChars('\u2028\u202e\u2066')).toBe('\\u2028\\u202e\\u2066');
    expect(escapeControlChars('héllo → 世界 🙂 "q" \\')).toBe('héllo → 世界 🙂 "q" \\');
  });
});
