// Which tiers a new revision touches, and how much of each. Compared on the parsed manifest
// sets, not on file names: moving a document between files, reformatting or a comment change
// touches nothing, while a tier default that reaches every tenant shows in every tenant's spec.
import type { Manifest, ManifestSet } from '../desired/model.js';

/** What a pass of a tier must cover: everything, or only these tenants (an event-driven pass). */
export type PassScope = { readonly kind: 'full' } | { readonly kind: 'tenants'; readonly tenants: readonly string[] };

export const FULL: PassScope = { kind: 'full' };

export interface RevisionChanges {
  /** Tiers of the new set to reconcile, with what changed in each. */
  readonly tiers: ReadonlyMap<string, PassScope>;
  /** Tiers that left the manifests. */
  readonly removed: readonly string[];
}

/** A document without where it was written: what it says is all that counts. */
function fingerprint(doc: Manifest): string {
  return JSON.stringify([doc.kind, doc.name, doc.spec]);
}

interface TierDocs {
  /** The Tier, its Cells and InfraGroups, in a stable order. */
  readonly frame: string;
  /** Tenant name -> fingerprint. */
  readonly tenants: ReadonlyMap<string, string>;
}

function docsByTier(set: ManifestSet): Map<string, TierDocs> {
  const out = new Map<string, TierDocs>();
  for (const tier of set.tiers) {
    const frame = [tier, ...set.cells.filter((c) => c.spec.tier === tier.name), ...set.infraGroups.filter((g) => g.spec.tier === tier.name)]
      .map(fingerprint)
      .sort();
    const tenants = new Map(set.tenants.filter((t) => t.spec.tier === tier.name).map((t) => [t.name, fingerprint(t)]));
    out.set(tier.name, { frame: JSON.stringify(frame), tenants });
  }
  return out;
}

/**
 * The changes from `previous` (undefined: nothing loaded yet) to `next`. A tier whose Tier,
 * Cell or InfraGroup documents changed needs a full pass. One where only tenants were added or
 * changed can be reconciled for those tenants alone. A removed tenant asks for a full pass: the
 * deletion guard weighs a removal against all of the tier's tenants, which only a full
 * observation counts.
 */
export function revisionChanges(previous: ManifestSet | undefined, next: ManifestSet): RevisionChanges {
  const before = previous === undefined ? new Map<string, TierDocs>() : docsByTier(previous);
  const after = docsByTier(next);
  const tiers = new Map<string, PassScope>();
  for (const [tier, docs] of after) {
    const old = before.get(tier);
    if (old === undefined || old.frame !== docs.frame) {
      tiers.set(tier, FULL);
      continue;
    }
    if ([...old.tenants.keys()].some((t) => !docs.tenants.has(t))) {
      tiers.set(tier, FULL);
      continue;
    }
    const touched = [...docs.tenants].filter(([t, print]) => old.tenants.get(t) !== print).map(([t]) => t);
    if (touched.length > 0) tiers.set(tier, { kind: 'tenants', tenants: touched.sort() });
  }
  const removed = [...before.keys()].filter((t) => !after.has(t)).sort();
  return { tiers, removed };
}

/** Two asks for one pass, as one: the union of their tenants, or full if either is. */
export function unionScopes(a: PassScope | undefined, b: PassScope): PassScope {
  if (a === undefined) return b;
  if (a.kind === 'full' || b.kind === 'full') return FULL;
  return { kind: 'tenants', tenants: [...new Set([...a.tenants, ...b.tenants])].sort() };
}

/**
 * What the next pass of each tier must cover, gathered between passes: revisions that arrive
 * before a pass starts coalesce into one pass (the scheduler merges them), so their scopes are
 * merged here the same way. A pass takes its tier's scope when it starts.
 */
export class PendingScopes {
  private readonly pending = new Map<string, PassScope>();

  add(tier: string, scope: PassScope): void {
    this.pending.set(tier, unionScopes(this.pending.get(tier), scope));
  }

  /** The scope gathered for `tier` (full when nothing asked for less), cleared. */
  take(tier: string): PassScope {
    const scope = this.pending.get(tier) ?? FULL;
    this.pending.delete(tier);
    return scope;
  }

  forget(tier: string): void {
    this.pending.delete(tier);
  }
}
