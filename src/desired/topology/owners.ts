// Owner coordinates of per-tenant and per-cluster resources, built as plain literals, not as
// `{ ...ctx.owner, tenant }`: a spread that adds properties is slow, and compile makes several
// per resource (bench scenario 4: 101,000 resources).
import type { TenantClusterIdentity } from '../naming.js';
import type { Owner } from './resource.js';

/** The infra group of a resource that belongs to a whole cell (the tier's log group in the
 * cell's account, docs/design.md §11.1). No infra group has this name (names are DNS labels),
 * and it is never written to AWS: such a resource's tags name no infra group. */
export const CELL_WIDE = '*';

export function cellOwner(tier: string, cell: string): Owner {
  return { tier, cell, infraGroup: CELL_WIDE };
}

export type TenantOwner = Owner & { readonly tenant: string };
export type ClusterOwner = TenantOwner & { readonly clusterIndex: number };

export function tenantOwner(ig: Owner, tenant: string): TenantOwner {
  return { tier: ig.tier, cell: ig.cell, infraGroup: ig.infraGroup, tenant };
}

export function clusterOwnerOf(ig: Owner, tenant: string, clusterIndex: number): ClusterOwner {
  return { tier: ig.tier, cell: ig.cell, infraGroup: ig.infraGroup, tenant, clusterIndex };
}

/** The naming module's identity of a tenant's cluster. */
export function clusterIdentity(owner: ClusterOwner): TenantClusterIdentity {
  return { tier: owner.tier, cell: owner.cell, infraGroup: owner.infraGroup, tenant: owner.tenant, index: owner.clusterIndex };
}
