// Which concurrency lane (AWS service) each resource kind's calls go to, and how many actions
// of a lane run at once by default, in each account: AWS rate-limits every account on its own,
// so that a cell backing off from its throttled bucket does not idle the other cells' slots
// (docs/aws-behaviour.md §2). Route 53 records do not hold a lane slot while queued:
// the zone batcher bounds Route 53 calls itself (`route53` = calls in flight).
import type { ResourceKind } from '../desired/topology/resource.js';

export type Lane = 'elbv2' | 'ecs' | 'ec2' | 'route53' | 'logs' | 'autoscaling' | 'cloudwatch';

const LANE_OF: Readonly<Record<ResourceKind, Lane>> = {
  'load-balancer': 'elbv2',
  listener: 'elbv2',
  'target-group': 'elbv2',
  'listener-rule': 'elbv2',
  'ecs-cluster': 'ecs',
  'task-definition': 'ecs',
  'ecs-service': 'ecs',
  'interface-endpoint': 'ec2',
  'dns-record': 'route53',
  'dns-ownership': 'route53',
  'log-group': 'logs',
  'scalable-target': 'autoscaling',
  'scaling-policy': 'autoscaling',
  alarm: 'cloudwatch',
};

export function laneOf(kind: ResourceKind): Lane {
  return LANE_OF[kind];
}

export const DEFAULT_LANE_CONCURRENCY: Readonly<Record<Lane, number>> = {
  elbv2: 4,
  ecs: 4,
  ec2: 2,
  route53: 1,
  logs: 2,
  autoscaling: 2,
  cloudwatch: 2,
};

/** Queued DNS actions only wait in the batcher; they must all be able to queue at once. */
export const DNS_QUEUE_CONCURRENCY = 100_000;

/** The lane of `lane`'s calls in one cell's account. Route 53 stays one lane: its records are
 * not per account, and the zone batcher bounds its calls. */
export function accountLane(lane: Lane, cell: string): string {
  return lane === 'route53' ? lane : `${lane}@${cell}`;
}
