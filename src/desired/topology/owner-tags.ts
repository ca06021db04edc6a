// Ownership tags of a desired resource (tags.ts holds the keys; this decides what goes in them).
import { TAG } from '../tags.js';
import type { Owner, ResourceKind } from './resource.js';

export function ownershipTags(
  instanceId: string,
  kind: ResourceKind,
  owner: Owner,
  extra: Readonly<Record<string, string>> = {},
): Readonly<Record<string, string>> {
  const tags: Record<string, string> = {
    [TAG.managedBy]: instanceId,
    [TAG.resource]: kind,
    [TAG.tier]: owner.tier,
    [TAG.cell]: owner.cell,
    [TAG.infraGroup]: owner.infraGroup,
  };
  if (owner.tenant !== undefined) tags[TAG.tenant] = owner.tenant;
  if (owner.clusterIndex !== undefined) tags[TAG.clusterIndex] = String(owner.clusterIndex);
  // A loop, not `{ ...tags, ...extra }`: see owners.ts on spreads in compile's hot path.
  for (const k of Object.keys(extra)) tags[k] = extra[k] as string;
  return tags;
}
