// What an observation of one tier takes and gives (docs/observe.md). The live state is the
// controller's memory (docs/design.md §4.5): everything here is read back from AWS on every pass.
import type { LivePlacement } from '../desired/placement/placement-types.js';
import type { InfraGroupKey, ManifestSet } from '../desired/model.js';
import type { LiveHints } from '../desired/topology/live-hints.js';
import type { LiveState } from '../plan/live-resource.js';
import type { ResolvedScope } from './scope.js';

export interface ObserveScope {
  /** Observe only these tenants of the tier and the infra groups that (live) host them, or
   * that their manifests pin them to: an event-driven pass whose reads do not grow with the
   * tier. The diff of such an observation must be taken against a desired topology cut to the
   * same scope (see `inScope`), or everything outside it would look missing. */
  readonly tenants?: readonly string[];
  /** Infra groups (`tier/cell/infraGroup`) to observe besides those the tenants live in: where
   * the caller is about to place one of them. */
  readonly infraGroups?: readonly string[];
}

export interface ObserveInput {
  readonly set: ManifestSet;
  readonly tier: string;
  /** The value of `tiered.dev/managed-by` this controller writes. */
  readonly instanceId: string;
  readonly scope?: ObserveScope;
}

/** A read that failed: the tier must not be applied from this observation, since what could not
 * be read would look missing. `cell` is absent for the tier's DNS. */
export interface ObserveError {
  readonly tier: string;
  readonly cell?: string;
  readonly message: string;
  /** The AWS error code, when AWS gave one (AccessDenied, …). */
  readonly code?: string;
}

export interface TierObservation {
  readonly tier: string;
  readonly live: LiveState;
  /** Tenant -> the infra groups its owned resources sit in, from their tags. */
  readonly placement: LivePlacement;
  /** Rule priorities to keep and to avoid (hintsFromLive of every rule read, and of the rules
   * a scoped pass read only as occupied priorities). */
  readonly hints: LiveHints;
  readonly errors: readonly ObserveError[];
  /** The scope observed, with the infra groups it reached; absent = the whole tier. `live`
   * then holds our resources inside it only (and every foreign one seen), while `hints` weigh
   * every rule of the listeners read, so priorities of tenants outside the scope stay taken
   * (those rules' owners are not read: rules-to-tag.ts). */
  readonly scope?: ResolvedScope;
  /** Tenants of this tier whose records, in a tenant domain shared with other tiers, another
   * tier owns: where they live before they move here (docs/moves.md). */
  readonly elsewhere?: ReadonlyMap<string, readonly InfraGroupKey[]>;
}
