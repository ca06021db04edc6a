// Replace the symbolic references of a desired spec with what live state knows: ARNs of
// resources that exist (and are not being replaced), ids behind Name tags. What is not known
// yet stays as `{ knownAfterApply }`.
import type { RefAttr, SpecValue } from '../desired/topology/resource.js';
import { isAttrRef, isLookupRef, lookupKey } from '../desired/topology/resource.js';
import type { PlanValue } from './action.js';

/** Attributes of each resource key that exists and keeps its identity through this plan. */
export type KnownAttrs = ReadonlyMap<string, Readonly<Partial<Record<RefAttr, string>>>>;

export interface ResolveContext {
  readonly known: KnownAttrs;
  readonly lookups: ReadonlyMap<string, string | readonly string[]>;
  /** Collects the lookup keys that live state could not resolve. */
  readonly missingLookups: Set<string>;
}

export function isUnknown(v: unknown): v is { readonly knownAfterApply: string } {
  return typeof v === 'object' && v !== null && typeof (v as { knownAfterApply?: unknown }).knownAfterApply === 'string';
}

export function resolveValue(v: SpecValue, ctx: ResolveContext): PlanValue {
  if (isAttrRef(v)) {
    const value = ctx.known.get(v.ref)?.[v.attr];
    return value ?? { knownAfterApply: `${v.ref}#${v.attr}` };
  }
  if (isLookupRef(v)) {
    const key = lookupKey(v);
    const found = ctx.lookups.get(key);
    if (found === undefined) {
      ctx.missingLookups.add(key);
      return { knownAfterApply: key };
    }
    return typeof found === 'string' ? found : [...found].sort();
  }
  if (Array.isArray(v)) return v.map((x: SpecValue) => resolveValue(x, ctx));
  if (typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveValue(x as SpecValue, ctx)]));
  }
  return v as string | number | boolean;
}
