// Per tenant cluster: the dedicated ECS cluster and the one Fargate service running in it,
// registered in the cluster's target group.
import { clusterName, serviceName } from '../naming.js';
import type { Tenant } from '../model.js';
import type { InfraGroupContext } from './context.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Spec } from './resource.js';
import { attrRef } from './resource.js';
import { clusterOwner } from './target-groups.js';
import { CONTAINER_NAME } from './task-definitions.js';
import { clusterIdentity, tenantOwner } from './owners.js';

export function ecsCluster(ctx: InfraGroupContext, tenant: Tenant, index: number): DesiredResource {
  const owner = clusterOwner(ctx, tenant, index);
  const name = clusterName(clusterIdentity(owner));
  return {
    kind: 'ecs-cluster',
    key: resourceKey('ecs-cluster', owner),
    owner,
    scope: ctx.scope,
    identity: { name },
    tags: ownershipTags(ctx.instanceId, 'ecs-cluster', owner),
    spec: { name },
    dependsOn: [],
  };
}

export function ecsService(ctx: InfraGroupContext, tenant: Tenant, index: number): DesiredResource {
  const owner = clusterOwner(ctx, tenant, index);
  const w = tenant.spec.workload;
  const clusterKey = resourceKey('ecs-cluster', owner);
  const tgKey = resourceKey('target-group', owner);
  const ofTenant = tenantOwner(ctx.owner, tenant.name);
  const taskDefKey = resourceKey('task-definition', ofTenant);
  const ruleKey = resourceKey('listener-rule', ofTenant);
  const name = serviceName(clusterIdentity(owner));
  const spec: Spec = {
    name,
    launchType: 'FARGATE',
    taskDefinition: attrRef(taskDefKey),
    // With autoscaling declared the count belongs to the autoscaler: not set, not compared.
    ...(w.autoscaling === undefined ? { desiredCount: w.desiredCount } : {}),
    network: {
      subnets: ctx.subnetIds,
      securityGroups: ctx.securityGroupIds,
      assignPublicIp: 'DISABLED',
    },
    loadBalancer: {
      targetGroupArn: attrRef(tgKey),
      containerName: CONTAINER_NAME,
      containerPort: w.port,
    },
  };
  return {
    kind: 'ecs-service',
    key: resourceKey('ecs-service', owner),
    owner,
    scope: ctx.scope,
    identity: { name, parent: attrRef(clusterKey) },
    tags: ownershipTags(ctx.instanceId, 'ecs-service', owner),
    spec,
    // The target group must sit behind the listener (through the rule) before ECS accepts it.
    dependsOn: [clusterKey, taskDefKey, tgKey, ruleKey],
  };
}
