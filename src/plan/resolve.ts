// Replace the symbolic references of a desired spec with what live state knows: ARNs of
// resources that exist (and are not being replaced), ids behind Name tags. What is not known
// yet stays as `{ knownAfterApply }`.
import type { RefAttr, SpecValue } from '../desired/topology/resource.js';
import { isAttrRef, isLookupRef, lookupKey } from '../desired/topology/resource.js';
import type { PlanValue } from './action.js';

/** Attributes of each resource key that exists and keeps its identity through this plan. */
export interface KnownAttrs {
  get(key: string): Readonly<Partial<Record<RefAttr, string>>> | undefined;
}

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
  if (typeof v !== 'object') return v;
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
  // Every desired field of every resource passes here on each plan (bench scenario 4): a
  // value without references is returned as it is (specs are read-only), so only the path to
  // a reference is copied.
  if (Array.isArray(v)) {
    let out: PlanValue[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as SpecValue;
      const r = resolveValue(x, ctx);
      if (out === undefined && r !== x) out = (v as readonly PlanValue[]).slice(0, i);
      out?.push(r);
    }
    return out ?? (v as readonly PlanValue[]);
  }
  let out: Record<string, PlanValue> | undefined;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const x = (v as Readonly<Record<string, SpecValue>>)[k] as SpecValue;
    const r = resolveValue(x, ctx);
    if (out === undefined && r !== x) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = (v as Readonly<Record<string, PlanValue>>)[keys[j] as string] as PlanValue;
    }
    if (out !== undefined) out[k] = r;
  }
  return out ?? (v as Readonly<Record<string, PlanValue>>);
}
