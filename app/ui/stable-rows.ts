// Rows rebuilt from live data keep their identity while their content is unchanged: Solid's <For>
// then keeps their elements, and with them the focus a keyboard or screen-reader user has inside a
// row, when a sync brings other records or re-sorts the table (focus is never lost to the page's start).

/** Plain data (strings, numbers, booleans, null, arrays, objects) compared by value. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** `next`, with each row equal to the previous row of its id replaced by that previous row (the same object). */
export function keepUnchanged<T extends { id: string }>(previous: readonly T[] | undefined, next: T[]): T[] {
  if (!previous || previous.length === 0) return next;
  const before = new Map(previous.map((row) => [row.id, row]));
  return next.map((row) => {
    const old = before.get(row.id);
    return old !== undefined && sameData(old, row) ? old : row;
  });
}
