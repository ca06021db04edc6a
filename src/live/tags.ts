// Tag shapes differ per service (ELBv2/EC2/Tagging: Key/Value, ECS: key/value); tiered reads
// them all as one plain record, and decides from it whose a resource is.
import { TAG } from '../desired/tags.js';
import type { ResourceKind } from '../desired/topology/resource.js';
import { keyFromTags, ownerFromTags } from '../desired/topology/keys.js';
import type { LiveResource } from '../plan/live-resource.js';

type AnyTag = { readonly Key?: string | undefined; readonly Value?: string | undefined } & {
  readonly key?: string | undefined;
  readonly value?: string | undefined;
};

export function tagRecord(tags: readonly AnyTag[] | undefined): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    const k = t.Key ?? t.key;
    if (k !== undefined) out[k] = t.Value ?? t.value ?? '';
  }
  return out;
}

/** The fields of a live resource that do not depend on whose it is. */
export type LiveBody = Omit<LiveResource, 'ownership' | 'key' | 'owner'>;

/** Ours when managed-by names this instance and the tags rebuild a key; another owner when
 * they name another instance; foreign otherwise (no tiered tags, or unusable ones). */
export function tie(body: LiveBody, instanceId: string, keyKind: ResourceKind = body.kind, keySuffix = ''): LiveResource {
  const managedBy = body.tags[TAG.managedBy];
  const key = keyFromTags(keyKind, body.tags);
  const owner = ownerFromTags(body.tags);
  if (managedBy === undefined || key === undefined || owner === undefined) return { ...body, ownership: 'foreign' };
  return { ...body, ownership: managedBy === instanceId ? 'ours' : 'other-owner', key: key + keySuffix, owner };
}
