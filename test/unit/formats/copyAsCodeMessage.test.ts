import { describe, expect, it } from 'vitest';
import { messageToCopy } from '../../../src/formats/copyAsCodeMessage';

describe('the message Copy as Code sends', () => {
  const history = [{ format: 'text' as const, body: 'older' }, { format: 'text' as const, body: 'last sent' }];

  it("is the composer's message when it has one", async () => {
    expect(await messageToCopy({ format: 'text', body: 'draft "x"' }, history)).toEqual({ from: 'composer', message: { opcode: 'text', data: 'draft "x"' } });
  });

  it('is the last sent message when the composer is empty or its timeline is not open', async () => {
    expect(await messageToCopy({ format: 'text', body: '' }, history)).toEqual({ from: 'last sent', message: { opcode: 'text', data: 'last sent' } });
    expect(await messageToCopy(undefined, history)).toEqual({ from: 'last sent', message: { opcode: 'text', data: 'last sent' } });
  });

  it('is none when nothing was typed or sent', async () => {
    expect(await messageToCopy(undefined, [])).toEqual({ from: 'none' });
  });

  it('is encoded as Send encodes it: hex and base64 become bytes, JSON stays text', async () => {
    expect(await messageToCopy({ format: 'hex', body: '00 ff 0a' }, [])).toEqual({ from: 'composer', message: { opcode: 'binary', data: new Uint8Array([0, 255, 10]) } });
    expect(await messageToCopy({ format: 'base64', body: 'SGk=' }, [])).toEqual({ from: 'composer', message: { opcode: 'binary', data: new Uint8Array([72, 105]) } });
    expect(await messageToCopy({ format: 'json', body: '{"a": 1}' }, [])).toEqual({ from: 'composer', message: { opcode: 'text', data: '{"a": 1}' } });
  });

  it('a message that does not parse as its format is left out, saying why', async () => {
    const r = await messageToCopy({ format: 'json', body: '{"a": ' }, history);
    expect(r.message).toBeUndefined();
    expect(r.error).toMatch(/^the composer's message is not valid json: /);
  });
});
