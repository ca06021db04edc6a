// Why a tenant could not be placed, and what an operator can do about it (docs/design.md §5.3). Every
// sentence names the tier, the pin or the limit involved, so the report is actionable alone.
import {
  DIMENSIONS,
  DIMENSION_LABEL,
  LIMIT_FIELD,
  tenantDemand,
  type Capacity,
  type CellLoad,
  type Dimension,
  type TenantSize,
} from './capacity.js';
import { QUOTA_DEFINITIONS, TENANT_QUOTAS, type TenantQuota } from '../account-quotas.js';
import type { CandidatePool, Scope } from './placement-pool.js';

export interface Explanation {
  readonly reason: string;
  readonly remedy: string;
}

export function unknownTier(tier: string): Explanation {
  return {
    reason: `tier ${tier} is not defined`,
    remedy: `add a Tier named ${tier}, or fix spec.tier`,
  };
}

export function invalidClusters(clusters: number): Explanation {
  return {
    reason: `spec.clusters is ${clusters}; a tenant needs a whole number of clusters, at least 1`,
    remedy: 'set spec.clusters to a whole number from 1 to 5',
  };
}

export function tooManyClusters(clusters: number, capacity: Capacity): Explanation {
  const most = capacity.targetGroupsPerRule;
  return {
    reason:
      `needs ${clusters} clusters, but one listener rule forwards to at most ${most} ` +
      'target groups (limits.targetGroupsPerRule)',
    remedy: `lower spec.clusters to ${most} or fewer`,
  };
}

/** The pin's own words, e.g. "infra group cell-1/ig-2". */
function pinText(scope: Scope): string {
  if (scope.infraGroup === undefined) return `cell ${scope.cell ?? ''}`;
  const cell = scope.cell === undefined ? '' : `${scope.cell}/`;
  return `infra group ${cell}${scope.infraGroup}`;
}

/** No infra group matches the scope at all. */
export function noCandidates(scope: Scope, cellExists: boolean): Explanation {
  const { tier, cell, infraGroup } = scope;
  if (cell === undefined && infraGroup === undefined) {
    return { reason: `${tier} has no infra groups`, remedy: `add an InfraGroup to ${tier}` };
  }
  if (cell !== undefined && !cellExists) {
    return {
      reason: `pinned to cell ${cell}, which is not a cell of ${tier}`,
      remedy: `fix spec.placement.cell, or add a Cell ${cell} to ${tier}`,
    };
  }
  if (infraGroup === undefined) {
    return {
      reason: `pinned to cell ${cell}, which has no infra groups in ${tier}`,
      remedy: `add an InfraGroup to cell ${cell} of ${tier}, or remove spec.placement.cell`,
    };
  }
  const where = cell === undefined ? tier : `cell ${cell} of ${tier}`;
  return {
    reason: `pinned to ${pinText(scope)}, which is not an infra group of ${tier}`,
    remedy: `fix spec.placement.infraGroup, or add an InfraGroup ${infraGroup} to ${where}`,
  };
}

/** Every infra group of the scope is too full for a tenant of `size`. */
export function allFull(pool: CandidatePool, size: TenantSize, capacity: Capacity): Explanation {
  const { clusters } = size;
  const demand = tenantDemand(clusters);
  const blocking = new Set<Dimension>();
  const quotaBlocking = new Set<TenantQuota>();
  const cells = new Set<CellLoad>();
  let withinLimits = false;
  for (const load of pool.members) {
    for (const d of load.blockedBy(demand)) blocking.add(d);
    for (const q of load.cell.quotaBlockedBy(size.quota)) quotaBlocking.add(q);
    cells.add(load.cell);
    withinLimits ||= load.fitsWithinLimits(demand, size.quota);
  }
  const quotaFigures = TENANT_QUOTAS.filter((q) => quotaBlocking.has(q)).map((q) => {
    let used = 0;
    let placeable = 0;
    for (const cell of cells) {
      used += cell.quotaUsed[q];
      placeable += cell.quota.placeable[q];
    }
    const d = QUOTA_DEFINITIONS[q];
    return `${d.name} (${d.serviceCode} ${d.quotaCode}): ${used}/${placeable} ${d.label} placeable in the cells' shares, needs ${size.quota[q]}`;
  });
  const figures = DIMENSIONS.filter((d) => blocking.has(d)).map((d) => {
    let used = 0;
    for (const load of pool.members) used += load.used[d];
    const placeable = capacity.placeable[d] * pool.members.length;
    const needs = d === 'targetGroups' && clusters > 1 ? `, needs ${clusters}` : '';
    return `${DIMENSION_LABEL[d]} ${used}/${placeable} placeable${needs}`;
  });
  const { scope } = pool;
  const n = pool.members.length;
  const only = pool.members[0];
  let full: string;
  let place: string;
  if (scope.cell === undefined && scope.infraGroup === undefined) {
    full = `${n} of ${n} infra groups of ${scope.tier} are full`;
    place = `add an InfraGroup to ${scope.tier}`;
  } else if (scope.infraGroup === undefined) {
    full = `pinned to cell ${scope.cell}: ${n} of ${n} infra groups of cell ${scope.cell} in ${scope.tier} are full`;
    place = `add an InfraGroup to cell ${scope.cell} of ${scope.tier}, or remove spec.placement.cell`;
  } else {
    full =
      n === 1 && only !== undefined
        ? `pinned to infra group ${only.key.cell}/${only.key.infraGroup} of ${scope.tier}, which is full`
        : `pinned to ${pinText(scope)}: ${n} of ${n} infra groups named ${scope.infraGroup} in ${scope.tier} are full`;
    place = 'pin spec.placement.infraGroup to another infra group, or remove the pin';
  }
  const remedies = [place];
  if (quotaBlocking.size > 0) {
    const quotas = TENANT_QUOTAS.filter((q) => quotaBlocking.has(q));
    const codes = quotas.map((q) => `${QUOTA_DEFINITIONS[q].quotaCode} (spec.quotas.${q} of the Cell)`).join(' or ');
    remedies.push(`add a Cell (another account) to ${scope.tier}`, `raise ${codes} in Service Quotas`);
  }
  if (blocking.size > 0) {
    const fields = DIMENSIONS.filter((d) => blocking.has(d)).map((d) => `limits.${LIMIT_FIELD[d]}`);
    remedies.push(`raise ${fields.join(' or ')}`);
  }
  if (withinLimits && capacity.headroomPercent > 0) {
    remedies.push(`lower limits.headroomPercent (${capacity.headroomPercent})`);
  }
  return { reason: `${full} (${[...quotaFigures, ...figures].join('; ')})`, remedy: remedies.join(', or ') };
}
