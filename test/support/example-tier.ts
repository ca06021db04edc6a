// One tier of the example manifests, as a ManifestSet (tier-3 is the smallest: one cell, one
// infra group, three tenants), for tests that converge something real but small.
import { loadManifestSet } from '../../src/desired/manifests/manifests.js';
import type { ManifestSet, Tenant } from '../../src/desired/model.js';
import { tierSubset } from '../../src/engine/tier-subset.js';
import { repoPath } from './paths.js';

export async function exampleTier(tier = 'tier-3'): Promise<ManifestSet> {
  const loaded = await loadManifestSet(repoPath('manifests', 'examples'));
  if (!loaded.ok) throw new Error('the example manifests do not validate');
  return tierSubset(loaded.set, tier);
}

/** The set with a tenant added: a copy of `like` under a new name. */
export function withTenant(set: ManifestSet, name: string, like: string): ManifestSet {
  const model = set.tenants.find((t) => t.name === like);
  if (model === undefined) throw new Error(`no tenant ${like}`);
  const added: Tenant = { ...model, name };
  return { ...set, tenants: [...set.tenants, added] };
}

export function withoutTenant(set: ManifestSet, name: string): ManifestSet {
  return { ...set, tenants: set.tenants.filter((t) => t.name !== name) };
}
