// The codec registry: every composer format is one entry that encodes what the user typed.
import { describe, expect, it } from 'vitest';
import { CODECS, codecFor, encodeWith } from '../../../src/codecs/registry';
import { COMPOSER_FORMATS } from '../../../src/shared/connection';

describe('codec registry', () => {
  it('has one codec per composer format, in the picker order, each with a label and a hint', () => {
    expect(CODECS.map((c) => c.id)).toEqual([...COMPOSER_FORMATS]);
    for (const c of CODECS) {
      expect(c.label).not.toBe('');
      expect(c.placeholder).not.toBe('');
    }
  });

  it('each codec turns its example into one frame of the right opcode and byte size', () => {
    const frames = Object.fromEntries(CODECS.map((c) => [c.id, c.encode(c.id === 'msgpack' ? '{"type": "hello"}' : c.placeholder)]));
    expect(frames.text).toMatchObject({ ok: true, opcode: 'text', size: 12 });
    expect(frames.json).toMatchObject({ ok: true, opcode: 'text', data: '{"type": "hello"}' });
    expect(frames.hex).toMatchObject({ ok: true, opcode: 'binary', size: 5 });
    expect(frames.base64).toMatchObject({ ok: true, opcode: 'binary', size: 5 });
    expect(frames.msgpack).toMatchObject({ ok: true, opcode: 'binary', size: 12 });
  });

  it('an unknown format is refused by name, not guessed', () => {
    expect(codecFor('protobuf')).toBeUndefined();
    expect(codecFor('__proto__')).toBeUndefined();
    expect(encodeWith('protobuf', 'x')).toEqual({ ok: false, error: 'unknown composer format "protobuf"' });
  });
});
