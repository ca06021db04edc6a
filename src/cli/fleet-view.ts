// `tiered get`'s rows: the manifests joined with what a plan session read from AWS, one row per
// tenant, infra group or tier, each with the state an operator acts on. Pure.
import type { ManifestSet, Tenant } from '../desired/model.js';
import { infraGroupKeyString } from '../desired/model.js';
import { tenantDnsName } from '../desired/naming.js';
import type { TierPlan } from '../engine/plan-tier.js';
import type { Action, Conflict } from '../plan/action.js';
import type { TiedLiveResource } from '../plan/live-resource.js';
import type { ServiceStatus } from './service-status.js';

/** `unknown`: the tier's live state could not be read. */
export type TenantState = 'in-sync' | 'drift' | 'moving' | 'unschedulable' | 'suspended' | 'unknown';

export interface TenantRow {
  readonly tenant: string;
  readonly tier: string;
  /** null while unplaced (unschedulable) or unknown. */
  readonly cell: string | null;
  readonly infraGroup: string | null;
  readonly clusters: { readonly desired: number; readonly live: number | null };
  /** Summed over the tenant's ECS services; null when they could not be read. */
  readonly tasks: { readonly desired: number; readonly running: number } | null;
  readonly state: TenantState;
  /** Why the state (what drifts, why unschedulable, what could not be read). */
  readonly reason: string | null;
  readonly dnsName: string;
  /** `cluster/service` of each live service. */
  readonly services: readonly string[];
}

export interface InfraGroupRow {
  readonly infraGroup: string;
  readonly tier: string;
  readonly cell: string;
  readonly tenants: string;
  readonly targetGroups: string;
  readonly rules: string;
  readonly loadBalancer: string | null;
  readonly state: 'in-sync' | 'drift' | 'unknown';
}

export interface TierRow {
  readonly tier: string;
  readonly region: string;
  readonly cells: number;
  readonly infraGroups: number;
  readonly tenants: number;
  /** Changes apply would make, conflicts included; null when unknown. */
  readonly drift: number | null;
  readonly unschedulable: number | null;
  readonly state: 'in-sync' | 'drift' | 'suspended' | 'unknown';
}

function ours(plan: Extract<TierPlan, { ok: true }>): TiedLiveResource[] {
  return plan.observation.live.resources.filter((r): r is TiedLiveResource => r.ownership === 'ours');
}

function changes(actions: readonly Action[]): Action[] {
  return actions.filter((a) => a.hold === undefined);
}

function tenantState(tenant: Tenant, plan: Extract<TierPlan, { ok: true }>, suspendedTier: boolean): { state: TenantState; reason: string | null } {
  if (suspendedTier || tenant.spec.suspend) return { state: 'suspended', reason: `${suspendedTier ? 'tier' : 'tenant'} is suspended` };
  const unschedulable = plan.plan.unschedulable.find((u) => u.tenant === tenant.name);
  if (unschedulable !== undefined) return { state: 'unschedulable', reason: `${unschedulable.reason} (remedy: ${unschedulable.remedy})` };
  const mine = changes(plan.plan.actions.filter((a) => a.owner.tenant === tenant.name));
  const conflicts = plan.plan.conflicts.filter((c: Conflict) => c.owner.tenant === tenant.name);
  const made = new Set(mine.filter((a) => a.action === 'create').map((a) => `${a.owner.cell}/${a.owner.infraGroup}`));
  const gone = new Set(mine.filter((a) => a.action === 'delete').map((a) => `${a.owner.cell}/${a.owner.infraGroup}`));
  if ([...made].some((ig) => !gone.has(ig)) && [...gone].some((ig) => !made.has(ig))) {
    return { state: 'moving', reason: `from ${[...gone].join(', ')} to ${[...made].join(', ')}` };
  }
  if (mine.length + conflicts.length > 0) {
    const verbs = new Map<string, number>();
    for (const a of mine) verbs.set(a.action, (verbs.get(a.action) ?? 0) + 1);
    if (conflicts.length > 0) verbs.set('conflict', conflicts.length);
    return { state: 'drift', reason: [...verbs].map(([v, n]) => `${n} to ${v}`).join(', ') };
  }
  return { state: 'in-sync', reason: null };
}

export function tenantRows(set: ManifestSet, tiers: readonly TierPlan[], services: ReadonlyMap<string, ServiceStatus>): TenantRow[] {
  const rows: TenantRow[] = [];
  for (const t of tiers) {
    const tierDoc = set.tiers.find((x) => x.name === t.tier);
    if (tierDoc === undefined) continue;
    for (const tenant of set.tenants.filter((x) => x.spec.tier === t.tier).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const base = { tenant: tenant.name, tier: t.tier, dnsName: tenantDnsName(tenant.name, tierDoc.spec.dns.endpoint) };
      if (!t.ok) {
        const reason = t.errors.map((e) => `${e.code !== undefined ? `${e.code}: ` : ''}${e.message}`)[0] ?? null;
        rows.push({ ...base, cell: null, infraGroup: null, clusters: { desired: tenant.spec.clusters, live: null }, tasks: null, state: 'unknown', reason, services: [] });
        continue;
      }
      const home = t.placement.placements.find((p) => p.tenant === tenant.name)?.infraGroups[0];
      const live = ours(t).filter((r) => r.owner.tenant === tenant.name);
      const liveServices = live.filter((r) => r.kind === 'ecs-service');
      const statuses = liveServices.map((s) => services.get(s.aws.arn ?? ''));
      const read = statuses.every((s) => s !== undefined);
      const { state, reason } = tenantState(tenant, t, tierDoc.spec.suspend);
      rows.push({
        ...base,
        cell: home?.cell ?? null,
        infraGroup: home?.infraGroup ?? null,
        clusters: { desired: tenant.spec.clusters, live: live.filter((r) => r.kind === 'ecs-cluster').length },
        tasks: read
          ? { desired: statuses.reduce((n, s) => n + (s?.desired ?? 0), 0), running: statuses.reduce((n, s) => n + (s?.running ?? 0), 0) }
          : null,
        state,
        reason,
        services: liveServices.map((s) => `${s.aws.parentArn?.split('/').pop() ?? '?'}/${s.aws.name}`).sort(),
      });
    }
  }
  return rows;
}

function usage(u: { used: number; limit: number }): string {
  return `${u.used}/${u.limit}`;
}

export function infraGroupRows(set: ManifestSet, tiers: readonly TierPlan[]): InfraGroupRow[] {
  return tiers.flatMap((t): InfraGroupRow[] => {
    const groups = set.infraGroups.filter((ig) => ig.spec.tier === t.tier);
    if (!t.ok) {
      return groups.map((ig) => ({ infraGroup: ig.name, tier: t.tier, cell: ig.spec.cell, tenants: '?', targetGroups: '?', rules: '?', loadBalancer: null, state: 'unknown' }));
    }
    const live = ours(t);
    return groups.map((ig) => {
      const key = { tier: t.tier, cell: ig.spec.cell, infraGroup: ig.name };
      const fill = t.placement.fill.find((f) => infraGroupKeyString(f.key) === infraGroupKeyString(key));
      const at = (o: { cell: string; infraGroup: string }) => o.cell === ig.spec.cell && o.infraGroup === ig.name;
      const alb = live.find((r) => r.kind === 'load-balancer' && at(r.owner));
      const drifting = changes(t.plan.actions).some((a) => at(a.owner)) || t.plan.conflicts.some((c) => at(c.owner));
      return {
        infraGroup: ig.name,
        tier: t.tier,
        cell: ig.spec.cell,
        tenants: fill !== undefined ? usage(fill.tenants) : '?',
        targetGroups: fill !== undefined ? usage(fill.targetGroups) : '?',
        rules: fill !== undefined ? usage(fill.rules) : '?',
        loadBalancer: alb?.aws.name ?? null,
        state: drifting ? 'drift' : 'in-sync',
      };
    });
  });
}

export function tierRows(set: ManifestSet, tiers: readonly TierPlan[]): TierRow[] {
  return tiers.flatMap((t): TierRow[] => {
    const doc = set.tiers.find((x) => x.name === t.tier);
    if (doc === undefined) return [];
    const counts = {
      tier: t.tier,
      region: doc.spec.region,
      cells: set.cells.filter((c) => c.spec.tier === t.tier).length,
      infraGroups: set.infraGroups.filter((c) => c.spec.tier === t.tier).length,
      tenants: set.tenants.filter((c) => c.spec.tier === t.tier).length,
    };
    if (!t.ok) return [{ ...counts, drift: null, unschedulable: null, state: 'unknown' }];
    const drift = changes(t.plan.actions).length + t.plan.conflicts.length;
    const state = doc.spec.suspend ? 'suspended' : drift > 0 ? 'drift' : 'in-sync';
    return [{ ...counts, drift, unschedulable: t.plan.unschedulable.length, state }];
  });
}
