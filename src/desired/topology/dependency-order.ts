// A deterministic topological order: each item after the items it depends on, ties broken by
// id. Dependencies on ids that are not in the list are ignored (they exist already).
// The ready items wait in a min-heap, since re-sorting a ready list on every release is
// quadratic. Items are numbered by their id's rank once, so the heap and the counters work on
// integers in flat typed arrays, not on long string keys in maps; the ids are ranked with the
// engine's own string sort, not a comparator (bench scenario 4 orders 101,000 items).
import { BinaryHeap } from '../placement/binary-heap.js';

export function dependencyOrder<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  depsOf: (item: T) => readonly string[],
): readonly T[] {
  const n = items.length;
  const ids = items.map(idOf);
  // The default sort orders strings by UTF-16 code units, as `<` does.
  const sorted = ids.slice().sort();
  // The last item of an id wins, as a Map built from the list would have it.
  const rankOf = new Map<string, number>();
  for (let rank = 0; rank < n; rank++) rankOf.set(sorted[rank] as string, rank);
  const itemOf = new Array<T>(n);
  const counted = new Uint8Array(n);
  const rankOfItem = new Int32Array(n);
  const waiting = new Int32Array(n);
  // Edges dependency -> dependent, as (from, to) pairs, grouped by `from` below.
  let from: number[] = [];
  let to: number[] = [];
  for (let i = 0; i < n; i++) {
    const item = items[i] as T;
    const rank = rankOf.get(ids[i] as string) as number;
    rankOfItem[i] = rank;
    itemOf[rank] = item;
    counted[rank] = 1;
    const deps = depsOf(item);
    let count = 0;
    for (let j = 0; j < deps.length; j++) {
      const d = deps[j] as string;
      const dep = rankOf.get(d);
      // Lists are short: an indexOf finds a repeated dependency without a Set per item.
      if (dep === undefined || dep === rank || deps.indexOf(d) < j) continue;
      count++;
      from.push(dep);
      to.push(rank);
    }
    waiting[rank] = count;
  }
  // Dependents of each rank, in the order the edges were found: start[r]..start[r+1] in `edges`.
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) {
    const f = (from[e] as number) + 1;
    start[f] = (start[f] as number) + 1;
  }
  for (let r = 0; r < n; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
  const fill = start.slice(0, n);
  const edges = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    const f = from[e] as number;
    const at = fill[f] as number;
    edges[at] = to[e] as number;
    fill[f] = at + 1;
  }
  from = [];
  to = [];
  const ready = new BinaryHeap<number>((a, b) => a < b);
  for (let rank = 0; rank < n; rank++) if (counted[rank] === 1 && waiting[rank] === 0) ready.push(rank);
  const out: T[] = [];
  for (let rank = ready.pop(); rank !== undefined; rank = ready.pop()) {
    out.push(itemOf[rank] as T);
    for (let e = start[rank] as number; e < (start[rank + 1] as number); e++) {
      const d = edges[e] as number;
      const left = (waiting[d] as number) - 1;
      waiting[d] = left;
      if (left === 0) ready.push(d);
    }
  }
  if (out.length !== n) {
    const stuck: string[] = [];
    for (let rank = 0; rank < n; rank++) if (counted[rank] === 1 && (waiting[rank] as number) > 0) stuck.push(sorted[rank] as string);
    throw new Error(`dependency cycle among: ${stuck.join(', ')}`);
  }
  return out;
}
