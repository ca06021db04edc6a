// Whose a live resource is, decided from its tags (read as one record by aws/tag-record.ts).
import { TAG } from '../desired/tags.js';
import type { ResourceKind } from '../desired/topology/resource.js';
import { keyFromTags, ownerFromTags } from '../desired/topology/keys.js';
import type { LiveResource } from '../plan/live-resource.js';

/** The fields of a live resource that do not depend on whose it is. */
export type LiveBody = Omit<LiveResource, 'ownership' | 'key' | 'owner'>;

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** What a tied resource keeps of its tags: once its key and owner are read from them, only a
 * task definition's spec hash is read again (complete-observation.ts). Dropping the rest keeps a
 * large pass's memory down (bench scenario 5). (A target group's deregistration delay tag is
 * read into its spec before tying, elbv2-specs.ts.) */
export function keptTags(tags: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const specHash = tags[TAG.specHash];
  return specHash === undefined ? NO_TAGS : { [TAG.specHash]: specHash };
}

/** Ours when managed-by names this instance and the tags rebuild a key; another owner when
 * they name another instance; foreign otherwise (no tiered tags, or unusable ones). A foreign
 * resource keeps all its tags; a tied one only those read later (keptTags). */
export function tie(body: LiveBody, instanceId: string, keyKind: ResourceKind = body.kind, keySuffix = ''): LiveResource {
  const managedBy = body.tags[TAG.managedBy];
  const key = keyFromTags(keyKind, body.tags);
  const owner = ownerFromTags(body.tags);
  if (managedBy === undefined || key === undefined || owner === undefined) return { ...body, ownership: 'foreign' };
  const ownership = managedBy === instanceId ? 'ours' : 'other-owner';
  return { ...body, tags: keptTags(body.tags), ownership, key: key + keySuffix, owner };
}
