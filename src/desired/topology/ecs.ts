// Per tenant cluster: the dedicated ECS cluster and the one Fargate service running in it,
// registered in the cluster's target group.
import { clusterName, serviceName } from '../naming.js';
import type { InfraGroupContext } from './context.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Spec } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';
import { CONTAINER_NAME } from './task-definitions.js';
import type { ClusterParts, TenantParts } from './tenant-parts.js';

export function ecsCluster(ctx: InfraGroupContext, cluster: ClusterParts): DesiredResource {
  const { owner } = cluster;
  const name = clusterName(cluster.identity);
  return {
    kind: 'ecs-cluster',
    key: cluster.ecsClusterKey,
    owner,
    scope: ctx.scope,
    identity: { name },
    tags: ownershipTags(ctx.instanceId, 'ecs-cluster', owner),
    spec: { name },
    dependsOn: NO_DEPENDENCIES,
  };
}

export function ecsService(ctx: InfraGroupContext, parts: TenantParts, cluster: ClusterParts): DesiredResource {
  const { owner } = cluster;
  const w = parts.tenant.spec.workload;
  const clusterKey = cluster.ecsClusterKey;
  const tgKey = cluster.targetGroupKey;
  const taskDefKey = parts.taskDefinitionKey;
  const ruleKey = parts.listenerRuleKey;
  const name = serviceName(cluster.identity);
  const spec: Spec = {
    name,
    launchType: 'FARGATE',
    taskDefinition: parts.taskDefinitionArn,
    // With autoscaling declared the count belongs to the autoscaler: not set, not compared.
    ...(w.autoscaling === undefined ? { desiredCount: w.desiredCount } : {}),
    network: ctx.serviceNetwork,
    deploymentCircuitBreaker: ctx.circuitBreaker,
    loadBalancer: {
      targetGroupArn: cluster.targetGroupArn,
      containerName: CONTAINER_NAME,
      containerPort: w.port,
    },
  };
  return {
    kind: 'ecs-service',
    key: cluster.ecsServiceKey,
    owner,
    scope: ctx.scope,
    identity: { name, parent: cluster.ecsClusterArn },
    tags: ownershipTags(ctx.instanceId, 'ecs-service', owner),
    spec,
    // The target group must sit behind the listener (through the rule) before ECS accepts it.
    dependsOn: [clusterKey, taskDefKey, tgKey, ruleKey],
    // A new autoscaled service starts at its floor; from then on the count is the autoscaler's.
    ...(w.autoscaling !== undefined ? { createWith: { desiredCount: w.autoscaling.minCapacity } } : {}),
  };
}
