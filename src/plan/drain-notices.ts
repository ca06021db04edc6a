// What a plan says about drains and decommissions (docs/drain-and-decommission.md): a drained
// infra group's tenants still to leave and those that cannot, an emptied one being deleted, a
// tier being decommissioned. Notices, not holds: the plan's actions carry the work itself.
import { infraGroupKeyString } from '../desired/model.js';
import type { PlacementResult } from '../desired/placement/placement-types.js';
import type { TierPolicy } from '../desired/topology/resource.js';
import type { TierNotice } from './action.js';

export function drainNotices(placement: Pick<PlacementResult, 'draining'> | undefined, tiers: readonly TierPolicy[]): TierNotice[] {
  const notices: TierNotice[] = [];
  for (const t of tiers) {
    if (t.decommissioned === true) {
      notices.push({ tier: t.tier, message: 'decommissioning: every resource tiered owns for this tier is deleted; referenced VPCs, subnets, zones and roles are kept' });
    }
  }
  for (const d of placement?.draining ?? []) {
    const id = infraGroupKeyString(d.key);
    if (d.hosting.length === 0) {
      notices.push({ tier: d.key.tier, message: `drained ${id} (${d.source}) hosts no tenant: its listener, ALB, endpoints and tier record are deleted; then its manifest can be removed` });
      continue;
    }
    notices.push({ tier: d.key.tier, message: `draining ${id} (${d.source}): ${d.hosting.length} tenant${d.hosting.length === 1 ? '' : 's'} still there (${d.hosting.join(', ')})` });
    for (const r of d.refused) notices.push({ tier: r.tier, message: `${r.tenant} ${r.reason}; ${r.remedy}` });
  }
  return notices;
}
