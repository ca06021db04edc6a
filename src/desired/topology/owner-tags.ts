// Ownership tags of a desired resource (tags.ts holds the keys; this decides what goes in them).
import type { TagKey } from '../tags.js';
import { CELL_WIDE } from './owners.js';
import type { Owner, ResourceKind } from './resource.js';

type Tags = Partial<Record<TagKey, string>>;

export function ownershipTags(
  instanceId: string,
  kind: ResourceKind,
  owner: Owner,
  extra: Readonly<Record<string, string>> = {},
): Readonly<Record<string, string>> {
  const { tier, cell, infraGroup, tenant, clusterIndex } = owner;
  // One literal per shape with the keys written out, not computed from TAG (`satisfies` checks
  // them against tags.ts): such a literal is the smallest object for each of a pass's 101,000
  // records (bench scenario 5). `extra` (a spec hash, an endpoint's downstream and Name) is
  // added after.
  const tags: Record<string, string> =
    infraGroup === CELL_WIDE
      ? ({ 'tiered.dev/managed-by': instanceId, 'tiered.dev/resource': kind, 'tiered.dev/tier': tier, 'tiered.dev/cell': cell } satisfies Tags)
      : tenant === undefined
      ? ({ 'tiered.dev/managed-by': instanceId, 'tiered.dev/resource': kind, 'tiered.dev/tier': tier, 'tiered.dev/cell': cell, 'tiered.dev/infra-group': infraGroup } satisfies Tags)
      : clusterIndex === undefined
        ? ({
            'tiered.dev/managed-by': instanceId, 'tiered.dev/resource': kind, 'tiered.dev/tier': tier, 'tiered.dev/cell': cell,
            'tiered.dev/infra-group': infraGroup, 'tiered.dev/tenant': tenant,
          } satisfies Tags)
        : ({
            'tiered.dev/managed-by': instanceId, 'tiered.dev/resource': kind, 'tiered.dev/tier': tier, 'tiered.dev/cell': cell,
            'tiered.dev/infra-group': infraGroup, 'tiered.dev/tenant': tenant, 'tiered.dev/cluster-index': String(clusterIndex),
          } satisfies Tags);
  // A loop, not `{ ...tags, ...extra }`: see owners.ts on spreads in compile's hot path.
  for (const k of Object.keys(extra)) tags[k] = extra[k] as string;
  return tags;
}
