// Rollout health (docs/design.md §11.4): which of our ECS services did not end up running what
// was asked. A service whose primary deployment FAILED (the circuit breaker stopped it, and
// rolled it back if so configured), or is still IN_PROGRESS past the tier's bound, makes its
// tier's pass degraded rather than applied: "converged" means running, not merely requested.
// Pure: the clock is an argument.
import type { Owner } from '../desired/topology/resource.js';
import type { LiveResource } from './live-resource.js';

export interface DegradedService {
  readonly tier: string;
  readonly tenant: string;
  readonly key: string;
  /** The service's name and cluster, as AWS knows them. */
  readonly service: string;
  readonly state: 'FAILED' | 'IN_PROGRESS';
  /** ECS's latest event for the service, else the deployment's rollout reason. */
  readonly message: string;
}

/** Minutes after which an unfinished deployment is degraded, per tier. */
export type StuckBound = (tier: string) => number;

export function degradedServices(live: readonly LiveResource[], now: number, stuckAfterMinutes: StuckBound): DegradedService[] {
  const out: DegradedService[] = [];
  for (const r of live) {
    if (r.kind !== 'ecs-service' || r.ownership !== 'ours' || r.rollout === undefined) continue;
    const { state, startedAt, reason, event } = r.rollout;
    const owner: Owner = r.owner;
    const minutes = (now - Date.parse(startedAt)) / 60_000;
    const stuck = state === 'IN_PROGRESS' && minutes > stuckAfterMinutes(owner.tier);
    if (state !== 'FAILED' && !stuck) continue;
    const cluster = r.aws.parentArn?.split(':cluster/')[1] ?? '';
    out.push({
      tier: owner.tier,
      tenant: owner.tenant ?? '',
      key: r.key,
      service: `${cluster}/${r.aws.name}`,
      state: stuck ? 'IN_PROGRESS' : 'FAILED',
      message: stuck ? `deployment in progress for ${Math.floor(minutes)} minutes: ${event ?? reason}` : (event ?? reason),
    });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
