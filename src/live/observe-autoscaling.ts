// A cell's Application Auto Scaling share of a tier (docs/design.md §11.2), read after its ECS
// services: the scalable targets of those services by resource id (50 a call), then the
// scaling policies — in a full pass every ECS policy of the account, 10 a page (fewer calls
// than one per target once there are more than ten targets' worth), in a scoped pass those of
// each target found. A target takes its service's owner and ownership: it scales that service
// and nothing else. Our policies are the ones named tiered-cpu/tiered-memory on such a target;
// others are left alone and not reported.
import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { AutoscalingApi } from '../aws/autoscaling.js';
import { ecsResourceId, metricOfPolicyName } from '../desired/topology/autoscaling.js';
import { resourceKey } from '../desired/topology/keys.js';
import type { LiveResource, TiedLiveResource } from '../plan/live-resource.js';

function clusterNameOfArn(arn: string | undefined): string | undefined {
  return arn?.split(':cluster/')[1];
}

function targetResource(t: ScalableTarget, service: TiedLiveResource): LiveResource {
  const resourceId = t.ResourceId ?? '';
  return {
    kind: 'scalable-target',
    account: service.account,
    aws: { name: resourceId, ...(t.ScalableTargetARN !== undefined ? { arn: t.ScalableTargetARN } : {}) },
    tags: {},
    spec: { resourceId, scalableDimension: t.ScalableDimension ?? '', minCapacity: t.MinCapacity ?? 0, maxCapacity: t.MaxCapacity ?? 0 },
    attrs: t.ScalableTargetARN !== undefined ? { arn: t.ScalableTargetARN } : {},
    ownership: service.ownership,
    key: resourceKey('scalable-target', service.owner),
    owner: service.owner,
  };
}

function policyResource(p: ScalingPolicy, service: TiedLiveResource): LiveResource | undefined {
  const metric = metricOfPolicyName(p.PolicyName ?? '');
  if (metric === undefined) return undefined;
  const c = p.TargetTrackingScalingPolicyConfiguration;
  const resourceId = p.ResourceId ?? '';
  return {
    kind: 'scaling-policy',
    account: service.account,
    aws: { name: [resourceId, p.PolicyName].join('|'), ...(p.PolicyARN !== undefined ? { arn: p.PolicyARN } : {}) },
    tags: {},
    spec: {
      policyName: p.PolicyName ?? '',
      resourceId,
      metric: c?.PredefinedMetricSpecification?.PredefinedMetricType ?? '',
      targetValue: c?.TargetValue ?? 0,
      ...(c?.ScaleInCooldown !== undefined ? { scaleInCooldown: c.ScaleInCooldown } : {}),
      ...(c?.ScaleOutCooldown !== undefined ? { scaleOutCooldown: c.ScaleOutCooldown } : {}),
    },
    attrs: p.PolicyARN !== undefined ? { arn: p.PolicyARN } : {},
    ownership: service.ownership,
    key: resourceKey('scaling-policy', service.owner, metric),
    owner: service.owner,
  };
}

export async function observeAutoscaling(api: AutoscalingApi, ecs: readonly LiveResource[], scoped: boolean): Promise<LiveResource[]> {
  const services = new Map<string, TiedLiveResource>();
  for (const r of ecs) {
    const cluster = clusterNameOfArn(r.aws.parentArn);
    if (r.kind === 'ecs-service' && r.ownership !== 'foreign' && cluster !== undefined) services.set(ecsResourceId(cluster, r.aws.name), r);
  }
  if (services.size === 0) return [];
  const out: LiveResource[] = [];
  const targets = await api.describeScalableTargets([...services.keys()].sort());
  for (const t of targets) {
    const service = services.get(t.ResourceId ?? '');
    if (service !== undefined && t.ScalableDimension === 'ecs:service:DesiredCount') out.push(targetResource(t, service));
  }
  if (out.length === 0) return out;
  const policies: ScalingPolicy[] = [];
  if (scoped) for (const t of out) policies.push(...(await api.describeScalingPolicies(t.aws.name)));
  else policies.push(...(await api.describeScalingPolicies()));
  for (const p of policies) {
    const service = services.get(p.ResourceId ?? '');
    const live = service === undefined ? undefined : policyResource(p, service);
    if (live !== undefined) out.push(live);
  }
  return out;
}
