// Cells removed from the manifests, remembered from the last revision
// (docs/drain-and-decommission.md §3): the manifests no longer say which role reaches a removed
// cell's account, so without this memory what tiered made there could never be read or
// deleted again. A tier's passes observe its retired cells as drained cells with no infra
// group: what is left in them is orphaned and deleted (tenants still living there stop the
// plan, stranded.ts), and once a full pass finds the tier in sync they are forgotten. Pure.
import type { Cell, ManifestSet } from '../desired/model.js';

const cellId = (c: Cell): string => `${c.spec.tier}/${c.name}`;

/**
 * The retired cells after a revision: those already remembered, plus the cells `previous` had
 * and `next` lacks; a cell back in the manifests, or of a tier that left them, is dropped.
 */
export function retiredCells(remembered: readonly Cell[], previous: ManifestSet | undefined, next: ManifestSet): Cell[] {
  const present = new Set(next.cells.map(cellId));
  const tiers = new Set(next.tiers.map((t) => t.name));
  const out = new Map<string, Cell>();
  for (const c of [...remembered, ...(previous?.cells ?? [])]) {
    if (!present.has(cellId(c)) && tiers.has(c.spec.tier) && !out.has(cellId(c))) out.set(cellId(c), c);
  }
  return [...out.values()].sort((a, b) => (cellId(a) < cellId(b) ? -1 : 1));
}

/** The set a tier's pass works on: the manifests, with the tier's retired cells as drained cells. */
export function withRetiredCells(set: ManifestSet, tier: string, retired: readonly Cell[]): ManifestSet {
  const mine = retired.filter((c) => c.spec.tier === tier);
  if (mine.length === 0) return set;
  return { ...set, cells: [...set.cells, ...mine.map((c) => ({ ...c, spec: { ...c.spec, drain: true } }))] };
}
