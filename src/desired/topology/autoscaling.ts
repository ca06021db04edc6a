// Per autoscaled tenant cluster (docs/design.md §11.2): the Application Auto Scaling target of
// its ECS service's desired count, and one target-tracking policy on CPU and one on memory.
// Names are deterministic; the target is ours because the service it scales is (AWS can tag a
// target, moto keeps no tags, and the service's tags are already read), the policies because
// they sit on our target under our names.
import type { Autoscaling } from '../model.js';
import { clusterName, serviceName } from '../naming.js';
import { TAG } from '../tags.js';
import type { InfraGroupContext } from './context.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Spec } from './resource.js';
import type { ClusterParts } from './tenant-parts.js';

export const ECS_SCALABLE_DIMENSION = 'ecs:service:DesiredCount';

/** The tracked metrics, by the key suffix of their policy. */
export const SCALING_METRICS = {
  cpu: 'ECSServiceAverageCPUUtilization',
  memory: 'ECSServiceAverageMemoryUtilization',
} as const;
export type ScalingMetric = keyof typeof SCALING_METRICS;

/** `tiered-cpu`, `tiered-memory`: the names of our policies on a target. */
export function scalingPolicyName(metric: ScalingMetric): string {
  return `tiered-${metric}`;
}

/** The metric of one of our policy names, or undefined for a policy that is not ours. */
export function metricOfPolicyName(name: string): ScalingMetric | undefined {
  const m = /^tiered-(cpu|memory)$/.exec(name);
  return m === null ? undefined : (m[1] as ScalingMetric);
}

/** Application Auto Scaling's id of an ECS service: `service/{cluster}/{service}`. */
export function ecsResourceId(cluster: string, service: string): string {
  return ['service', cluster, service].join('/');
}

function policySpec(resourceId: string, metric: ScalingMetric, scaling: Autoscaling): Spec {
  return {
    policyName: scalingPolicyName(metric),
    resourceId,
    metric: SCALING_METRICS[metric],
    targetValue: metric === 'cpu' ? scaling.cpuTarget : scaling.memoryTarget,
    ...(scaling.scaleInCooldownSeconds !== undefined ? { scaleInCooldown: scaling.scaleInCooldownSeconds } : {}),
    ...(scaling.scaleOutCooldownSeconds !== undefined ? { scaleOutCooldown: scaling.scaleOutCooldownSeconds } : {}),
  };
}

/** The target and its two policies, after the service they scale. */
export function autoscalingResources(ctx: InfraGroupContext, cluster: ClusterParts, scaling: Autoscaling): DesiredResource[] {
  const { owner } = cluster;
  const resourceId = ecsResourceId(clusterName(cluster.identity), serviceName(cluster.identity));
  const targetKey = resourceKey('scalable-target', owner);
  const target: DesiredResource = {
    kind: 'scalable-target',
    key: targetKey,
    owner,
    scope: ctx.scope,
    identity: { name: resourceId },
    tags: ownershipTags(ctx.instanceId, 'scalable-target', owner),
    spec: { resourceId, scalableDimension: ECS_SCALABLE_DIMENSION, minCapacity: scaling.minCapacity, maxCapacity: scaling.maxCapacity },
    dependsOn: [cluster.ecsServiceKey],
  };
  const policies = (Object.keys(SCALING_METRICS) as ScalingMetric[]).map((metric): DesiredResource => ({
    kind: 'scaling-policy',
    key: resourceKey('scaling-policy', owner, metric),
    owner,
    scope: ctx.scope,
    identity: { name: [resourceId, scalingPolicyName(metric)].join('|') },
    tags: ownershipTags(ctx.instanceId, 'scaling-policy', owner, { [TAG.scalingMetric]: metric }),
    spec: policySpec(resourceId, metric, scaling),
    dependsOn: [targetKey],
  }));
  return [target, ...policies];
}
