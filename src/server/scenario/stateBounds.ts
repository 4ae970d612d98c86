// Scenario state (the shared state, and each client's) with its size in bytes of JSON kept as it is
// written, so what clients send cannot grow the server without bound. Item counts were not enough:
// parsed, 1 MB of small numbers is about 11 MB of heap, and the whiteboard kept 500 strokes of up to
// 1 MiB, enough for one client to run the server (in VS Code, the extension host) out of memory.
// Sizes are counted per write (the value written, what it replaces, the items an append drops), not
// by serialising the whole state each time. They are an upper bound of the state's JSON: a comma
// is counted after every entry.

import type { JsonValue } from './scenarioTypes';

/** Defaults of the scenario's `limits` fields of the same names (the schema describes them). */
export const DEFAULT_STATE_LIMITS = {
  maxSharedStateBytes: 4 * 1024 * 1024,
  maxClientStateBytes: 64 * 1024,
  maxTotalClientStateBytes: 8 * 1024 * 1024,
  maxStateValueBytes: 256 * 1024,
} as const;

export type StateLimitName = keyof typeof DEFAULT_STATE_LIMITS;

/** At most this many dot-separated segments, and this many characters, in a state key. */
export const MAX_KEY_SEGMENTS = 16;
export const MAX_KEY_CHARS = 256;
/**
 * The deepest a stored value may nest, counting its key's segments. JSON.stringify recurses, and a
 * push that renders the state runs in a timer: state nested 200,000 deep (a client-chosen key of
 * that many segments) overflowed the stack there and ended the process.
 */
export const MAX_STATE_DEPTH = 32;

/** A budget several states draw on together (all clients' states). */
export interface SharedBudget {
  bytes: number;
  readonly limit: number;
  readonly limitName: StateLimitName;
  readonly label: string;
}

interface Budget {
  readonly limit: number;
  readonly limitName: StateLimitName;
  /** "the shared state", "client c1's state". */
  readonly label: string;
}

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: unknown): v is Record<string, JsonValue> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Bytes of a value's JSON text. */
export function jsonBytes(value: unknown): number {
  const cached = Array.isArray(value) ? listBytes.get(value) : undefined;
  return cached ?? Buffer.byteLength(JSON.stringify(value) ?? 'null');
}

/** Lists grown by append, with their size: dropping from or replacing them does not re-measure them. */
const listBytes = new WeakMap<unknown[], number>();

/** `"key":` plus the comma after the entry. */
const entryOverhead = (key: string): number => jsonBytes(key) + 2;

/** A key as messages show it: client-chosen, so at most 40 characters of it. */
export function keyPreview(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

/**
 * Whether `value` nests deeper than `maxDepth` levels ([] and {} are one level), or is surely more
 * than `maxBytes` of JSON (a lower bound: strings, keys, one byte a number, brackets and commas).
 * One pass without recursion that stops as soon as it knows: it runs before JSON.stringify, which
 * recurses (and ran out of stack on state nested 200,000 deep) and would build a megabyte of text
 * to refuse a value of a megabyte.
 */
function tooDeepOrBig(value: unknown, maxDepth: number, maxBytes: number): 'deep' | 'big' | undefined {
  let bytes = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') bytes += v.length + 2;
    else if (v === null || typeof v !== 'object') bytes += 1;
    else if (depth + 1 > maxDepth) return 'deep';
    else if (Array.isArray(v)) {
      bytes += 1 + v.length;
      for (const child of v) stack.push([child, depth + 1]);
    } else {
      bytes += 1;
      for (const [k, child] of Object.entries(v)) {
        bytes += k.length + 4;
        stack.push([child, depth + 1]);
      }
    }
    if (bytes > maxBytes) return 'big';
  }
  return undefined;
}

/**
 * A rendered key as a path, or why it cannot be one. A key with an empty segment or a name that
 * reaches the prototype is skipped without a word, as it always was (`problem` undefined).
 */
export function parseStateKey(text: string): { ok: true; path: string[] } | { ok: false; problem?: string } {
  let segments = 1;
  for (let i = text.indexOf('.'); i !== -1; i = text.indexOf('.', i + 1)) segments++;
  if (segments > MAX_KEY_SEGMENTS) return { ok: false, problem: `the key "${keyPreview(text)}" has ${segments} segments; a key may have at most ${MAX_KEY_SEGMENTS}` };
  if (text.length > MAX_KEY_CHARS) return { ok: false, problem: `the key "${keyPreview(text)}" is ${text.length} characters long; a key may have at most ${MAX_KEY_CHARS}` };
  const path = text.split('.');
  return path.some((p) => p === '' || UNSAFE_KEYS.has(p)) ? { ok: false } : { ok: true, path };
}

/** What a write found along its path. */
interface Place {
  /** The deepest existing object on the path (the parent itself when nothing is missing). */
  node: Record<string, JsonValue>;
  /** Index in the path of the first segment `node` lacks (or holds null); path.length - 1 when the parent exists. */
  from: number;
}

export class BoundedState {
  /** Bytes of JSON the state holds (an upper bound). */
  private bytes: number;
  private released = false;

  constructor(
    readonly root: Record<string, JsonValue>,
    private readonly budget: Budget,
    private readonly maxValueBytes: number,
    private readonly pool?: SharedBudget,
  ) {
    this.bytes = jsonBytes(root);
    if (pool) pool.bytes += this.bytes;
  }

  get size(): number {
    return this.bytes;
  }

  /** The client left: its share of the pool is free again. */
  release(): void {
    if (this.pool && !this.released) this.pool.bytes -= this.bytes;
    this.released = true;
  }

  /**
   * Sets `path` to a rendered value (which may still share objects with the message or the state: it
   * is measured, then copied). Returns why not, or undefined once written (or skipped because a
   * parent on the path is not an object, as always).
   */
  set(path: string[], rendered: unknown): string | undefined {
    const key = path.join('.');
    const value = this.accept(key, path.length, rendered);
    if (typeof value === 'string') return value;
    const place = this.locate(path);
    if (!place) return undefined;
    const delta = this.writeCost(path, place, value.bytes);
    const over = this.checkGrowth(key, delta);
    if (over) return over;
    this.write(path, place, value.copy(), delta);
    return undefined;
  }

  /** Adds a rendered number to the one at `path` (0 when there is none); a non-finite sum is not written. */
  add(path: string[], rendered: unknown): string | undefined {
    const place = this.locate(path);
    if (!place) return undefined;
    const leaf = path[path.length - 1];
    const current = place.from === path.length - 1 && hasOwn(place.node, leaf) ? place.node[leaf] : undefined;
    const sum = Number(current ?? 0) + Number(rendered ?? null);
    return Number.isFinite(sum) ? this.set(path, sum) : undefined;
  }

  /**
   * Appends `value` to the list at `path` (a new list replaces anything else there), then drops its
   * oldest items while it holds more than `maxItems` or the state is over its bound: the list is a
   * window. Refused only when the value could not fit even in an emptied list.
   */
  append(path: string[], rendered: unknown, maxItems: number): string | undefined {
    const key = path.join('.');
    const accepted = this.accept(key, path.length + 1, rendered);
    if (typeof accepted === 'string') return accepted;
    const valueBytes = accepted.bytes;
    const place = this.locate(path);
    if (!place) return undefined;
    const leaf = path[path.length - 1];
    const existing = place.from === path.length - 1 && hasOwn(place.node, leaf) ? place.node[leaf] : undefined;
    if (!Array.isArray(existing)) {
      // A new list, holding just this value.
      const delta = this.writeCost(path, place, valueBytes + 2);
      const over = this.checkGrowth(key, delta);
      if (over) return over;
      const list = [accepted.copy()];
      listBytes.set(list, valueBytes + 2);
      this.write(path, place, list, delta);
      return undefined;
    }
    const list = existing;
    const before = jsonBytes(list);
    const itemCost = valueBytes + 1;
    // Emptying the list is the most an append may do to make room.
    const over = this.checkGrowth(key, itemCost - (before - 2));
    if (over) return over;
    const allowed = (): number => Math.min(this.budget.limit - this.bytes, this.pool ? this.pool.limit - this.pool.bytes : Infinity);
    let freed = 0;
    let drop = 0;
    const mustFree = (): boolean => list.length - drop + 1 > maxItems || itemCost - freed > Math.max(0, allowed());
    while (drop < list.length && mustFree()) freed += jsonBytes(list[drop++]) + 1;
    if (drop) list.splice(0, drop);
    list.push(accepted.copy());
    const delta = itemCost - freed;
    listBytes.set(list, before + delta);
    this.grow(delta);
    return undefined;
  }

  /**
   * A rendered value as the state would keep it: not nested too deep, its bytes of JSON within what
   * one value may hold, and a copy made only once it passed. Or why not.
   */
  private accept(key: string, keyDepth: number, rendered: unknown): { bytes: number; copy: () => JsonValue } | string {
    const tooBig = (bytes: string): string => `the value for "${keyPreview(key)}" is ${bytes} bytes of JSON; one value may hold at most ${this.maxValueBytes} (limits.maxStateValueBytes)`;
    const early = tooDeepOrBig(rendered, MAX_STATE_DEPTH - keyDepth, this.maxValueBytes);
    if (early === 'deep') return `the value for "${keyPreview(key)}" is nested more than ${MAX_STATE_DEPTH} levels deep (counting the key's segments)`;
    if (early === 'big') return tooBig(`more than ${this.maxValueBytes}`);
    const json = rendered === undefined ? 'null' : JSON.stringify(rendered);
    const bytes = Buffer.byteLength(json);
    if (bytes > this.maxValueBytes) return tooBig(String(bytes));
    // A copy through JSON: the state must not share objects with a message or with other state.
    return { bytes, copy: () => JSON.parse(json) as JsonValue };
  }

  /** Refuses a write that would grow the state (or the pool) past its bound; shrinking always passes. */
  private checkGrowth(key: string, delta: number): string | undefined {
    if (delta <= 0) return undefined;
    const over = (bytes: number, b: Budget): string | undefined =>
      bytes + delta > b.limit ? `writing "${keyPreview(key)}" would make ${b.label} ${bytes + delta} bytes of JSON, over its limit of ${b.limit} (limits.${b.limitName})` : undefined;
    return over(this.bytes, this.budget) ?? (this.pool ? over(this.pool.bytes, this.pool) : undefined);
  }

  /** Walks the path's parents; undefined when one of them is a value other than an object (not written, as before). */
  private locate(path: string[]): Place | undefined {
    let node = this.root;
    for (let i = 0; i < path.length - 1; i++) {
      const next = hasOwn(node, path[i]) ? node[path[i]] : undefined;
      if (next === undefined || next === null) return { node, from: i };
      if (!isObject(next)) return undefined;
      node = next;
    }
    return { node, from: path.length - 1 };
  }

  /** Bytes the state grows by when `path` gets a value of `valueBytes`, creating the missing parents. */
  private writeCost(path: string[], place: Place, valueBytes: number): number {
    const leaf = path.length - 1;
    // What goes in at path[from]: the value, or new objects wrapping it.
    let inner = valueBytes;
    for (let i = leaf; i > place.from; i--) inner = 2 + entryOverhead(path[i]) + inner;
    const key = path[place.from];
    if (!hasOwn(place.node, key)) return entryOverhead(key) + inner;
    return inner - jsonBytes(place.node[key]);
  }

  private write(path: string[], place: Place, value: JsonValue, delta: number): void {
    let node = place.node;
    for (let i = place.from; i < path.length - 1; i++) {
      const next: Record<string, JsonValue> = {};
      node[path[i]] = next;
      node = next;
    }
    node[path[path.length - 1]] = value;
    this.grow(delta);
  }

  private grow(delta: number): void {
    this.bytes += delta;
    if (this.pool && !this.released) this.pool.bytes += delta;
  }
}
