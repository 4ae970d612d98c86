import { describe, expect, it } from 'vitest';
import { SendQueue, prepareMessage, type QueuedMessage } from '../../../src/client/sendQueue';

const msg = (data: string): QueuedMessage => ({ data, opcode: 'text', size: data.length });

describe('send queue', () => {
  it('gives messages back in the order they were queued', () => {
    const q = new SendQueue(10);
    for (const d of ['a', 'b', 'c']) q.push(msg(d));
    expect([q.shift()?.data, q.shift()?.data, q.shift()?.data, q.shift()]).toEqual(['a', 'b', 'c', undefined]);
  });

  it('when full, drops the oldest message and says which', () => {
    const q = new SendQueue(2);
    q.push(msg('a'));
    q.push(msg('b'));
    const r = q.push(msg('c'));
    expect(r.dropped?.data).toBe('a');
    expect(r.queueLength).toBe(2);
    expect([q.shift()?.data, q.shift()?.data]).toEqual(['b', 'c']);
  });

  it('stays correct across many pushes and shifts (compaction)', () => {
    const q = new SendQueue(5000);
    const out: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      q.push(msg(String(i)));
      if (i % 3 === 0) out.push(q.shift()!.data as string);
    }
    while (q.length) out.push(q.shift()!.data as string);
    // Every message either came out once, in order, or was dropped as one of the oldest.
    const nums = out.map(Number);
    expect(nums).toEqual([...nums].sort((a, b) => a - b));
    expect(new Set(nums).size).toBe(nums.length);
    expect(nums[nums.length - 1]).toBe(19_999);
  });

  it('lowering the limit drops the oldest messages', () => {
    const q = new SendQueue(5);
    for (const d of ['a', 'b', 'c', 'd']) q.push(msg(d));
    q.setLimit(2);
    expect([q.shift()?.data, q.shift()?.data, q.length]).toEqual(['c', 'd', 0]);
  });
});

describe('preparing an outgoing message', () => {
  it('measures text in UTF-8 bytes', () => {
    expect(prepareMessage({ data: 'héllo €', opcode: 'text' })).toMatchObject({ size: 10, opcode: 'text' });
  });

  it('refuses bytes sent as text that are not UTF-8, with a way out', () => {
    const r = prepareMessage({ data: new Uint8Array([0xc3, 0x28]), opcode: 'text' });
    expect(r).toEqual({ error: expect.stringMatching(/valid UTF-8.*binary/) });
  });

  it('sends a string given as binary as its UTF-8 bytes', () => {
    const r = prepareMessage({ data: 'é', opcode: 'binary' });
    expect(r).toMatchObject({ opcode: 'binary', size: 2 });
  });

  it('refuses an unknown opcode and a non-bytes payload', () => {
    expect(prepareMessage({ data: 'x', opcode: 'close' as 'text' })).toEqual({ error: expect.stringMatching(/opcode/) });
    expect(prepareMessage({ data: 42 as unknown as string, opcode: 'binary' })).toEqual({ error: expect.stringMatching(/string or bytes/) });
  });
});
