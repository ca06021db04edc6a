// A bench tier written as the manifest files an operator keeps: the Tier with its Cells and
// InfraGroups in tier.yaml, one file per tenant under tenants/. `tiered run --manifests` watches
// such a directory. Loading the files back must give the set the bench built (checked), so the
// daemon reconciles exactly the tier the other scenarios measure.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { loadManifestSet } from '../src/desired/manifests/manifests.js';
import type { Manifest, ManifestSet, Tenant, Tier } from '../src/desired/model.js';

const API_VERSION = 'tiered.dev/v1alpha1';

function document(kind: string, name: string, spec: unknown): string {
  return stringify({ apiVersion: API_VERSION, kind, metadata: { name }, spec });
}

function tierSpec(tier: Tier): unknown {
  const { dns, migration, ...rest } = tier.spec;
  // The manifest writes a bake time as a duration (docs/moves.md); the model holds seconds.
  const { bakeSeconds, ...moves } = migration;
  return { ...rest, dns: { ...dns, zone: 'name' in dns.zone ? dns.zone.name : dns.zone.id }, migration: { ...moves, bakeTime: `${bakeSeconds}s` } };
}

/** A tenant's file; its workload is the tier's, so only what differs is written. */
export function tenantFile(tenant: Tenant): string {
  return document('Tenant', tenant.name, { tier: tenant.spec.tier, clusters: tenant.spec.clusters });
}

export function tenantPath(dir: string, name: string): string {
  return join(dir, 'tenants', `${name}.yaml`);
}

/** Writes `set` under `dir` (created) and checks that the files load back as the same set. */
export async function writeTierFiles(dir: string, set: ManifestSet): Promise<void> {
  await mkdir(join(dir, 'tenants'), { recursive: true });
  const frame = [
    ...set.tiers.map((t) => document('Tier', t.name, tierSpec(t))),
    ...set.cells.map((c) => document('Cell', c.name, c.spec)),
    ...set.infraGroups.map((g) => document('InfraGroup', g.name, g.spec)),
  ];
  await writeFile(join(dir, 'tier.yaml'), frame.join('---\n'));
  for (const tenant of set.tenants) await writeFile(tenantPath(dir, tenant.name), tenantFile(tenant));
  const loaded = await loadManifestSet(dir);
  if (!loaded.ok) throw new Error(`bench: the tier files in ${dir} do not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  const bare = (docs: readonly Manifest[]) => docs.map((d) => ({ id: `${d.kind}/${d.name}`, spec: d.spec })).sort((a, b) => (a.id < b.id ? -1 : 1));
  const all = (s: ManifestSet) => bare([...s.tiers, ...s.cells, ...s.infraGroups, ...s.tenants]);
  if (!isDeepStrictEqual(all(loaded.set), all(set))) throw new Error(`bench: the tier files in ${dir} load as another set than the one built`);
}
