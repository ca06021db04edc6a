// A pass's move decisions, laid onto the desired topology and the live state the diff compares
// (docs/moves.md). Pure. While a tenant moves:
// - its destination compiles as any placement does, but its record gets the step's weight and
//   its ownership TXT the move tags, in one Route 53 change with the source record's weight;
// - its source is frozen as it lives: its records are wanted exactly as they are but for their
//   weight, and its other resources are kept out of the diff, so nothing there is changed or
//   deleted, whichever tier it is in;
// - on release the source is handed to the diff as it is, unwanted: deleted in the safe order
//   (docs/design.md §7.4), its record first.
import type { Tier } from '../../desired/model.js';
import { infraGroupKeyString } from '../../desired/model.js';
import type { PlacementResult } from '../../desired/placement/placement-types.js';
import { formatOwnershipTxt } from '../../desired/topology/dns-ownership.js';
import { dnsScope } from '../../desired/topology/context.js';
import type { DesiredResource, DesiredTopology } from '../../desired/topology/resource.js';
import type { LiveResource, LiveState } from '../../plan/live-resource.js';
import type { MoveCandidate, MoveDecision } from './move-types.js';

const isDns = (r: { readonly kind: string }): boolean => r.kind === 'dns-record' || r.kind === 'dns-ownership';

/** The placement to compile: a move waiting for a slot stays where it lives (in this tier), or
 * out of this tier's topology (when it lives in another). */
export function compilePlacement(placement: PlacementResult, waiting: readonly MoveCandidate[]): PlacementResult {
  if (waiting.length === 0) return placement;
  const byTenant = new Map(waiting.map((c) => [c.tenant, c]));
  const placements = placement.placements.flatMap((p) => {
    const c = byTenant.get(p.tenant);
    if (c === undefined) return [p];
    const here = [...new Map(c.source.filter((r) => r.ownership === 'ours' && r.owner.tier === p.tier).map((r) => {
      const o = (r as LiveResource & { ownership: 'ours' }).owner;
      return [infraGroupKeyString(o), { tier: o.tier, cell: o.cell, infraGroup: o.infraGroup }] as const;
    })).values()];
    return here.length === 0 ? [] : [{ tenant: p.tenant, tier: p.tier, infraGroups: here, origin: 'live' as const }];
  });
  return { ...placement, placements };
}

/** Whether every resource the destination wants exists (by key), its records included. */
export function made(desired: DesiredTopology, c: MoveCandidate): boolean {
  const to = infraGroupKeyString(c.to);
  const have = new Set(c.dest.map((r) => (r.ownership === 'foreign' ? '' : r.key)));
  const wanted = desired.resources.filter((d) => d.owner.tenant === c.tenant && infraGroupKeyString(d.owner) === to);
  return wanted.length > 0 && wanted.every((d) => have.has(d.key));
}

/** A live record of ours wanted as it is, but for its weight. */
function frozen(r: LiveResource, tier: Tier | undefined, fallback: Tier, weight: number | undefined): DesiredResource {
  const o = r as LiveResource & { ownership: 'ours' };
  return {
    kind: o.kind, key: o.key, owner: o.owner, scope: dnsScope(tier ?? fallback), identity: { name: o.aws.name },
    tags: {}, spec: weight === undefined ? o.spec : { ...o.spec, weight }, dependsOn: [],
  };
}

export interface Laid {
  readonly desired: DesiredTopology;
  /** What the diff compares with. */
  readonly live: LiveState;
}

export function layDecisions(desired: DesiredTopology, live: LiveState, decisions: readonly MoveDecision[], tiers: readonly Tier[], tier: Tier): Laid {
  const active = decisions.filter((d) => d.compileIn === 'dest');
  if (active.length === 0) return { desired, live };
  const tierByName = new Map(tiers.map((t) => [t.name, t]));
  const dest = new Map(active.map((d) => [`${d.candidate.tenant}|${infraGroupKeyString(d.candidate.to)}`, d]));
  const resources: DesiredResource[] = desired.resources.map((r) => {
    if (!isDns(r) || r.owner.tenant === undefined) return r;
    const d = dest.get(`${r.owner.tenant}|${infraGroupKeyString(r.owner)}`);
    const over = d?.destRecord;
    if (over === undefined) return r;
    if (r.kind === 'dns-record') return { ...r, tags: { ...r.tags, ...over.moveTags }, spec: { ...r.spec, weight: over.weight } };
    const recordTags = desired.resources.find((x) => x.kind === 'dns-record' && x.dependsOn.includes(r.key))?.tags ?? {};
    return { ...r, spec: { ...r.spec, value: formatOwnershipTxt({ ...recordTags, ...over.moveTags }) } };
  });
  const hidden = new Set<LiveResource>();
  for (const d of active) {
    if (d.release) continue;
    for (const r of d.candidate.source) {
      if (!isDns(r)) {
        hidden.add(r);
        continue;
      }
      const owner = (r as LiveResource & { ownership: 'ours' }).owner;
      resources.push(frozen(r, tierByName.get(owner.tier), tier, r.kind === 'dns-record' ? d.sourceWeight : undefined));
    }
  }
  return {
    desired: { ...desired, resources },
    live: hidden.size === 0 ? live : { ...live, resources: live.resources.filter((r) => !hidden.has(r)) },
  };
}
