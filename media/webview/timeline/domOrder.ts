// Puts a parent's children in a given order while moving as few of them as possible. The list keeps
// its recycled rows in the DOM in the order they appear on screen (screen readers and "the last row"
// go by DOM order), and a moved element costs a restyle, so a wheel step moves only the rows that
// wrapped around and a scrollbar jump, which rewrites rows in place, moves none.

/**
 * Afterwards `parent`'s children are exactly `wanted`, in that order. Children that are not wanted
 * must have been removed before; wanted elements elsewhere (or nowhere) are inserted.
 */
export function orderChildren(parent: Element, wanted: readonly Element[]): void {
  const current = new Map<Element, number>();
  let i = 0;
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) current.set(c, i++);
  const stay = longestIncreasing(wanted.map((el) => current.get(el) ?? -1));
  // From the end, so each element is placed before one already where it belongs.
  let next: Element | null = null;
  for (let k = wanted.length - 1; k >= 0; k--) {
    const el = wanted[k];
    if (!stay[k]) parent.insertBefore(el, next);
    next = el;
  }
}

/**
 * Marks a longest strictly increasing subsequence of the non-negative values (negative = "not there
 * yet", never kept). Patience sorting: O(n log n).
 */
export function longestIncreasing(values: readonly number[]): boolean[] {
  const keep = values.map(() => false);
  /** tails[l] = index of the smallest last value of an increasing run of length l + 1. */
  const tails: number[] = [];
  const prev = new Array<number>(values.length).fill(-1);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1];
    tails[lo] = k;
  }
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = prev[k]) keep[k] = true;
  return keep;
}
