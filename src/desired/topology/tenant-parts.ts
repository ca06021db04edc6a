// The owner coordinates, keys and naming identities of one tenant in one infra group, built
// once and shared by every resource that names them, rather than rebuilt by each builder (bench
// scenario 4: 10,000 tenants). Sharing also makes a dependency's key the very string of the
// resource it names, so maps hash it once.
import type { Tenant } from '../model.js';
import type { TenantClusterIdentity } from '../naming.js';
import type { InfraGroupContext } from './context.js';
import { resourceKey } from './keys.js';
import type { AttrRef } from './resource.js';
import { attrRef } from './resource.js';
import type { ClusterOwner, TenantOwner } from './owners.js';
import { clusterIdentity, clusterOwnerOf, tenantOwner } from './owners.js';

export interface ClusterParts {
  readonly owner: ClusterOwner;
  readonly identity: TenantClusterIdentity;
  readonly targetGroupKey: string;
  readonly ecsClusterKey: string;
  readonly ecsServiceKey: string;
  /** Shared by the cluster's service and the tenant's rule. */
  readonly targetGroupArn: AttrRef;
  readonly ecsClusterArn: AttrRef;
}

export interface TenantParts {
  readonly tenant: Tenant;
  readonly owner: TenantOwner;
  readonly taskDefinitionKey: string;
  readonly listenerRuleKey: string;
  /** Shared by the services of every cluster. */
  readonly taskDefinitionArn: AttrRef;
  /** Cluster 1 first. */
  readonly clusters: readonly ClusterParts[];
}

export function tenantParts(ctx: InfraGroupContext, tenant: Tenant): TenantParts {
  const owner = tenantOwner(ctx.owner, tenant.name);
  const clusters: ClusterParts[] = [];
  for (let index = 1; index <= tenant.spec.clusters; index++) {
    const cluster = clusterOwnerOf(ctx.owner, tenant.name, index);
    const targetGroupKey = resourceKey('target-group', cluster);
    const ecsClusterKey = resourceKey('ecs-cluster', cluster);
    clusters.push({
      owner: cluster,
      identity: clusterIdentity(cluster),
      targetGroupKey,
      ecsClusterKey,
      ecsServiceKey: resourceKey('ecs-service', cluster),
      targetGroupArn: attrRef(targetGroupKey),
      ecsClusterArn: attrRef(ecsClusterKey),
    });
  }
  const taskDefinitionKey = resourceKey('task-definition', owner);
  return {
    tenant,
    owner,
    taskDefinitionKey,
    listenerRuleKey: resourceKey('listener-rule', owner),
    taskDefinitionArn: attrRef(taskDefinitionKey),
    clusters,
  };
}
