// Per tier per cell account: the CloudWatch Logs group every task of the tier in that account
// writes to (docs/design.md §11.1). Its retention is the tier's; whether its log data may go
// with the tier is recorded in the spec (and so in a tag), because once the tier is gone no
// manifest is left to say so.
import type { Cell, Tier } from '../model.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import { cellOwner } from './owners.js';
import type { DesiredResource, Spec } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';

export function logGroupKey(tier: string, cell: string): string {
  return resourceKey('log-group', cellOwner(tier, cell));
}

export function logGroup(tier: Tier, cell: Cell, instanceId: string): DesiredResource {
  const owner = cellOwner(tier.name, cell.name);
  const { groupName, retentionDays, deleteWithTier } = tier.spec.logs;
  const spec: Spec = { name: groupName, retentionInDays: retentionDays, deleteWithTier };
  return {
    kind: 'log-group',
    key: logGroupKey(tier.name, cell.name),
    owner,
    scope: { kind: 'account', account: cell.spec.accountId, region: tier.spec.region, roleArn: cell.spec.roleArn },
    identity: { name: groupName },
    tags: ownershipTags(instanceId, 'log-group', owner),
    spec,
    dependsOn: NO_DEPENDENCIES,
  };
}
