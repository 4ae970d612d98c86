import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findVariableReferences, substituteVariables } from '../../../src/formats/variables';

const fixed = { now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 600), random: () => 0.5, uuid: () => '00000000-0000-4000-8000-000000000000' };

const error = (r: { ok: boolean }) => {
  expect(r.ok).toBe(false);
  return r as { ok: false; error: string; position: number };
};

describe('variable substitution', () => {
  it('{{name}} is replaced by its value, spaces inside the braces allowed', () => {
    expect(substituteVariables('wss://{{host}}/x?t={{ token }}', { host: 'api.example.com', token: 'abc' }))
      .toEqual({ ok: true, text: 'wss://api.example.com/x?t=abc' });
  });

  it('dynamic variables give a uuid, unix seconds, an ISO time and a random integer', () => {
    const r = substituteVariables('{{$uuid}} {{$timestamp}} {{$isoTimestamp}} {{$randomInt}} {{$randomInt 1 6}}', {}, fixed);
    expect(r).toEqual({ ok: true, text: '00000000-0000-4000-8000-000000000000 1704164645 2024-01-02T03:04:05.600Z 500 4' });
  });

  it('$uuid without a fake is a real random UUID each time', () => {
    const a = substituteVariables('{{$uuid}}', {});
    const b = substituteVariables('{{$uuid}}', {});
    expect(a.ok && a.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toEqual(b);
  });

  it('$randomInt stays within its bounds, inclusive', () => {
    fc.assert(fc.property(fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (min, span, x) => {
      const r = substituteVariables(`{{$randomInt ${min} ${min + span}}}`, {}, { random: () => x });
      const n = r.ok ? Number(r.text) : NaN;
      return Number.isInteger(n) && n >= min && n <= min + span;
    }));
  });

  it('an unknown variable is named with its position and the defined ones', () => {
    const r = error(substituteVariables('ws://{{hots}}/', { host: 'h', port: '1' }));
    expect(r.error).toBe("unknown variable 'hots' at position 5 (defined: host, port)");
    expect(r.position).toBe(5);
  });

  it('an unknown dynamic variable lists the known ones', () => {
    expect(error(substituteVariables('{{$guid}}', {})).error).toMatch(/unknown dynamic variable '\$guid'.*\$uuid, \$timestamp/);
  });

  it('an unclosed {{ is reported at its position', () => {
    const r = error(substituteVariables('abc {{token', { token: 'x' }));
    expect(r.error).toBe("'{{' at position 4 is never closed with '}}'");
    expect(r.position).toBe(4);
  });

  it('bad $randomInt arguments are explained', () => {
    expect(error(substituteVariables('{{$randomInt 5}}', {})).error).toMatch(/two whole numbers/);
    expect(error(substituteVariables('{{$randomInt 9 2}}', {})).error).toMatch(/min is greater than max/);
  });

  it('an empty {{}} is refused', () => {
    expect(error(substituteVariables('a{{ }}', {})).position).toBe(1);
  });

  it('a value containing {{...}} is inserted literally, not expanded again', () => {
    expect(substituteVariables('{{a}}', { a: '{{b}}', b: 'no' })).toEqual({ ok: true, text: '{{b}}' });
  });

  it('text without variables, like JSON, is unchanged', () => {
    fc.assert(fc.property(fc.json(), (json) => {
      fc.pre(!json.includes('{{'));
      const r = substituteVariables(json, {});
      return r.ok && r.text === json;
    }));
  });

  it('random text never throws and errors point inside the text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('{', '}', 'a', ' ', '$', 'x', '1') }), (s) => {
      const r = substituteVariables(s, { a: 'A', x: 'X' }, fixed);
      return r.ok || (r.position >= 0 && r.position < s.length);
    }), { numRuns: 2000 });
  });

  it('substituting every defined variable leaves no references behind', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { minLength: 1 }), fc.string(), (names, filler) => {
      fc.pre(!/[{}]/.test(filler));
      const vars = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
      const text = names.map((n) => `${filler}{{${n}}}`).join('');
      const r = substituteVariables(text, vars);
      return r.ok && r.text === names.map((n) => `${filler}<${n}>`).join('') && findVariableReferences(r.text).ok;
    }));
  });
});
