// Container environment values are often secrets (a DB_PASSWORD), and a plan lands in CI logs
// and pull-request comments. Unless the operator asks for values (`--show-values`), every
// printed plan shows environment changes by key with each value replaced by a short keyed
// hash: equal values get equal hashes within one output, so "changed" is told from "same",
// but the key is random per process, so a hash cannot be checked against a dictionary of
// likely passwords. ECS `secrets` print as they are: they hold ARNs, never the values.
import { createHmac, randomBytes } from 'node:crypto';
import type { Action, Change, Plan, PlanValue } from './action.js';
import { isUnknown } from './resolve.js';

/** A value printed in place of a sensitive one: `{"masked": "<8 hex>"}`. */
export interface MaskedValue {
  readonly masked: string;
}

export function isMasked(v: unknown): v is MaskedValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { masked?: unknown }).masked === 'string';
}

const SENSITIVE_FIELD = 'container.environment';

/** True for the whole environment and each of its variables. */
export function isSensitiveField(field: string): boolean {
  return field === SENSITIVE_FIELD || field.startsWith(`${SENSITIVE_FIELD}.`);
}

const PROCESS_KEY = randomBytes(32);

function maskValue(v: PlanValue, key: Uint8Array): PlanValue {
  if (v === null || isUnknown(v)) return v;
  if (typeof v === 'object' && !Array.isArray(v)) {
    return Object.fromEntries(Object.entries(v as Readonly<Record<string, PlanValue>>).map(([k, x]) => [k, maskValue(x, key)]));
  }
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return { masked: createHmac('sha256', key).update(text).digest('hex').slice(0, 8) };
}

function maskChanges(changes: readonly Change[], key: Uint8Array): readonly Change[] {
  if (!changes.some((c) => isSensitiveField(c.field))) return changes;
  return changes.map((c) => (isSensitiveField(c.field) ? { ...c, live: maskValue(c.live, key), desired: maskValue(c.desired, key) } : c));
}

/** The plan as it may be printed: sensitive values masked (`key`: tests pin it). */
export function maskSensitiveValues(plan: Plan, key: Uint8Array = PROCESS_KEY): Plan {
  const actions = plan.actions.map((a): Action => (a.action === 'update' || a.action === 'adopt' ? { ...a, changes: maskChanges(a.changes, key) } : a));
  return { ...plan, actions };
}
