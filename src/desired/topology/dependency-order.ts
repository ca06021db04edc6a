// A deterministic topological order: each item after the items it depends on, ties broken by
// id. Dependencies on ids that are not in the list are ignored (they exist already).

export function dependencyOrder<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  depsOf: (item: T) => readonly string[],
): readonly T[] {
  const byId = new Map(items.map((item) => [idOf(item), item]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const item of items) {
    const id = idOf(item);
    const deps = [...new Set(depsOf(item))].filter((d) => byId.has(d) && d !== id);
    waiting.set(id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
  }
  const ready = [...waiting].filter(([, n]) => n === 0).map(([id]) => id).sort();
  const out: T[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    out.push(byId.get(id) as T);
    const released: string[] = [];
    for (const d of dependents.get(id) ?? []) {
      const n = (waiting.get(d) ?? 0) - 1;
      waiting.set(d, n);
      if (n === 0) released.push(d);
    }
    if (released.length > 0) {
      ready.push(...released);
      ready.sort();
    }
  }
  if (out.length !== items.length) {
    const stuck = [...waiting].filter(([, n]) => n > 0).map(([id]) => id);
    throw new Error(`dependency cycle among: ${stuck.join(', ')}`);
  }
  return out;
}
