// diff: desired topology + live state + options -> Plan. Pure: inputs are never mutated, no
// clock, no I/O; the same inputs give the same plan, actions in dependency order.
import { dependencyOrder } from '../desired/topology/dependency-order.js';
import type { DesiredResource, DesiredTopology } from '../desired/topology/resource.js';
import type { Action, Change, Conflict, Hold, Plan, PlanOptions, PlanValue, TierNotice } from './action.js';
import { actionId } from './action.js';
import { compareSpecs } from './compare.js';
import { linkActions } from './dependencies.js';
import { needsReplacement } from './kinds.js';
import type { LiveResource, LiveState } from './live-resource.js';
import { holderOf, indexLive } from './match.js';
import type { LiveIndex } from './match.js';
import { drainNotices } from './drain-notices.js';
import { DEFAULT_MAX_DELETE_PERCENT, deletionGuard, hold, keepLogData, propagateHolds, pruneFilter, suspendFilter } from './policies.js';
import type { ResolveContext } from './resolve.js';
import { resolveValue } from './resolve.js';
import { routesOverlap } from './route-overlap.js';
import { LookupValues, sameAsLive } from './same-as-live.js';
import { summarise } from './summary.js';
import { WalkKnown } from './walk-known.js';

interface Walk {
  readonly actions: Action[];
  readonly conflicts: Conflict[];
  readonly known: WalkKnown;
  /** Desired key -> the conflict key that keeps it from being made. */
  readonly blocked: Map<string, string>;
  readonly missingByTier: Map<string, Set<string>>;
  /** Live resources matched by identity (adopted or conflicting). One of ours matched by key
   * needs no entry: its key is desired, which is what spares it from deletion. */
  readonly matched: Set<LiveResource>;
  /** How many desired keys found a live resource of ours. */
  oursMatched: number;
  /** Ownership TXT key -> the conflicting record it would claim (see claimsOfConflicts). */
  readonly claims: ReadonlyMap<string, string>;
  /** One resolve context for the whole walk; `missing` is emptied before each resource. */
  readonly resolve: ResolveContext;
  readonly missing: Set<string>;
  readonly lookupValues: LookupValues;
}

/** The desired spec as a plan shows it: references live state cannot resolve stay unknown. */
function planSpec(d: DesiredResource, ctx: ResolveContext): Readonly<Record<string, PlanValue>> {
  return resolveValue(d.spec, ctx) as Readonly<Record<string, PlanValue>>;
}

/** A live rule not ours, on the same listener, that routes some of the desired rule's requests. */
function routeRival(d: DesiredResource, listenerArn: string | undefined, index: LiveIndex, ctx: ResolveContext): LiveResource | undefined {
  const others = listenerArn !== undefined ? index.rulesNotOursByListener.get(listenerArn) : undefined;
  const field = d.spec['conditions'];
  if (others === undefined || field === undefined) return undefined;
  const conditions = resolveValue(field, ctx);
  if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) return undefined;
  return others.find((r) =>
    routesOverlap(conditions as Readonly<Record<string, PlanValue>>, r.spec['conditions'] as Readonly<Record<string, PlanValue>>),
  );
}

function conflictMessage(d: DesiredResource, holder: LiveResource): string {
  const who = holder.ownership === 'other-owner' ? 'another tiered instance' : 'a resource tiered does not own';
  return `${d.kind} ${d.identity.name} is held by ${who} (${holder.aws.arn ?? holder.aws.id ?? holder.aws.name}); left untouched`;
}

function planOne(d: DesiredResource, index: LiveIndex, live: LiveState, options: PlanOptions, w: Walk): void {
  const missing = w.missing;
  // Set.clear allocates a new table even when empty: 101,000 of them on a pass.
  if (missing.size > 0) missing.clear();
  const ctx = w.resolve;
  const parent = d.identity.parent !== undefined ? resolveValue(d.identity.parent, ctx) : undefined;
  // Without any conflict (the usual pass) nothing is blocked: no lookup per dependency.
  let blockedBy = w.claims.size > 0 ? w.claims.get(d.key) : undefined;
  if (w.blocked.size > 0) {
    for (let i = 0; blockedBy === undefined && i < d.dependsOn.length; i++) blockedBy = w.blocked.get(d.dependsOn[i] as string);
  }
  if (blockedBy !== undefined) w.blocked.set(d.key, blockedBy);
  const mine = index.ours.get(d.key);
  const listenerArn = typeof parent === 'string' ? parent : undefined;
  const rival = d.kind === 'listener-rule' ? routeRival(d, listenerArn, index, ctx) : undefined;
  // In sync: nothing to resolve into a copy, nothing to report (the case of nearly every
  // resource on a periodic pass).
  if (mine !== undefined) w.oursMatched++;
  if (rival === undefined && mine !== undefined && sameAsLive(d.spec, mine.spec, w.known, w.lookupValues)) {
    return;
  }
  const spec = planSpec(d, ctx);
  const base = { kind: d.kind, key: d.key, owner: d.owner, dependsOn: [] as readonly string[], desired: d };
  const blockHold: Hold | undefined =
    blockedBy !== undefined ? { reason: 'blocked-by-conflict', conflict: blockedBy }
    : missing.size > 0 ? { reason: 'missing-reference', lookups: [...missing].sort() }
    : undefined;
  if (missing.size > 0) {
    const set = w.missingByTier.get(d.owner.tier) ?? new Set<string>();
    missing.forEach((m) => set.add(m));
    w.missingByTier.set(d.owner.tier, set);
  }
  const withHold = blockHold !== undefined ? { hold: blockHold } : {};

  if (rival !== undefined) {
    w.conflicts.push({
      kind: d.kind, key: d.key, owner: d.owner, aws: rival.aws,
      ownership: rival.ownership === 'other-owner' ? 'other-owner' : 'foreign',
      reason: 'conflict',
      message: `listener rule at priority ${rival.aws.name}, which tiered does not own, routes requests of tenant ${d.owner.tenant ?? ''} on this listener; left untouched`,
    });
    // A rule of ours already there keeps being reconciled; a new one is not added beside it.
    if (mine === undefined) {
      w.blocked.set(d.key, d.key);
      return;
    }
  }
  if (mine !== undefined) {
    const changes = compareSpecs(spec, mine.spec);
    const replace = needsReplacement(d.kind, changes);
    if (replace) w.known.replace(d.key);
    if (changes.length > 0) {
      w.actions.push({ ...base, ...withHold, id: actionId('update', d.key), action: 'update', reason: 'drifted', aws: mine.aws, live: mine, changes, replace });
    }
    return;
  }
  const holder = holderOf(d, index, typeof parent === 'string' ? parent : undefined);
  if (holder !== undefined) {
    w.matched.add(holder);
    if (holder.ownership === 'foreign' && (d.adopt === true || options.adopt === true)) {
      const changes: readonly Change[] = compareSpecs(spec, holder.spec);
      if (!needsReplacement(d.kind, changes)) w.known.adopt(d.key, holder.attrs);
      w.actions.push({ ...base, ...withHold, id: actionId('adopt', d.key), action: 'adopt', reason: 'unowned', aws: holder.aws, live: holder, changes });
      return;
    }
    w.conflicts.push({
      kind: d.kind, key: d.key, owner: d.owner, aws: holder.aws,
      ownership: holder.ownership === 'foreign' ? 'foreign' : 'other-owner',
      reason: 'conflict', message: conflictMessage(d, holder),
    });
    w.blocked.set(d.key, d.key);
    return;
  }
  // An ALB to adopt by ARN that is not there cannot be created in its place: hold and report.
  const adoptMissing: Hold | undefined =
    d.adopt === true ? { reason: 'missing-reference', lookups: [d.identity.arn ?? d.identity.name] } : undefined;
  if (adoptMissing !== undefined) {
    const set = w.missingByTier.get(d.owner.tier) ?? new Set<string>();
    adoptMissing.lookups.forEach((m) => set.add(m));
    w.missingByTier.set(d.owner.tier, set);
  }
  w.actions.push({
    ...base, ...(adoptMissing !== undefined ? { hold: adoptMissing } : withHold),
    id: actionId('create', d.key), action: 'create', reason: 'missing', aws: { name: d.identity.name },
  });
}

/**
 * The ownership TXT records that must not be written because the record they would claim is
 * held by something not ours. The TXT goes out before its record (so a crash never leaves a
 * record nobody owns); were it written beside a foreign record at our name and SetIdentifier,
 * the next pass would read that record as ours and change it.
 */
function claimsOfConflicts(desired: DesiredTopology, index: LiveIndex, options: PlanOptions): Map<string, string> {
  const claims = new Map<string, string>();
  for (const d of desired.resources) {
    if (d.kind !== 'dns-record' || index.ours.has(d.key)) continue;
    const holder = holderOf(d, index, undefined);
    if (holder === undefined || (holder.ownership === 'foreign' && (d.adopt === true || options.adopt === true))) continue;
    const txt = desired.resources.find((r) => r.kind === 'dns-ownership' && d.dependsOn.includes(r.key));
    if (txt !== undefined) claims.set(txt.key, d.key);
  }
  return claims;
}

/** Deletes for live resources of ours that nothing desired names. When every one of them (no
 * two under one key) was found by a desired key, there is none, and no set of 101,000 desired
 * keys is built to prove it (bench scenario 4). */
function orphans(desired: DesiredTopology, live: LiveState, index: LiveIndex, w: Walk): void {
  let oursLive = 0;
  for (const r of live.resources) if (r.ownership === 'ours') oursLive++;
  if (oursLive === index.ours.size && w.oursMatched === index.ours.size) return;
  const desiredKeys = new Set(desired.resources.map((d) => d.key));
  for (const r of live.resources) {
    if (r.ownership !== 'ours' || desiredKeys.has(r.key) || w.matched.has(r)) continue;
    w.actions.push({
      id: actionId('delete', r.key), kind: r.kind, key: r.key, owner: r.owner, aws: r.aws,
      dependsOn: [], action: 'delete', reason: 'orphaned', live: r,
    });
  }
}

export function diff(desired: DesiredTopology, live: LiveState, options: PlanOptions = {}): Plan {
  const index = indexLive(live);
  const claims = claimsOfConflicts(desired, index, options);
  const known = new WalkKnown(index.ours);
  const missing = new Set<string>();
  const w: Walk = {
    actions: [], conflicts: [], known, blocked: new Map(), missingByTier: new Map(), matched: new Set(), oursMatched: 0, claims,
    resolve: { known, lookups: live.lookups, missingLookups: missing }, missing, lookupValues: new LookupValues(live.lookups),
  };
  for (const d of desired.resources) planOne(d, index, live, options, w);

  orphans(desired, live, index, w);

  const policyByTier = new Map(desired.tiers.map((t) => [t.tier, t]));
  // A decommissioned tier is gone as far as log data is concerned, always prunes, and is past
  // the mass-delete guard: its confirmed manifest is the operator's explicit word.
  const decommissioned = new Set(desired.tiers.flatMap((t) => (t.decommissioned === true ? [t.tier] : [])));
  const standing = new Set([...policyByTier.keys()].filter((t) => !decommissioned.has(t)));
  let actions = pruneFilter(
    linkActions(keepLogData(w.actions, standing)),
    (tier) => (decommissioned.has(tier) ? 'sync' : options.policy ?? policyByTier.get(tier)?.prune ?? 'sync'),
  );
  const tierNames = [...new Set([...desired.tiers.map((t) => t.tier), ...actions.map((a) => a.owner.tier)])].filter((t) => !decommissioned.has(t)).sort();
  const guard = deletionGuard(
    actions, tierNames, live.resources,
    (tier) => new Set([
      ...desired.resources.flatMap((d) => (d.owner.tier === tier && d.owner.tenant !== undefined ? [d.owner.tenant] : [])),
      ...(options.moved ?? []),
    ]),
    options.maxDeletePercent ?? DEFAULT_MAX_DELETE_PERCENT,
    options.allowMassDelete === true,
  );
  // A missing reference is an error for its whole tier: nothing of it is applied.
  actions = guard.actions.map((a) => {
    const missing = w.missingByTier.get(a.owner.tier);
    return missing === undefined ? a : hold(a, { reason: 'missing-reference', lookups: [...missing].sort() });
  });
  actions = suspendFilter(actions, desired.tiers);
  actions = propagateHolds(dependencyOrder(actions, (a) => a.id, (a) => a.dependsOn));

  const notices: TierNotice[] = [
    ...[...w.missingByTier].map(([tier, keys]) => ({ tier, message: `missing references: ${[...keys].sort().join(', ')}` })),
    ...guard.notices,
    ...drainNotices(options.placement, desired.tiers),
  ].sort((a, b) => (a.tier < b.tier ? -1 : a.tier > b.tier ? 1 : 0));
  const conflicts = [...w.conflicts].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    actions,
    conflicts,
    notices,
    placement: options.placement?.placements ?? [],
    unschedulable: options.placement?.unschedulable ?? [],
    summary: summarise(actions, conflicts),
  };
}
