// A foldable JSON view built from <details> elements: native keyboard support, and children are
// only built when a node is first opened, so a huge message costs nothing until explored.

import { h } from './dom';

const CHUNK = 500;

/** A number JSON.parse would round (past 2^53, or too many digits): shown as written. */
class ExactNumber {
  constructor(readonly text: string) {}
}

/**
 * JSON.parse that keeps numbers it cannot represent exactly as their source text, using the
 * reviver's `context.source` (V8 ≥ 11.4, so every current VS Code). A debugger must not show
 * an ID of 12345678901234567890 as 12345678901234567000.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, function (_key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && context?.source !== undefined && String(value) !== context.source) {
      const src = context.source;
      const exact = Number.isSafeInteger(value) || (Number.isFinite(value) && !/^-?\d{16,}/.test(src) && !/\.\d{16,}/.test(src));
      if (!exact) return new ExactNumber(src);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

export function jsonTree(value: unknown, openDepth = 2): HTMLElement {
  return h('div', { class: 'json-tree', 'data-testid': 'json-tree' }, node(undefined, value, 0, openDepth, true));
}

function scalar(value: unknown): HTMLElement {
  if (value === null) return h('span', { class: 'j-null' }, 'null');
  if (value instanceof ExactNumber) return h('span', { class: 'j-number', title: 'Shown exactly as sent (JavaScript numbers would round it)' }, value.text);
  switch (typeof value) {
    case 'string':
      return h('span', { class: 'j-string' }, JSON.stringify(value));
    case 'number':
      return h('span', { class: 'j-number' }, String(value));
    case 'boolean':
      return h('span', { class: 'j-bool' }, String(value));
    default:
      return h('span', null, String(value));
  }
}

function keyLabel(key: string | undefined): Array<HTMLElement | string> {
  return key === undefined ? [] : [h('span', { class: 'j-key' }, JSON.stringify(key)), h('span', { class: 'j-punct' }, ': ')];
}

function node(key: string | undefined, value: unknown, depth: number, openDepth: number, last: boolean): HTMLElement {
  const comma = last ? '' : ',';
  if (!value || typeof value !== 'object' || value instanceof ExactNumber) {
    return h('div', { class: 'j-line' }, ...keyLabel(key), scalar(value), h('span', { class: 'j-punct' }, comma));
  }
  const isArray = Array.isArray(value);
  const entries: Array<[string | undefined, unknown]> = isArray
    ? (value as unknown[]).map((v) => [undefined, v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return h('div', { class: 'j-line' }, ...keyLabel(key), h('span', { class: 'j-punct' }, open + close + comma));
  }
  const count = `${entries.length} ${isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}`;
  const children = h('div', { class: 'j-children' });
  const details = h('details', { class: 'j-node' },
    h('summary', { class: 'j-line' },
      ...keyLabel(key),
      h('span', { class: 'j-punct' }, open),
      h('span', { class: 'j-folded' }, ` … ${close}${comma} `, h('span', { class: 'j-count' }, count)),
    ),
    children,
    h('div', { class: 'j-line j-close' }, h('span', { class: 'j-punct' }, close + comma)),
  );
  let built = 0;
  const build = () => {
    const end = Math.min(entries.length, built + CHUNK);
    for (let i = built; i < end; i++) children.appendChild(node(entries[i][0], entries[i][1], depth + 1, openDepth, i === entries.length - 1));
    built = end;
    children.querySelector(':scope > .j-more')?.remove();
    if (built < entries.length) {
      const more = h('button', { class: 'j-more link-btn', type: 'button' }, `Show ${Math.min(CHUNK, entries.length - built)} more of ${entries.length - built} remaining`);
      more.addEventListener('click', build);
      children.appendChild(more);
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open && built === 0) build();
  });
  if (depth < openDepth) {
    build();
    details.open = true;
  }
  return details;
}
