// Connection names are unique: the tree and the timeline tabs show only the name, so two
// connections to one URL (both named after it) looked the same. A taken name gets " (2)", " (3)"…
// Plain data and no `vscode` import: unit tests read it directly.

/** `name`, or `name (n)` with the smallest n ≥ 2 that no other connection uses. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  // "echo (2)" duplicated becomes "echo (3)", not "echo (2) (2)".
  const base = /^(.*) \(\d+\)$/.exec(name)?.[1] ?? name;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!used.has(candidate)) return candidate;
  }
}

/**
 * The same list with every name unique, earlier ones keeping theirs (a file written by hand or by
 * an older version may repeat a name).
 */
export function withUniqueNames<T extends { name: string }>(items: readonly T[]): T[] {
  const taken: string[] = [];
  return items.map((item) => {
    const name = uniqueName(item.name, taken);
    taken.push(name);
    return name === item.name ? item : { ...item, name };
  });
}
