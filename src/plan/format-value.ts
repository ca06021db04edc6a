// How plan values print in text and Markdown: short, on one line, unknowns spelled out.
import type { Action, PlanValue, ReadError } from './action.js';
import { isUnknown } from './resolve.js';
import { isMasked } from './sensitive-values.js';

export function formatValue(v: PlanValue | undefined): string {
  if (v === undefined || v === null) return '(none)';
  if (isUnknown(v)) return '(known after apply)';
  if (isMasked(v)) return `(masked #${v.masked})`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ')}}`;
}

/** The AWS identity an operator recognises: ARN, else id, else name. */
export function awsId(a: Pick<Action, 'aws'>): string {
  return a.aws.arn ?? a.aws.id ?? a.aws.name;
}

/** How plan, apply progress and logs name a resource: its kind and AWS identity, the cluster
 * index where a tenant has several (a service has the same name in each of its clusters). */
export function actionLabel(a: Pick<Action, 'kind' | 'aws' | 'owner'>): string {
  return `${a.kind} ${awsId(a)}${a.owner.clusterIndex !== undefined ? ` #${a.owner.clusterIndex}` : ''}`;
}

/** Where it belongs: `tier/cell/infraGroup[/tenant]`. */
export function ownerPath(owner: Action['owner']): string {
  return [owner.tier, owner.cell, owner.infraGroup, ...(owner.tenant !== undefined ? [owner.tenant] : [])].join('/');
}

export const MARKER: Readonly<Record<Action['action'], string>> = { create: '+', update: '~', delete: '-', adopt: '>' };

export function holdText(a: Action): string {
  if (a.hold === undefined) return '';
  switch (a.hold.reason) {
    case 'suspended':
      return ` [report-only: ${a.hold.scope} suspended]`;
    case 'deletion-guard':
      return ' [report-only: deletion guard]';
    case 'missing-reference':
      return ` [report-only: missing ${a.hold.lookups.join(', ')}]`;
    case 'blocked-by-conflict':
      return ` [report-only: blocked by conflict on ${a.hold.conflict}]`;
    case 'waits-for-held':
      return ` [report-only: waits for ${a.hold.action}]`;
  }
}

/** Why held actions wait, once per cause, in words ("tenant tyrell is suspended"). An action
 * waiting for another held action adds no cause of its own. */
export function heldCauses(actions: readonly Action[]): string[] {
  const causes = actions.flatMap((a): string[] => {
    switch (a.hold?.reason) {
      case undefined:
      case 'waits-for-held':
        return [];
      case 'suspended':
        return [a.hold.scope === 'tenant' ? `tenant ${a.owner.tenant ?? '?'} is suspended` : `tier ${a.owner.tier} is suspended`];
      case 'deletion-guard':
        return [`the deletion guard refused tier ${a.owner.tier}'s deletions`];
      case 'missing-reference':
        return [`tier ${a.owner.tier} misses resources it references (see its note)`];
      case 'blocked-by-conflict':
        return [`blocked by the conflict on ${a.hold.conflict}`];
    }
  });
  return [...new Set(causes)];
}

export interface SummaryInput {
  readonly summary: { create: number; update: number; delete: number; adopt: number; conflicts: number; held: number };
  /** The actions counted, to say why the held ones wait. */
  readonly actions: readonly Action[];
  /** Tiers whose live state could not be read: never "No changes" then. */
  readonly unreadTiers?: readonly string[];
}

export function summaryLine({ summary: s, actions, unreadTiers = [] }: SummaryInput): string {
  const total = s.create + s.update + s.delete + s.adopt;
  const held = s.held > 0 ? ` ${s.held} held: ${heldCauses(actions).join('; ')}.` : '';
  const unread =
    unreadTiers.length > 0
      ? `Plan incomplete: live state of ${unreadTiers.map((t) => `tier ${t}`).join(', ')} could not be read, so what apply would change there is unknown.`
      : '';
  if (total === 0 && s.conflicts === 0) return unread !== '' ? `${unread}${held}` : held === '' ? 'No changes: live state matches the manifests.' : `No changes.${held}`;
  const counts = `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.adopt} to adopt, ${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'}.${held}`;
  return unread !== '' ? `${counts} ${unread}` : counts;
}

/** One unread part of live state, for a line of output. */
export function readErrorText(e: ReadError): string {
  return `tier ${e.tier}${e.cell !== undefined ? ` cell ${e.cell}` : ''}: ${e.code !== undefined ? `${e.code}: ` : ''}${e.message}`;
}

export function unreadTiers(errors: readonly ReadError[] | undefined): string[] {
  return [...new Set((errors ?? []).map((e) => e.tier))].sort();
}
