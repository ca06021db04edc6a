// Whole-set identity: duplicate names (tiers and tenants are global, cells unique within their
// tier, infra groups within their cell) and references that lead nowhere. Returns the entries
// that are unique and fully resolved, so later checks never trip over the same mistake twice.
import type { ManifestIssue } from './manifest-issue.js';
import type { AnyEntry, CellEntry, Entries, InfraGroupEntry, TenantEntry, TierEntry } from './manifest-entry.js';

export interface ResolvedEntries {
  readonly tiers: readonly TierEntry[];
  readonly cells: readonly CellEntry[];
  readonly infraGroups: readonly InfraGroupEntry[];
  readonly tenants: readonly TenantEntry[];
}

function where(e: AnyEntry): string {
  return `${e.source.file}:${e.source.line}:${e.source.col}`;
}

function listed(names: readonly string[]): string {
  if (names.length === 0) return 'there are none';
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown}, … (${names.length} in all)` : shown;
}

/** Keeps the first entry of each key and reports the later ones. */
function unique<E extends AnyEntry>(entries: readonly E[], key: (e: E) => string, scope: (e: E) => string, errors: ManifestIssue[]): E[] {
  const first = new Map<string, E>();
  for (const e of entries) {
    const seen = first.get(key(e));
    if (seen === undefined) first.set(key(e), e);
    else errors.push(e.issue(['metadata', 'name'], `${e.kind} ${JSON.stringify(e.name)} is declared twice${scope(e)}; the first is at ${where(seen)}.`));
  }
  return [...first.values()];
}

export function checkReferences(entries: Entries, errors: ManifestIssue[]): ResolvedEntries {
  const { broken } = entries;
  const tiers = unique(entries.tiers, (t) => t.name, () => '', errors);
  const tenantsUnique = unique(entries.tenants, (t) => t.name, () => '', errors);
  const cellsUnique = unique(entries.cells, (c) => `${c.spec.tier}/${c.name}`, (c) => ` in tier ${c.spec.tier}`, errors);
  const igsUnique = unique(
    entries.infraGroups,
    (g) => `${g.spec.tier}/${g.spec.cell}/${g.name}`,
    (g) => ` in cell ${g.spec.cell} of tier ${g.spec.tier}`,
    errors,
  );
  const tierNames = new Set(tiers.map((t) => t.name));
  const tierList = [...tierNames].sort();

  /** True when `tier` resolves; reports it when it is neither declared nor broken. */
  const tierKnown = (e: AnyEntry, tier: string): boolean => {
    if (tierNames.has(tier)) return true;
    if (!broken.Tier.has(tier)) {
      errors.push(e.issue(['spec', 'tier'], `${e.kind} ${JSON.stringify(e.name)} names tier ${JSON.stringify(tier)}, which is not declared; declared tiers: ${listed(tierList)}.`));
    }
    return false;
  };

  const cells = cellsUnique.filter((c) => tierKnown(c, c.spec.tier));
  // Asked once per infra group and tenant: 10,000 tenants share a handful of tiers.
  const cellsByTier = new Map<string, string[]>();
  const cellsOf = (tier: string): string[] => {
    let names = cellsByTier.get(tier);
    if (names === undefined) cellsByTier.set(tier, (names = cells.filter((c) => c.spec.tier === tier).map((c) => c.name).sort()));
    return names;
  };

  const infraGroups = igsUnique.filter((g) => {
    if (!tierKnown(g, g.spec.tier)) return false;
    const own = cellsOf(g.spec.tier);
    if (own.includes(g.spec.cell)) return true;
    if (!broken.Cell.has(g.spec.cell)) {
      const elsewhere = cells.find((c) => c.name === g.spec.cell);
      const hint = elsewhere === undefined ? '' : ` (a cell of that name belongs to tier ${elsewhere.spec.tier})`;
      errors.push(
        g.issue(['spec', 'cell'], `InfraGroup ${JSON.stringify(g.name)} names cell ${JSON.stringify(g.spec.cell)}, but tier ${g.spec.tier} has no such cell${hint}; its cells: ${listed(own)}.`),
      );
    }
    return false;
  });

  const tenants = tenantsUnique.filter((t) => {
    if (!tierKnown(t, t.spec.tier)) return false;
    return pinResolves(t, cellsOf(t.spec.tier), infraGroups, broken, errors);
  });
  return { tiers, cells, infraGroups, tenants };
}

function pinResolves(
  t: TenantEntry,
  tierCells: readonly string[],
  infraGroups: readonly InfraGroupEntry[],
  broken: Entries['broken'],
  errors: ManifestIssue[],
): boolean {
  const { cell, infraGroup } = t.spec.placement;
  const tier = t.spec.tier;
  if (cell !== undefined && !tierCells.includes(cell)) {
    if (!broken.Cell.has(cell)) {
      errors.push(t.issue(['spec', 'placement', 'cell'], `Tenant ${JSON.stringify(t.name)} is pinned to cell ${JSON.stringify(cell)}, but tier ${tier} has no such cell; its cells: ${listed(tierCells)}.`));
    }
    return false;
  }
  if (infraGroup === undefined) return true;
  const candidates = infraGroups.filter((g) => g.spec.tier === tier && (cell === undefined || g.spec.cell === cell));
  const matching = candidates.filter((g) => g.name === infraGroup);
  if (matching.length === 1) return true;
  if (matching.length > 1) {
    const cellsWithIt = matching.map((g) => g.spec.cell).sort();
    errors.push(
      t.issue(['spec', 'placement', 'infraGroup'], `Tenant ${JSON.stringify(t.name)} is pinned to infra group ${JSON.stringify(infraGroup)}, which exists in several cells of tier ${tier} (${cellsWithIt.join(', ')}); add placement.cell to say which.`),
    );
    return false;
  }
  if (!broken.InfraGroup.has(infraGroup)) {
    const scope = cell === undefined ? `tier ${tier}` : `cell ${cell} of tier ${tier}`;
    const names = [...new Set(candidates.map((g) => g.name))].sort();
    errors.push(
      t.issue(['spec', 'placement', 'infraGroup'], `Tenant ${JSON.stringify(t.name)} is pinned to infra group ${JSON.stringify(infraGroup)}, but ${scope} has no such infra group; its infra groups: ${listed(names)}.`),
    );
  }
  return false;
}
