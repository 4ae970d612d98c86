import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/shared/events';
import {
  historyAppendText, historyFileText, historyNeedsCompaction, readHistoryFile, utf8Length,
} from '../../../src/formats/historyFile';

const message = (seq: number, data: string): TimelineEvent => ({ seq, time: 1_700_000_000_000 + seq, kind: 'message', dir: 'in', opcode: 'text', size: utf8Length(data), encoding: 'utf8', data });
const target = { name: 'echo', url: 'ws://127.0.0.1:9/', secrets: [] };
const roomy = { maxEvents: 1000, maxBytes: 1 << 20 };

describe('timeline history file', () => {
  it('is a JSONL export: a header, then the events, oldest first, read back as they were', () => {
    const events = [message(1, 'one'), message(2, 'two'), { seq: 3, time: 3, kind: 'info', message: 'note' } as TimelineEvent];
    const file = historyFileText(events, target, roomy, new Date('2026-12-03T18:00:00Z'));
    expect(file.text.split('\n')[0]).toContain('"format":"websocket-lab-timeline"');
    expect(file.events).toBe(3);
    const read = readHistoryFile(file.text, roomy);
    expect(read.ok && read.events).toEqual(events);
    expect(read.ok && read.header?.exportedAt).toBe('2026-12-03T18:00:00.000Z');
  });

  it('keeps only the newest maxEvents events', () => {
    const events = Array.from({ length: 50 }, (_, i) => message(i + 1, `m${i + 1}`));
    const file = historyFileText(events, target, { maxEvents: 10, maxBytes: 1 << 20 });
    const read = readHistoryFile(file.text, roomy);
    expect(read.ok && read.events.map((e) => e.seq)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
  });

  it('keeps only the newest events that fit in maxBytes', () => {
    const events = Array.from({ length: 100 }, (_, i) => message(i + 1, 'x'.repeat(1000)));
    const file = historyFileText(events, target, { maxEvents: 1000, maxBytes: 10_500 });
    expect(file.bytes).toBeLessThanOrEqual(10_500);
    expect(file.events).toBeGreaterThan(5);
    const read = readHistoryFile(file.text, roomy);
    expect(read.ok && read.events.at(-1)?.seq).toBe(100);
    expect(read.ok && read.events.length).toBe(file.events);
  });

  it('reading trims a file written under larger limits to the current ones', () => {
    const file = historyFileText(Array.from({ length: 20 }, (_, i) => message(i + 1, 'm')), target, roomy);
    const read = readHistoryFile(file.text, { maxEvents: 5, maxBytes: 1 << 20 });
    expect(read.ok && read.events.map((e) => e.seq)).toEqual([16, 17, 18, 19, 20]);
    expect(read.ok && read.trimmed).toBe(15);
  });

  it('a secret in a message, the URL or the name never appears in the file', () => {
    const secret = 'tok_9f8e7d6c5b4a';
    const secretTarget = { name: `api ${secret}`, url: `wss://user:hunter2-pass@example.test/?token=${secret}`, secrets: [secret] };
    const events = [message(1, `{"auth":"${secret}"}`), message(2, Buffer.from(secret).toString('base64'))];
    const text = historyFileText(events, secretTarget, roomy).text + historyAppendText([message(3, `echo ${secret}`)], secretTarget).text;
    expect(text).not.toContain(secret);
    expect(text).not.toContain('hunter2-pass');
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
    expect(text).toContain('«secret»');
  });

  it('appended lines continue the file', () => {
    const head = historyFileText([message(1, 'a')], target, roomy);
    const tail = historyAppendText([message(2, 'b'), message(3, 'é')], target);
    expect(tail.events).toBe(2);
    expect(tail.bytes).toBe(Buffer.byteLength(tail.text));
    const read = readHistoryFile(head.text + tail.text, roomy);
    expect(read.ok && read.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('a file is rewritten once it holds more than twice its bound', () => {
    const limits = { maxEvents: 10, maxBytes: 1000 };
    expect(historyNeedsCompaction({ events: 20, bytes: 2000 }, limits)).toBe(false);
    expect(historyNeedsCompaction({ events: 21, bytes: 100 }, limits)).toBe(true);
    expect(historyNeedsCompaction({ events: 1, bytes: 2001 }, limits)).toBe(true);
  });

  it('a last line cut off mid-write is left out and the rest is read', () => {
    const text = historyFileText([message(1, 'a'), message(2, 'b')], target, roomy).text + '{"seq":3,"time":3,"kind":"mess';
    const read = readHistoryFile(text, roomy);
    expect(read.ok && read.tornLine).toBe(true);
    expect(read.ok && read.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('a damaged line is an error naming the line, not an exception', () => {
    const lines = historyFileText([message(1, 'a'), message(2, 'b')], target, roomy).text.split('\n');
    lines[2] = '{"seq":2,"kind":"message","dir":"sideways"}';
    const read = readHistoryFile(lines.join('\n'), roomy);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(/^line 3: /);
    expect(readHistoryFile('\u0000\u0001garbage\n', roomy).ok).toBe(false);
  });

  it('blank lines are not events', () => {
    const text = '\n' + historyFileText([message(1, 'a'), message(2, 'b')], target, roomy).text.replace('\n', '\n\n') + '\n';
    const read = readHistoryFile(text, { maxEvents: 1, maxBytes: 1 << 20 });
    expect(read.ok && read.events.map((e) => e.seq)).toEqual([2]);
  });

  it('a file without the header line is not a history', () => {
    const read = readHistoryFile('{"seq":1,"time":1,"kind":"info","message":"x"}\n', roomy);
    expect(!read.ok && read.error).toMatch(/not a WebSocket Lab timeline/);
  });
});
