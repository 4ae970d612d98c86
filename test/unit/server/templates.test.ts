import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../../../src/server';
import { renderTemplate, renderToText, type TemplateContext } from '../../../src/server/scenario/template';
import { Generators } from '../../../src/server/scenario/generators';
import { cleanup, open, start, tweak } from './helpers';

afterEach(cleanup);

const ctx = (vars: TemplateContext['vars']): TemplateContext => ({ vars });

describe('templates', () => {
  it('a whole-value placeholder keeps its JSON type; inside text it is interpolated', () => {
    const c = ctx({ json: { id: 7, tags: ['a'], name: 'ada' } });
    expect(renderTemplate({ id: '{{json.id}}', tags: '{{json.tags}}', text: 'hi {{json.name}} #{{json.id}}' }, c))
      .toEqual({ id: 7, tags: ['a'], text: 'hi ada #7' });
  });

  it('a missing value drops the key, and || falls back to the next alternative or a literal', () => {
    const c = ctx({ json: { a: '' }, message: { text: 'raw' } });
    expect(renderTemplate({ id: '{{json.id}}', t: '{{json.a || message.text}}', n: "{{json.n || 'none'}}" }, c)).toEqual({ t: 'raw', n: 'none' });
  });

  it('"..." spreads an object, and client-sent __proto__ keys are ignored', () => {
    const json = JSON.parse('{"type":"offer","__proto__":{"polluted":true}}');
    const out = renderTemplate({ '...': '{{json}}', from: 'c1' }, ctx({ json })) as Record<string, unknown>;
    expect(out).toEqual({ type: 'offer', from: 'c1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a string template is sent as text, anything else as JSON', () => {
    expect(renderToText('hello {{clientId}}', ctx({ clientId: 'c1' }))).toBe('hello c1');
    expect(renderToText({ n: '{{$sum(json.p)}}' }, ctx({ json: { p: [1, 2, 3.5] } }))).toBe('{"n":6.5}');
  });

  it('generators: randomWalk stays within bounds, cycle goes round, streams are independent', () => {
    const g = new Generators({
      w: { generator: 'randomWalk', start: 5, step: 3, min: 0, max: 10 },
      c: { generator: 'cycle', values: ['a', 'b'] },
    });
    for (let i = 0; i < 200; i++) {
      const v = g.next('w') as number;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(10);
    }
    expect([g.next('c', 'x'), g.next('c', 'x'), g.next('c', 'x'), g.next('c', 'y')]).toEqual(['a', 'b', 'a', 'a']);
  });
});

describe('startMockServer input checks', () => {
  it('rejects an invalid scenario object with the reason', async () => {
    const bad = tweak('echo', (s) => (s.limits = { maxMessageBytes: -1 }));
    await expect(startMockServer({ scenario: bad })).rejects.toThrow(/invalid scenario: .*limits\.maxMessageBytes/);
  });

  it('rejects a port outside 0-65535', async () => {
    await expect(startMockServer({ scenario: 'echo', port: 70000 })).rejects.toThrow('port must be a whole number from 0 to 65535');
  });
});

describe('echo property', () => {
  it('any text or binary payload comes back unchanged with the same opcode', async () => {
    const server = await start('echo');
    const client = await open(server.url);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.uint8Array({ maxLength: 300 })), async (payload) => {
        const binary = typeof payload !== 'string';
        client.ws.send(binary ? Buffer.from(payload) : payload);
        const got = await client.next();
        expect(got.isBinary).toBe(binary);
        expect(binary ? got.data.equals(Buffer.from(payload)) : got.text === payload).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
