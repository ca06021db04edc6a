// Whether two listener rules route some of the same requests: a rule tiered does not own that
// matches a tenant's path, host or header value takes (or shares) that tenant's traffic, so it
// collides with the tenant's rule even at another priority (docs/design.md §8.1: foreign
// resources in the same listener are reported as conflicts, never modified).
import type { PlanValue } from './action.js';

type Conditions = { readonly [field: string]: PlanValue };

function strings(v: PlanValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function intersects(a: readonly string[], b: readonly string[], fold: (s: string) => string = (s) => s): boolean {
  const set = new Set(a.map(fold));
  return b.some((x) => set.has(fold(x)));
}

function header(v: PlanValue | undefined): { name: string; values: string[] } | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || 'knownAfterApply' in v) return undefined;
  const fields = v as Conditions;
  const name = fields['name'];
  return typeof name === 'string' ? { name, values: strings(fields['values']) } : undefined;
}

const lower = (s: string) => s.toLowerCase();

/** True when a request matching `desired` on one of its values would also match `live`. Path
 * patterns are case-sensitive in ALB, host names and header names are not. */
export function routesOverlap(desired: Conditions, live: Conditions): boolean {
  if (intersects(strings(desired['pathPattern']), strings(live['pathPattern']))) return true;
  if (intersects(strings(desired['hostHeader']), strings(live['hostHeader']), lower)) return true;
  const d = header(desired['httpHeader']);
  const l = header(live['httpHeader']);
  return d !== undefined && l !== undefined && lower(d.name) === lower(l.name) && intersects(d.values, l.values);
}
