// Drained infra groups and decommissioned tiers (docs/drain-and-decommission.md §2, §4): what
// placement may no longer fill, and what the topology stops wanting. Pure.
import { infraGroupKeyOf, infraGroupKeyString, type InfraGroup, type ManifestSet, type Tier } from '../model.js';

/** Infra groups drained by their own `spec.drain` or their cell's, by key string. */
export function drainedInfraGroups(set: ManifestSet): ReadonlyMap<string, InfraGroup> {
  const drainedCells = new Set(set.cells.filter((c) => c.spec.drain === true).map((c) => `${c.spec.tier}/${c.name}`));
  const out = new Map<string, InfraGroup>();
  for (const ig of set.infraGroups) {
    if (ig.spec.drain !== true && !drainedCells.has(`${ig.spec.tier}/${ig.spec.cell}`)) continue;
    out.set(infraGroupKeyString(infraGroupKeyOf(ig)), ig);
  }
  return out;
}

/** A tier whose manifest asks, confirmed, for everything of it to be deleted. Validation has
 * refused a confirm that is not the tier's name; the check here keeps a hand-built set honest. */
export function isDecommissioned(tier: Tier): boolean {
  return tier.spec.decommission?.confirm === tier.name;
}

/** Where a drained infra group's manifest is, for refusals: `file:line`. */
export function sourceOf(ig: InfraGroup): string {
  return `${ig.source.file}:${ig.source.line}`;
}
