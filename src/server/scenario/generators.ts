// Named value generators ({{gen.price}}): each keeps its own state per stream key, so the
// ticker's ACME and GLOBEX prices wander independently while every client sees the same walk.

import type { GeneratorSpec, JsonValue } from './scenarioTypes';

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function clamp(value: number, min = -Infinity, max = Infinity): number {
  return Math.min(max, Math.max(min, value));
}

/** Returns the next value of a generator given its previous state; the state is kept by the caller. */
function step(spec: GeneratorSpec, state: { last?: number; index: number }): JsonValue {
  switch (spec.generator) {
    case 'randomWalk': {
      const prev = state.last ?? spec.start;
      const next = state.last === undefined ? prev : clamp(prev + (Math.random() * 2 - 1) * spec.step, spec.min, spec.max);
      state.last = next;
      return round(next, spec.decimals ?? 2);
    }
    case 'sensor': {
      // Drifts by at most 5% of the range per reading, like a real sensor, instead of jumping.
      const range = spec.max - spec.min;
      const prev = state.last ?? spec.min + range / 2;
      const next = clamp(prev + (Math.random() * 2 - 1) * range * 0.05, spec.min, spec.max);
      state.last = next;
      return round(next, spec.decimals ?? 1);
    }
    case 'randomInt':
      return spec.min + Math.floor(Math.random() * (spec.max - spec.min + 1));
    case 'sequence': {
      const value = (spec.start ?? 1) + state.index * (spec.step ?? 1);
      state.index++;
      return value;
    }
    case 'cycle': {
      const value = spec.values[state.index % spec.values.length];
      state.index++;
      return value;
    }
    case 'pick':
      return spec.values[Math.floor(Math.random() * spec.values.length)];
    case 'repeat':
      return Array.from({ length: spec.count }, () => spec.value);
  }
}

export class Generators {
  private readonly states = new Map<string, { last?: number; index: number }>();

  constructor(private readonly specs: Record<string, GeneratorSpec> = {}) {}

  /** Next value of generator `name` in stream `key` (e.g. a forEach item); undefined if unknown. */
  next(name: string, key = ''): JsonValue | undefined {
    const spec = Object.prototype.hasOwnProperty.call(this.specs, name) ? this.specs[name] : undefined;
    if (!spec) return undefined;
    const stateKey = `${name}\u0000${key}`;
    let state = this.states.get(stateKey);
    if (!state) {
      state = { index: 0 };
      this.states.set(stateKey, state);
    }
    return step(spec, state);
  }
}
