// What references resolve to while a plan is applied: the attributes of resources that exist
// (from live state), overwritten by what creates and replacements of this apply returned, and
// the ids behind lookups. Dependencies guarantee a reference is only read after the action that
// produces it has succeeded.
import type { AttrRef, RefAttr, SpecValue } from '../desired/topology/resource.js';
import { isAttrRef, isLookupRef, lookupKey } from '../desired/topology/resource.js';
import type { LiveState } from '../plan/live-resource.js';

export type Attrs = Readonly<Partial<Record<RefAttr, string>>>;

/** Resolved spec data: references replaced with strings (or lists of ids). */
export type Resolved = string | number | boolean | readonly Resolved[] | { readonly [k: string]: Resolved };

export class UnresolvedReferenceError extends Error {
  readonly code = 'UnresolvedReference';
  constructor(what: string) {
    super(`reference ${what} has no value: the resource it names does not exist or did not report it`);
    this.name = 'UnresolvedReferenceError';
  }
}

export class AttrStore {
  private readonly attrs = new Map<string, Attrs>();

  constructor(private readonly lookups: ReadonlyMap<string, string | readonly string[]>) {}

  static fromLive(live: LiveState): AttrStore {
    const store = new AttrStore(live.lookups);
    for (const r of live.resources) if (r.ownership !== 'foreign') store.attrs.set(r.key, r.attrs);
    return store;
  }

  /** Records what a resource exposes now; later values win over earlier ones per attribute. */
  set(key: string, attrs: Attrs): void {
    this.attrs.set(key, { ...this.attrs.get(key), ...attrs });
  }

  get(key: string): Attrs | undefined {
    return this.attrs.get(key);
  }

  lookup(key: string): string | readonly string[] | undefined {
    return this.lookups.get(key);
  }

  attr(ref: AttrRef): string {
    const value = this.attrs.get(ref.ref)?.[ref.attr];
    if (value === undefined) throw new UnresolvedReferenceError(`${ref.ref}#${ref.attr}`);
    return value;
  }

  resolve(v: SpecValue): Resolved {
    if (isAttrRef(v)) return this.attr(v);
    if (isLookupRef(v)) {
      const key = lookupKey(v);
      const found = this.lookups.get(key);
      if (found === undefined) throw new UnresolvedReferenceError(key);
      return typeof found === 'string' ? found : [...found].sort();
    }
    if (Array.isArray(v)) return v.map((x: SpecValue) => this.resolve(x));
    if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolve(x)]));
    return v;
  }
}
