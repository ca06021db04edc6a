// Ownership tags of a desired resource (tags.ts holds the keys; this decides what goes in them).
import { TAG } from '../tags.js';
import type { Owner, ResourceKind } from './resource.js';

export function ownershipTags(
  instanceId: string,
  kind: ResourceKind,
  owner: Owner,
  extra: Readonly<Record<string, string>> = {},
): Readonly<Record<string, string>> {
  const { tier, cell, infraGroup, tenant, clusterIndex } = owner;
  // One literal per shape, holding all its keys: keys added one by one after a literal go to a
  // separate property array, ~20 bytes more on each of a pass's 101,000 records (issue 6,
  // scenario 5). `extra` (a spec hash, an endpoint's downstream and Name) is added after.
  const tags: Record<string, string> =
    tenant === undefined
      ? { [TAG.managedBy]: instanceId, [TAG.resource]: kind, [TAG.tier]: tier, [TAG.cell]: cell, [TAG.infraGroup]: infraGroup }
      : clusterIndex === undefined
        ? { [TAG.managedBy]: instanceId, [TAG.resource]: kind, [TAG.tier]: tier, [TAG.cell]: cell, [TAG.infraGroup]: infraGroup, [TAG.tenant]: tenant }
        : {
            [TAG.managedBy]: instanceId, [TAG.resource]: kind, [TAG.tier]: tier, [TAG.cell]: cell, [TAG.infraGroup]: infraGroup,
            [TAG.tenant]: tenant, [TAG.clusterIndex]: String(clusterIndex),
          };
  // A loop, not `{ ...tags, ...extra }`: see owners.ts on spreads in compile's hot path.
  for (const k of Object.keys(extra)) tags[k] = extra[k] as string;
  return tags;
}
