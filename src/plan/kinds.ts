// What the planner knows per resource kind: which drifted fields force a replacement, and
// which deletes a delete must wait for (docs/design.md §7.4: tenant DNS record, listener rule, ECS
// service, target group, ECS cluster; the infra group's ALB and endpoints last).
import type { Owner, ResourceKind } from '../desired/topology/resource.js';
import type { Change } from './action.js';

/** Top-level spec fields AWS cannot change in place; `*` = any change makes a new version. */
const REPLACED_ON: Readonly<Record<ResourceKind, readonly string[]>> = {
  'load-balancer': ['name', 'type', 'scheme'],
  listener: [],
  'interface-endpoint': ['type', 'serviceName', 'vpcId'],
  'target-group': ['name', 'protocol', 'port', 'targetType', 'vpcId'],
  'ecs-cluster': ['name'],
  // Task definitions are immutable: any change registers a new revision with a new ARN.
  'task-definition': ['*'],
  'listener-rule': [],
  'ecs-service': ['name', 'launchType'],
  'dns-record': [],
  'dns-ownership': [],
  // Renaming would leave the log data behind: refused by the reconciler (docs/design.md §11.1).
  'log-group': ['name'],
  // A target and a policy are named by what they scale: put again in place.
  'scalable-target': ['resourceId', 'scalableDimension'],
  'scaling-policy': ['policyName', 'resourceId'],
  // PutMetricAlarm replaces an alarm whole, by name.
  alarm: ['name'],
};

export function needsReplacement(kind: ResourceKind, changes: readonly Change[]): boolean {
  const fields = REPLACED_ON[kind];
  return changes.some((c) => fields.includes('*') || fields.includes(c.field.split('.')[0] as string));
}

/** How a delete's prerequisite relates to it: `exact` same owner coordinates; `tenant` the
 * same tenant (and cluster, when both have one); `infra-group` anything in the infra group;
 * `cell` anything of the tier in the cell. */
type Scope = 'exact' | 'tenant' | 'infra-group' | 'cell';

const DELETE_AFTER: Readonly<Record<ResourceKind, readonly (readonly [ResourceKind, Scope])[]>> = {
  'dns-record': [],
  // The ownership claim goes last, so a crash never leaves a record nobody owns.
  'dns-ownership': [['dns-record', 'exact']],
  'listener-rule': [['dns-record', 'tenant']],
  // Its autoscaling first, so nothing scales a service being drained (docs/design.md §11.2).
  'ecs-service': [['listener-rule', 'tenant'], ['scalable-target', 'tenant'], ['scaling-policy', 'tenant'], ['alarm', 'tenant']],
  'target-group': [['ecs-service', 'tenant'], ['listener-rule', 'tenant']],
  'task-definition': [['ecs-service', 'tenant']],
  'ecs-cluster': [['ecs-service', 'tenant'], ['target-group', 'tenant']],
  listener: [['listener-rule', 'infra-group'], ['dns-record', 'exact']],
  'interface-endpoint': [['ecs-service', 'infra-group']],
  'load-balancer': [['listener', 'infra-group'], ['target-group', 'infra-group'], ['dns-record', 'infra-group']],
  // Only once nothing of the cell writes to it any more.
  'log-group': [['ecs-service', 'cell'], ['task-definition', 'cell']],
  'scaling-policy': [],
  'scalable-target': [['scaling-policy', 'exact']],
  alarm: [],
};

function related(waiter: Owner, dep: Owner, scope: Scope): boolean {
  if (scope === 'cell') return waiter.tier === dep.tier && waiter.cell === dep.cell;
  if (waiter.tier !== dep.tier || waiter.cell !== dep.cell || waiter.infraGroup !== dep.infraGroup) return false;
  if (scope === 'exact') return waiter.tenant === dep.tenant && waiter.clusterIndex === dep.clusterIndex;
  if (scope === 'infra-group') return true;
  if (waiter.tenant !== dep.tenant) return false;
  return waiter.clusterIndex === undefined || dep.clusterIndex === undefined || waiter.clusterIndex === dep.clusterIndex;
}

/** Whether deleting `waiter` must wait for deleting `dep`. */
export function deleteWaitsFor(waiter: { kind: ResourceKind; owner: Owner }, dep: { kind: ResourceKind; owner: Owner }): boolean {
  return DELETE_AFTER[waiter.kind].some(([kind, scope]) => kind === dep.kind && related(waiter.owner, dep.owner, scope));
}

/** The creates, updates and adoptions a delete waits for: a superseded target group goes only
 * once the rule and the service that pointed at it point at its successor (ELBv2 refuses to
 * delete a target group a rule forwards to; docs/aws-behaviour.md §16). */
const DELETE_AFTER_UPSERT: Readonly<Partial<Record<ResourceKind, readonly (readonly [ResourceKind, Scope])[]>>> = {
  'target-group': [['ecs-service', 'tenant'], ['listener-rule', 'tenant']],
  // A scale-down (clusters 3 -> 1): the rule stops forwarding to a cluster before its service
  // drains, or requests still weighted to it meet a target group with no targets (503s).
  'ecs-service': [['listener-rule', 'tenant']],
};

/** Whether deleting `waiter` must wait for creating, updating or adopting `dep`. */
export function deleteWaitsForUpsert(waiter: { kind: ResourceKind; owner: Owner }, dep: { kind: ResourceKind; owner: Owner }): boolean {
  return (DELETE_AFTER_UPSERT[waiter.kind] ?? []).some(([kind, scope]) => kind === dep.kind && related(waiter.owner, dep.owner, scope));
}
