// Paging and batching shapes shared by the service wrappers: AWS read APIs either hand back a
// continuation token or cap how many identifiers one call may name. The wrappers hide both and
// return flat arrays, so callers count results, not pages.

/** Splits `items` into consecutive runs of at most `size` (the per-call limit of an API). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface Page<T, Token> {
  readonly items: readonly T[] | undefined;
  /** The token for the next page; undefined (or empty) when this was the last page. */
  readonly next: Token | undefined;
}

/** Calls `fetch` with the previous page's token until no token comes back, concatenating the
 * items. `stop` may end early once the caller has seen enough (checked after each page). */
export async function collectPages<T, Token>(
  fetch: (token: Token | undefined) => Promise<Page<T, Token>>,
  stop?: (items: readonly T[]) => boolean,
): Promise<T[]> {
  const all: T[] = [];
  let token: Token | undefined;
  do {
    const page = await fetch(token);
    const items = page.items ?? [];
    all.push(...items);
    token = page.next === '' ? undefined : page.next;
    if (stop !== undefined && stop(items)) break;
  } while (token !== undefined);
  return all;
}

/** Runs one call per chunk, one after another (read budgets are per account: a burst of
 * parallel describes only earns throttles), and concatenates the results. */
export async function collectChunks<I, T>(
  ids: readonly I[],
  size: number,
  fetch: (chunk: I[]) => Promise<readonly T[]>,
): Promise<T[]> {
  const all: T[] = [];
  for (const chunk of chunks(ids, size)) all.push(...(await fetch(chunk)));
  return all;
}
