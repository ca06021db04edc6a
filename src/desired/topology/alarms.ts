// Per tenant cluster (docs/design.md §11.3): the CloudWatch alarms of the article's Step 5, with
// its thresholds as defaults — the service's MemoryUtilization above 70 % (warning) and 85 %
// (critical); the target group's TargetResponseTime above twice the tenant's baseline, its
// target 5XX count, and its unhealthy hosts. Names are deterministic and start with a prefix per
// cell, so one DescribeAlarms by prefix finds a cell's alarms 100 a page; the tags (with the
// alarm's id) make them ours. Actions are the tier's SNS topics per severity, never created.
import type { Alarms } from '../model.js';
import { clusterName, serviceName } from '../naming.js';
import { TAG } from '../tags.js';
import type { InfraGroupContext } from './context.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Spec, SpecValue } from './resource.js';
import type { ClusterParts, TenantParts } from './tenant-parts.js';

export const ALARM_IDS = ['memory-warning', 'memory-critical', 'latency', 'target-5xx', 'unhealthy-hosts'] as const;
export type AlarmId = (typeof ALARM_IDS)[number];

/** `{instance}/{tier}/{cell}/`: every alarm of a tier's cell starts with it. */
export function alarmNamePrefix(instanceId: string, tier: string, cell: string): string {
  return [instanceId, tier, cell, ''].join('/');
}

/** `{instance}/{tier}/{cell}/{infraGroup}/{tenant}/{cluster}/{alarm}`. */
export function alarmName(instanceId: string, cluster: ClusterParts, id: AlarmId): string {
  const o = cluster.owner;
  return [instanceId, o.tier, o.cell, o.infraGroup, o.tenant, String(o.clusterIndex), id].join('/');
}

interface Definition {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly threshold: number;
  readonly severity: 'warning' | 'critical';
  readonly dimensions: Spec;
}

function definitions(ctx: InfraGroupContext, cluster: ClusterParts, alarms: Alarms, baselineMs: number): Record<AlarmId, Definition> {
  const service: Spec = { ClusterName: clusterName(cluster.identity), ServiceName: serviceName(cluster.identity) };
  // Both ARNs, resolved; the reconciler sends the suffixes CloudWatch's dimensions take.
  const targetGroup: Spec = { TargetGroup: cluster.targetGroupArn, LoadBalancer: ctx.loadBalancerArn };
  const ecs = (threshold: number, severity: Definition['severity']): Definition =>
    ({ namespace: 'AWS/ECS', metricName: 'MemoryUtilization', statistic: 'Average', threshold, severity, dimensions: service });
  const alb = (metricName: string, statistic: string, threshold: number, severity: Definition['severity']): Definition =>
    ({ namespace: 'AWS/ApplicationELB', metricName, statistic, threshold, severity, dimensions: targetGroup });
  return {
    'memory-warning': ecs(alarms.memoryWarningPercent, 'warning'),
    'memory-critical': ecs(alarms.memoryCriticalPercent, 'critical'),
    // TargetResponseTime is in seconds.
    latency: alb('TargetResponseTime', 'Average', Math.round(alarms.latencyFactor * baselineMs) / 1000, 'warning'),
    'target-5xx': alb('HTTPCode_Target_5XX_Count', 'Sum', alarms.target5xxCount, 'critical'),
    'unhealthy-hosts': alb('UnHealthyHostCount', 'Maximum', alarms.unhealthyHosts, 'critical'),
  };
}

export function alarmResources(ctx: InfraGroupContext, parts: TenantParts, cluster: ClusterParts): DesiredResource[] {
  const alarms = parts.tenant.spec.alarms;
  if (!alarms.enabled) return [];
  const defs = definitions(ctx, cluster, alarms, parts.tenant.spec.workload.latencyBaselineMs);
  return ALARM_IDS.map((id): DesiredResource => {
    const d = defs[id];
    const name = alarmName(ctx.instanceId, cluster, id);
    const actions: SpecValue = [...alarms.actions[d.severity]].sort();
    return {
      kind: 'alarm',
      key: resourceKey('alarm', cluster.owner, id),
      owner: cluster.owner,
      scope: ctx.scope,
      identity: { name },
      tags: ownershipTags(ctx.instanceId, 'alarm', cluster.owner, { [TAG.alarm]: id }),
      spec: {
        name,
        namespace: d.namespace,
        metricName: d.metricName,
        statistic: d.statistic,
        dimensions: d.dimensions,
        periodSeconds: alarms.periodSeconds,
        evaluationPeriods: alarms.evaluationPeriods,
        threshold: d.threshold,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        actions,
      },
      dependsOn: d.namespace === 'AWS/ECS' ? [cluster.ecsServiceKey] : [cluster.targetGroupKey, ctx.loadBalancerKey],
    };
  });
}
