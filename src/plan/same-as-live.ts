// The no-op test of the diff: is a live spec what the desired one resolves to, field by field,
// with arrays in the same order? A no-op pass asks it of every resource (101,000 at 10,000
// tenants, bench scenario 4), so it walks the desired spec and the live one side by side and
// resolves each reference where it stands, allocating no resolved copy. True means compareSpecs
// finds no change (it is sameInOrder on every field of the resolved spec); false says nothing,
// and the caller resolves and compares in full, so the plan is the same as without this test.
import type { LookupRef, SpecValue } from '../desired/topology/resource.js';
import { isAttrRef, isLookupRef, lookupKey } from '../desired/topology/resource.js';
import type { KnownAttrs } from './resolve.js';

/** What live state says a lookup resolved to, as resolveValue gives it (lists sorted), or
 * undefined when it is missing. Kept per lookup object: compile shares one per infra group. */
export class LookupValues {
  private readonly byRef = new Map<LookupRef, string | readonly string[] | undefined>();

  constructor(private readonly lookups: ReadonlyMap<string, string | readonly string[]>) {}

  get(ref: LookupRef): string | readonly string[] | undefined {
    if (this.byRef.has(ref)) return this.byRef.get(ref);
    const found = this.lookups.get(lookupKey(ref));
    const value = found === undefined || typeof found === 'string' ? found : [...found].sort();
    this.byRef.set(ref, value);
    return value;
  }
}

function sameValue(v: SpecValue, live: unknown, known: KnownAttrs, lookups: LookupValues): boolean {
  if (typeof v !== 'object') return v === live;
  if (typeof live !== 'object' || live === null) {
    // A reference resolves to a string (or a list, which is an object): compare that.
    if (isAttrRef(v)) return live !== undefined && known.get(v.ref)?.[v.attr] === live;
    if (isLookupRef(v)) return live !== undefined && lookups.get(v) === live;
    return false;
  }
  if (isAttrRef(v)) return false;
  if (isLookupRef(v)) {
    const found = lookups.get(v);
    if (typeof found !== 'object' || !Array.isArray(live) || found.length !== live.length) return false;
    for (let i = 0; i < found.length; i++) if (found[i] !== live[i]) return false;
    return true;
  }
  if (Array.isArray(v)) {
    if (!Array.isArray(live) || v.length !== live.length) return false;
    for (let i = 0; i < v.length; i++) if (!sameValue(v[i] as SpecValue, live[i], known, lookups)) return false;
    return true;
  }
  if (Array.isArray(live)) return false;
  return sameFields(v as Readonly<Record<string, SpecValue>>, live as Readonly<Record<string, unknown>>, true, known, lookups);
}

function sameFields(
  desired: Readonly<Record<string, SpecValue>>,
  live: Readonly<Record<string, unknown>>,
  exactKeys: boolean,
  known: KnownAttrs,
  lookups: LookupValues,
): boolean {
  let count = 0;
  for (const k in desired) {
    count++;
    if (!Object.hasOwn(live, k) || !sameValue(desired[k] as SpecValue, live[k], known, lookups)) return false;
  }
  if (!exactKeys) return true;
  let liveCount = 0;
  for (const k in live) if (Object.hasOwn(live, k)) liveCount++;
  return liveCount === count;
}

/** True when `live` holds exactly what `desired` resolves to in every field tiered sets (the
 * top level compares only the desired fields, as compareSpecs does). */
export function sameAsLive(
  desired: Readonly<Record<string, SpecValue>>,
  live: Readonly<Record<string, SpecValue>>,
  known: KnownAttrs,
  lookups: LookupValues,
): boolean {
  return sameFields(desired, live, false, known, lookups);
}
