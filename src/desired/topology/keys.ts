// Resource keys: tiered's own identity for every resource, built from owner coordinates only,
// so that live discovery can rebuild the same key from a resource's ownership tags.
import { TAG } from '../tags.js';
import { CELL_RECORD_KEY_SUFFIX, dnsTreeRoleOfTags } from './dns-tree.js';
import { CELL_WIDE } from './owners.js';
import type { Owner, ResourceKind } from './resource.js';

const KEY_PREFIX: Readonly<Record<ResourceKind, string>> = {
  'load-balancer': 'loadBalancer',
  listener: 'listener',
  'interface-endpoint': 'endpoint',
  'target-group': 'targetGroup',
  'ecs-cluster': 'ecsCluster',
  'task-definition': 'taskDefinition',
  'listener-rule': 'listenerRule',
  'ecs-service': 'ecsService',
  'dns-record': 'dnsRecord',
  'dns-ownership': 'dnsOwnership',
  'log-group': 'logGroup',
  'scalable-target': 'scalableTarget',
  'scaling-policy': 'scalingPolicy',
  alarm: 'alarm',
};

/** Kinds that belong to a cell as a whole: their tags name no infra group. */
const CELL_WIDE_KINDS: ReadonlySet<string> = new Set<ResourceKind>(['log-group']);

/** `{prefix}:{tier}/{cell}/{infraGroup}[/{tenant}[/{clusterIndex}]]`, or `…/{downstream}` for
 * interface endpoints, `…/{metric}` (cpu, memory) for scaling policies and `…/{alarm}` for
 * alarms. */
export function resourceKey(kind: ResourceKind, owner: Owner, downstream?: string): string {
  // One join, no template around it: keys are Map keys, looked up ~400,000 times in a pass of
  // 10,000 tenants, and a joined string is the cheaper one to look up (bench scenario 4).
  const parts = [`${KEY_PREFIX[kind]}:${owner.tier}`, owner.cell, owner.infraGroup];
  if (owner.tenant !== undefined) parts.push(owner.tenant);
  if (owner.clusterIndex !== undefined) parts.push(String(owner.clusterIndex));
  if (downstream !== undefined) parts.push(downstream);
  return parts.join('/');
}

/** The owner coordinates carried by a set of ownership tags, or undefined when incomplete. */
export function ownerFromTags(tags: Readonly<Record<string, string>>): Owner | undefined {
  const tier = tags[TAG.tier];
  const cell = tags[TAG.cell];
  const resource = tags[TAG.resource];
  // A cell's record at a two-level tier endpoint belongs to the whole cell (docs/dns-tree.md).
  const cellWide = (resource !== undefined && CELL_WIDE_KINDS.has(resource)) || dnsTreeRoleOfTags(tags) === 'endpoint-cell';
  const infraGroup = cellWide ? CELL_WIDE : tags[TAG.infraGroup];
  if (tier === undefined || cell === undefined || infraGroup === undefined) return undefined;
  const tenant = tags[TAG.tenant];
  const index = tags[TAG.clusterIndex];
  return {
    tier,
    cell,
    infraGroup,
    ...(tenant !== undefined ? { tenant } : {}),
    ...(index !== undefined && /^[1-9][0-9]*$/.test(index) ? { clusterIndex: Number(index) } : {}),
  };
}

/** For live discovery: the key of a resource of `kind` from its tags (an ownership TXT record's
 * parsed content for DNS records). Undefined when the tags do not name a tiered resource. */
export function keyFromTags(kind: ResourceKind, tags: Readonly<Record<string, string>>): string | undefined {
  const owner = ownerFromTags(tags);
  if (owner === undefined) return undefined;
  if (kind === 'alarm') {
    const alarm = tags[TAG.alarm];
    return alarm === undefined ? undefined : resourceKey(kind, owner, alarm);
  }
  if (kind === 'scaling-policy') {
    const metric = tags[TAG.scalingMetric];
    return metric === undefined ? undefined : resourceKey(kind, owner, metric);
  }
  if ((kind === 'dns-record' || kind === 'dns-ownership') && dnsTreeRoleOfTags(tags) === 'cell') {
    return owner.tenant === undefined ? resourceKey(kind, owner, CELL_RECORD_KEY_SUFFIX) : undefined;
  }
  if (kind === 'interface-endpoint') {
    const downstream = tags[TAG.downstream];
    return downstream === undefined ? undefined : resourceKey(kind, owner, downstream);
  }
  return resourceKey(kind, owner);
}
