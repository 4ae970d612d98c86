// LineWriter: stdout lines in batches, bounded when stdout's reader is slow.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LineWriter } from '../../../src/cli/lineWriter';

/** A stdout stand-in: records each write; `accept` says what write() returns (false: "wait for drain"). */
class FakeSink extends EventEmitter {
  writes: string[] = [];
  accept = true;
  writableLength = 0;
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return this.accept;
  }
  drain(): void {
    this.accept = true;
    this.emit('drain');
  }
  get text(): string {
    return this.writes.join('');
  }
}

function setup(options: { flushChars?: number; maxBufferedChars?: number } = {}) {
  const sink = new FakeSink();
  const ticks: Array<() => void> = [];
  const out = new LineWriter(sink, { ...options, droppedLine: (n) => `[${n} dropped]`, schedule: (fn) => ticks.push(fn) });
  const tick = (): void => ticks.splice(0).forEach((fn) => fn());
  return { sink, out, tick };
}

describe('LineWriter', () => {
  it('writes the lines of one turn of the event loop in one write, at its end', () => {
    const { sink, out, tick } = setup();
    for (let i = 0; i < 1000; i++) out.write(`line ${i}`);
    expect(sink.writes).toHaveLength(0);
    tick();
    expect(sink.writes).toHaveLength(1);
    expect(sink.text).toBe(Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join(''));
  });

  it('writes as soon as about 64 KiB wait, without waiting for the end of the turn', () => {
    const { sink, out } = setup();
    const line = 'x'.repeat(99);
    for (let i = 0; i < 700; i++) out.write(line); // 70,000 characters
    expect(sink.writes).toHaveLength(1);
    expect(sink.writes[0].length).toBeGreaterThanOrEqual(64 * 1024);
    expect(sink.writes[0].length).toBeLessThan(64 * 1024 + 100);
  });

  it('writes an important line at once', () => {
    const { sink, out } = setup();
    out.important('listening ws://127.0.0.1:1234');
    expect(sink.text).toBe('listening ws://127.0.0.1:1234\n');
  });

  it('while the sink waits for drain: keeps lines up to the bound, drops whole lines beyond, then says how many before the next lines', () => {
    const { sink, out, tick } = setup({ maxBufferedChars: 100 });
    sink.accept = false;
    out.write('first');
    tick(); // written; the sink asks to wait for 'drain'
    expect(sink.writes).toEqual(['first\n']);
    for (let i = 0; i < 50; i++) out.write(`line ${String(i).padStart(2, '0')}`); // 7 characters + newline each: 12 fit in 100
    tick();
    expect(sink.writes).toHaveLength(1); // nothing more is written before 'drain'
    expect(out.dropped).toBe(50 - 12);
    out.important('never dropped');
    sink.drain();
    const kept = Array.from({ length: 12 }, (_, i) => `line ${String(i).padStart(2, '0')}\n`).join('');
    expect(sink.writes.slice(1).join('')).toBe(`[38 dropped]\n${kept}never dropped\n`);
    // Reported once; later lines flow normally.
    out.write('after');
    tick();
    expect(sink.writes[sink.writes.length - 1]).toBe('after\n');
  });

  it('end() writes what waits and resolves once the sink has drained', async () => {
    const { sink, out } = setup();
    out.write('pending');
    sink.accept = false;
    sink.writableLength = 10;
    let ended = false;
    const done = out.end(5000).then(() => (ended = true));
    expect(sink.text).toBe('pending\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toBe(false);
    sink.writableLength = 0;
    sink.drain();
    await done;
    expect(ended).toBe(true);
  });

  it('end() gives up waiting for a reader that never reads', async () => {
    const { sink, out } = setup();
    sink.accept = false;
    sink.writableLength = 10;
    out.write('stuck');
    const t0 = Date.now();
    await out.end(100);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('writes nothing more once closed (the reader went away)', () => {
    const { sink, out, tick } = setup();
    out.write('a');
    out.close();
    out.write('b');
    out.important('c');
    tick();
    expect(sink.writes).toEqual([]);
  });
});
