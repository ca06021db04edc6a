// The fewest read calls AWS's batch limits allow for one full observe of a built tier (issue 6,
// scenario 1), and the fewest mutating calls that build it from empty (scenario 3), both as
// pure functions of the desired topology. Derivation (docs/observe.md; docs/aws-behaviour.md §4):
// - one tagging sweep per cell in pages of 100 (GetResources ResourcesPerPage ≤ 100) over the
//   resources the Tagging API lists: ALBs, target groups, ECS clusters, services, task
//   definitions, log groups;
// - DescribeLogGroups by name prefix, one per log group (a prefix that is a whole name matches
//   that group, one page of ≤ 50); its tags come from the sweep;
// - DescribeScalableTargets by the resource ids of the ECS services, 50 a call (every service is
//   asked: a target left behind by removed autoscaling must be found); DescribeScalingPolicies of
//   the namespace, 10 a page, once any target is found;
// - DescribeAlarms by the cell's name prefix, 100 a page (one page when there is none);
// - DescribeListeners takes one ALB; DescribeRules one listener (≤ 100 rules by quota: 1 page);
// - DescribeTags for listeners and rules, which the sweep does not give, 20 ARNs a call;
// - DescribeLoadBalancers 20 ARNs, DescribeTargetGroups a page of 400 listed per account,
//   DescribeClusters 100 a call, DescribeServices ONE cluster (≤ 10 services) a call,
//   ListTaskDefinitions 100 a page, DescribeVpcEndpoints one page, one Describe of each of VPCs,
//   subnets and security groups per cell (every referenced Name in one filter);
// - DNS: the zone looked up once, ListResourceRecordSets in pages of 300;
// - AssumeRole once per cell role.
import type { DesiredTopology, ResourceKind } from '../src/desired/topology/resource.js';

export type OperationCounts = Readonly<Record<string, number>>;

/** Resource kinds the Tagging API lists (what one sweep returns). */
const SWEPT: readonly ResourceKind[] = ['load-balancer', 'target-group', 'ecs-cluster', 'ecs-service', 'task-definition', 'log-group', 'alarm'];

export const AWS_PAGE = {
  getResources: 100, describeByArn: 20, targetGroupPage: 400, describeClusters: 100, listTaskDefinitions: 100, recordSets: 300,
  scalableTargets: 50, scalingPolicies: 10, alarms: 100,
} as const;

const pages = (n: number, size: number): number => Math.ceil(n / size);

/** Resources per kind in each cell account, and DNS records (aliases and ownership TXT) per zone. */
export interface TopologyShape {
  readonly accounts: ReadonlyMap<string, Readonly<Partial<Record<ResourceKind, number>>>>;
  /** Records (aliases and ownership TXT) per hosted zone. */
  readonly zones: ReadonlyMap<string, number>;
  /** Per zone: aliases, and the characters of the ownership TXT values (the batch limits). */
  readonly dnsBatches: ReadonlyMap<string, { readonly aliases: number; readonly txtChars: number }>;
}

export function shapeOf(topology: DesiredTopology): TopologyShape {
  const accounts = new Map<string, Partial<Record<ResourceKind, number>>>();
  const zones = new Map<string, number>();
  const dnsBatches = new Map<string, { aliases: number; txtChars: number }>();
  for (const r of topology.resources) {
    if (r.scope.kind === 'zone') {
      const zone = JSON.stringify(r.scope.zone);
      zones.set(zone, (zones.get(zone) ?? 0) + 1);
      const batch = dnsBatches.get(zone) ?? { aliases: 0, txtChars: 0 };
      if (r.kind === 'dns-ownership') batch.txtChars += typeof r.spec['value'] === 'string' ? r.spec['value'].length : 0;
      else batch.aliases += 1;
      dnsBatches.set(zone, batch);
      continue;
    }
    const counts = accounts.get(r.scope.account) ?? {};
    counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    accounts.set(r.scope.account, counts);
  }
  return { accounts, zones, dnsBatches };
}

function add(into: Record<string, number>, operation: string, n: number): void {
  if (n > 0) into[operation] = (into[operation] ?? 0) + n;
}

/** Tagged resources one cell's sweep returns. */
export function sweptIn(counts: Readonly<Partial<Record<ResourceKind, number>>>): number {
  return SWEPT.reduce((sum, kind) => sum + (counts[kind] ?? 0), 0);
}

/**
 * The read floor per operation. `targetGroupPage` is 400 for AWS's listing floor; tiered
 * describes a cell's target groups by ARN, 20 a call, while the sweep finds at most 400 of them
 * (exact, and the same code serves scoped passes), and lists the account in pages of 400 above
 * that (src/live/observe-elbv2.ts): up to 400 a cell, its own count is `targetGroupPage: 20`.
 */
export function readFloor(shape: TopologyShape, options: { readonly targetGroupPage?: number } = {}): OperationCounts {
  const out: Record<string, number> = {};
  for (const counts of shape.accounts.values()) {
    const n = (kind: ResourceKind): number => counts[kind] ?? 0;
    add(out, 'AssumeRole', 1);
    add(out, 'GetResources', Math.max(1, pages(sweptIn(counts), AWS_PAGE.getResources)));
    add(out, 'DescribeLoadBalancers', pages(n('load-balancer'), AWS_PAGE.describeByArn));
    add(out, 'DescribeListeners', n('load-balancer'));
    add(out, 'DescribeRules', n('listener'));
    add(out, 'DescribeTags', pages(n('listener') + n('listener-rule'), AWS_PAGE.describeByArn));
    add(out, 'DescribeTargetGroups', pages(n('target-group'), options.targetGroupPage ?? AWS_PAGE.targetGroupPage));
    add(out, 'DescribeClusters', pages(n('ecs-cluster'), AWS_PAGE.describeClusters));
    // One service per cluster here; the API takes one cluster and ≤ 10 services per call.
    add(out, 'DescribeServices', n('ecs-cluster'));
    add(out, 'ListTaskDefinitions', pages(n('task-definition'), AWS_PAGE.listTaskDefinitions));
    add(out, 'DescribeVpcEndpoints', 1);
    add(out, 'DescribeLogGroups', n('log-group'));
    add(out, 'DescribeScalableTargets', pages(n('ecs-service'), AWS_PAGE.scalableTargets));
    if (n('scalable-target') > 0) add(out, 'DescribeScalingPolicies', Math.max(1, pages(n('scaling-policy'), AWS_PAGE.scalingPolicies)));
    add(out, 'DescribeAlarms', Math.max(1, pages(n('alarm'), AWS_PAGE.alarms)));
    for (const op of ['DescribeVpcs', 'DescribeSubnets', 'DescribeSecurityGroups']) add(out, op, 1);
  }
  for (const records of shape.zones.values()) {
    add(out, 'ListHostedZonesByName', 1);
    add(out, 'ListResourceRecordSets', pages(records, AWS_PAGE.recordSets));
  }
  return out;
}

/** The calls that create a resource of each kind, and the service whose rate limits each counts
 * against: one create, except a target group, whose deregistration delay is set and then
 * recorded in a tag (CreateTargetGroup takes no attributes; docs/aws-behaviour.md §17). */
export const CREATE_CALLS: Readonly<Partial<Record<ResourceKind, readonly { readonly operation: string; readonly service: 'elbv2' | 'ecs' | 'ec2' | 'logs' | 'application-autoscaling' | 'cloudwatch' }[]>>> = {
  'load-balancer': [{ operation: 'CreateLoadBalancer', service: 'elbv2' }],
  listener: [{ operation: 'CreateListener', service: 'elbv2' }],
  'listener-rule': [{ operation: 'CreateRule', service: 'elbv2' }],
  'target-group': [
    { operation: 'CreateTargetGroup', service: 'elbv2' },
    { operation: 'ModifyTargetGroupAttributes', service: 'elbv2' },
    { operation: 'AddTags', service: 'elbv2' },
  ],
  'ecs-cluster': [{ operation: 'CreateCluster', service: 'ecs' }],
  'ecs-service': [{ operation: 'CreateService', service: 'ecs' }],
  'task-definition': [{ operation: 'RegisterTaskDefinition', service: 'ecs' }],
  'interface-endpoint': [{ operation: 'CreateVpcEndpoint', service: 'ec2' }],
  // CreateLogGroup takes no retention: PutRetentionPolicy follows each.
  'log-group': [
    { operation: 'CreateLogGroup', service: 'logs' },
    { operation: 'PutRetentionPolicy', service: 'logs' },
  ],
  'scalable-target': [{ operation: 'RegisterScalableTarget', service: 'application-autoscaling' }],
  'scaling-policy': [{ operation: 'PutScalingPolicy', service: 'application-autoscaling' }],
  alarm: [{ operation: 'PutMetricAlarm', service: 'cloudwatch' }],
};

/** The fewest mutating calls that build a cell account's share of the topology. */
export function accountCreateCalls(counts: Readonly<Partial<Record<ResourceKind, number>>>): OperationCounts {
  const out: Record<string, number> = {};
  for (const [kind, n] of Object.entries(counts) as [ResourceKind, number][]) {
    for (const call of CREATE_CALLS[kind] ?? []) add(out, call.operation, n);
  }
  return out;
}

/** The fewest ChangeResourceRecordSets for a zone: its ownership TXT records first and the
 * aliases after them, each packed into as few calls as Route 53's limits allow (1,000 records,
 * 32,000 characters of values per request). GetChange is not counted: it is not a change. */
export function zoneChangeCalls(batch: { readonly aliases: number; readonly txtChars: number }): number {
  return pages(batch.txtChars, 32_000) + pages(batch.aliases, 1000);
}

/** The mutating calls that build the topology from empty, summed over its accounts and zones. */
export function coldConvergeCalls(shape: TopologyShape): OperationCounts {
  const out: Record<string, number> = {};
  for (const counts of shape.accounts.values()) {
    for (const [op, n] of Object.entries(accountCreateCalls(counts))) add(out, op, n);
  }
  for (const batch of shape.dnsBatches.values()) add(out, 'ChangeResourceRecordSets', zoneChangeCalls(batch));
  return out;
}

export function total(counts: OperationCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
