// One pass's moves of one tier (docs/moves.md): find them, decide a step for each, from live
// state, the gate and the clock. The gate's reads (DescribeTargetHealth) are made only for a
// made destination of a tenant that is not suspended, and never for a refused move.
import { hash } from 'node:crypto';
import type { AwsClientFactory } from '../../aws/clients.js';
import type { ManifestSet, Tenant, Tier } from '../../desired/model.js';
import { infraGroupKeyString, migrationOf } from '../../desired/model.js';
import type { PlacementResult } from '../../desired/placement/placement-types.js';
import type { DesiredTopology } from '../../desired/topology/resource.js';
import { made } from './apply-decisions.js';
import { ALIAS_TTL_SECONDS, decideMove } from './decide.js';
import { checkGate } from './gate.js';
import type { GateResult, MoveCandidate, MoveDecision, MoveReport } from './move-types.js';

export interface MoveOptions {
  /** `--retry-move`: retry moves rolled back at the tenant's current revision. */
  readonly retryMove?: boolean;
  /** Seconds after the last shift before the source goes, besides the bake: the alias TTL
   * (60 s for an ALB); local AWS runs may shorten it. */
  readonly ttlSeconds?: number;
}

/** A short hash of the tenant's manifest: a rolled-back move is retried once it changes. */
export function tenantRevision(tenant: Tenant): string {
  return hash('sha256', JSON.stringify(tenant.spec), 'hex').slice(0, 12);
}

/** Why the destination tier cannot serve the tenant as its source did, if it cannot: a tier
 * move must keep the downstreams the tenant reaches. */
export function cannotServe(c: MoveCandidate, tiers: ReadonlyMap<string, Tier>): string | undefined {
  if (c.from.tier === c.to.tier) return undefined;
  const src = tiers.get(c.from.tier);
  const dst = tiers.get(c.to.tier);
  if (src === undefined || dst === undefined) return undefined;
  const have = new Set(dst.spec.downstreams.map((d) => d.serviceName));
  const missing = src.spec.downstreams.filter((d) => !have.has(d.serviceName)).map((d) => d.name);
  return missing.length === 0 ? undefined : `${dst.name} has no endpoint to ${missing.join(', ')}, which the tenant reaches in ${src.name}`;
}

export function refusedReport(c: MoveCandidate, steps: readonly number[], reason: string): MoveReport {
  return {
    tenant: c.tenant, tier: c.tier, from: infraGroupKeyString(c.from), to: infraGroupKeyString(c.to), state: 'refused',
    step: 0, steps, weights: { from: 0, to: 0 }, reason, manifest: c.manifest,
  };
}

/** The refusals placement made (a full destination, a pin to nowhere), as move reports. */
export function placementRefusals(placement: PlacementResult, tenants: ReadonlyMap<string, Tenant>, tier: Tier): MoveReport[] {
  return (placement.refusedMoves ?? []).flatMap((r) => {
    const t = tenants.get(r.tenant);
    if (t === undefined) return [];
    const from = r.from[0];
    return [{
      tenant: r.tenant, tier: r.tier, from: from === undefined ? '' : infraGroupKeyString(from), to: '', state: 'refused' as const,
      step: 0, steps: migrationOf(tier, t).steps, weights: { from: 0, to: 0 }, reason: `${r.reason}; ${r.remedy}`, manifest: t.source,
    }];
  });
}

export interface DecideAllInput {
  readonly set: ManifestSet;
  readonly tier: Tier;
  readonly candidates: readonly MoveCandidate[];
  readonly slots: ReadonlySet<string>;
  readonly desired: DesiredTopology;
  readonly factory: AwsClientFactory;
  readonly now: number;
  readonly options: MoveOptions;
}

export async function decideAll(input: DecideAllInput): Promise<MoveDecision[]> {
  const { set, tier, now, options } = input;
  const tenants = new Map(set.tenants.map((t) => [t.name, t]));
  const cells = new Map(set.cells.filter((c) => c.spec.tier === tier.name).map((c) => [c.name, c]));
  const out: MoveDecision[] = [];
  for (const c of input.candidates) {
    const tenant = tenants.get(c.tenant);
    if (tenant === undefined) continue;
    const migration = migrationOf(tier, tenant);
    const suspended = tier.spec.suspend || tenant.spec.suspend;
    const isMade = made(input.desired, c);
    const slot = input.slots.has(c.tenant);
    let gate: GateResult | undefined;
    const cell = cells.get(c.to.cell);
    if (isMade && !suspended && cell !== undefined && (slot || c.dest.length > 0) && c.source.some((r) => r.kind === 'dns-record')) {
      gate = await checkGate(c, tenant.spec.clusters, input.factory.clients({ region: tier.spec.region, roleArn: cell.spec.roleArn }).elbv2);
    }
    out.push(decideMove({
      candidate: c, migration, now, revision: tenantRevision(tenant), retry: options.retryMove === true, slot, made: isMade,
      ...(gate !== undefined ? { gate } : {}), suspended, ttlSeconds: options.ttlSeconds ?? ALIAS_TTL_SECONDS,
    }));
  }
  return out;
}
