// Tiers dropped from the manifests while AWS still holds what tiered made for them
// (docs/drain-and-decommission.md §5): reported as orphaned, never deleted. Deleting a tier is
// asked for explicitly (Tier spec.decommission); a tier that merely went missing may be a
// mistake (a file moved out of the tree, a bad merge), and its tenants still serve traffic.
//
// Found from live tags: in each account the manifests' cells reach, one Tagging API sweep for
// our load balancers (one per infra group, so every tier that has anything has one); a tier
// named in their tags that the manifests lack is orphaned. An account only a dropped tier used
// is out of reach (no role to read it with); the daemon also remembers tiers that left while
// it ran.
import type { AwsClientFactory } from '../aws/clients.js';
import type { ManifestSet } from '../desired/model.js';
import { TAG } from '../desired/tags.js';

export interface OrphanedTier {
  readonly tier: string;
  /** `account/cell/infraGroup` of each of its load balancers found, sorted. */
  readonly infraGroups: readonly string[];
}

export interface OrphanSweep {
  readonly orphaned: readonly OrphanedTier[];
  /** Accounts that could not be read, one line each. */
  readonly errors: readonly string[];
}

/** The orphaned tiers among load balancers' tags, found per account. Pure. */
export function orphanedFromTags(
  known: ReadonlySet<string>,
  byAccount: ReadonlyMap<string, readonly Readonly<Record<string, string>>[]>,
): OrphanedTier[] {
  const groups = new Map<string, Set<string>>();
  for (const [account, tagSets] of byAccount) {
    for (const tags of tagSets) {
      const tier = tags[TAG.tier];
      if (tier === undefined || known.has(tier)) continue;
      const set = groups.get(tier) ?? new Set<string>();
      set.add(`${account}/${tags[TAG.cell] ?? '?'}/${tags[TAG.infraGroup] ?? '?'}`);
      groups.set(tier, set);
    }
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tier, igs]) => ({ tier, infraGroups: [...igs].sort() }));
}

export function orphanedMessage(o: OrphanedTier): string {
  return (
    `orphaned: tier ${o.tier} is not in the manifests, but tiered still owns ${o.infraGroups.length} infra group${o.infraGroups.length === 1 ? '' : 's'} of it ` +
    `(${o.infraGroups.join(', ')}); nothing is deleted. To delete it, put its manifests back with spec.decommission: {confirm: ${o.tier}}`
  );
}

export async function findOrphanedTiers(set: ManifestSet, factory: AwsClientFactory, instanceId: string): Promise<OrphanSweep> {
  // One reader per account and region: any cell's role in it will do.
  const readers = new Map<string, { account: string; region: string; roleArn: string }>();
  for (const cell of set.cells) {
    const region = set.tiers.find((t) => t.name === cell.spec.tier)?.spec.region;
    const id = `${cell.spec.accountId}/${region ?? ''}`;
    if (region !== undefined && !readers.has(id)) readers.set(id, { account: cell.spec.accountId, region, roleArn: cell.spec.roleArn });
  }
  const byAccount = new Map<string, Readonly<Record<string, string>>[]>();
  const errors: string[] = [];
  await Promise.all(
    [...readers.values()].map(async (r) => {
      try {
        const found = await factory.clients({ region: r.region, roleArn: r.roleArn }).tagging.getResources({
          tagFilters: [{ Key: TAG.managedBy, Values: [instanceId] }, { Key: TAG.resource, Values: ['load-balancer'] }],
          resourceTypes: ['elasticloadbalancing:loadbalancer'],
        });
        const tagSets = found.map((m) => Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])));
        byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), ...tagSets]);
      } catch (err) {
        errors.push(`account ${r.account} (${r.region}): ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
  return { orphaned: orphanedFromTags(new Set(set.tiers.map((t) => t.name)), byAccount), errors: errors.sort() };
}
