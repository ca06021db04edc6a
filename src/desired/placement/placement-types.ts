// The contract between the placement solver, the topology compiler and live discovery.
import type { InfraGroupKey } from '../model.js';

/** Where tenants live now, read back from ownership tags (docs/design.md §4.5): tenant name -> the infra
 * groups holding its resources (one, or two while it migrates). Empty when nothing is placed. */
export type LivePlacement = ReadonlyMap<string, readonly InfraGroupKey[]>;

export interface TenantPlacement {
  readonly tenant: string;
  readonly tier: string;
  /** The infra groups that host the tenant; the first is its home. */
  readonly infraGroups: readonly InfraGroupKey[];
  /** `live`: kept where it already was; `new`: placed by the solver in this run; `move`: placed
   * by the solver away from where it lives (`from`), because its tier or pin changed or its infra
   * group drains. The move engine (src/engine/moves/) executes it (docs/moves.md). */
  readonly origin: 'live' | 'new' | 'move';
  /** For a move: the infra groups the tenant lives in now. */
  readonly from?: readonly InfraGroupKey[];
}

/** A move placement cannot make: the tenant stays where it lives, untouched, reported. */
export interface RefusedMove {
  readonly tenant: string;
  readonly tier: string;
  readonly from: readonly InfraGroupKey[];
  readonly reason: string;
  readonly remedy: string;
}

export interface Unschedulable {
  readonly tenant: string;
  readonly tier: string;
  /** Why it fits nowhere, e.g. "3 of 3 infra groups of tier-1 are full". */
  readonly reason: string;
  /** What an operator can do, e.g. "add an InfraGroup to tier-1". */
  readonly remedy: string;
}

export interface Usage {
  readonly used: number;
  /** The configured limit (AWS quota or tier cap). */
  readonly limit: number;
  /** What new placements may fill up to: the limit less the tier's headroom. */
  readonly placeable: number;
}

export interface InfraGroupFill {
  readonly key: InfraGroupKey;
  readonly targetGroups: Usage;
  readonly rules: Usage;
  readonly tenants: Usage;
}

/** A drained infra group (docs/drain-and-decommission.md §2): the tenants live in it now, and
 * those that cannot leave it (no room elsewhere, a pin) with why. Its listener, ALB, endpoints
 * and tier record stay wanted while `hosting` is not empty. */
export interface DrainingInfraGroup {
  readonly key: InfraGroupKey;
  /** `file:line` of its InfraGroup manifest. */
  readonly source: string;
  /** Tenants live placement finds in it, sorted. */
  readonly hosting: readonly string[];
  /** Tenants kept in it because they fit nowhere else; they stay until room is made. */
  readonly refused: readonly Unschedulable[];
}

export interface PlacementResult {
  readonly placements: readonly TenantPlacement[];
  readonly unschedulable: readonly Unschedulable[];
  readonly fill: readonly InfraGroupFill[];
  /** Moves that cannot be made (a full destination, a pin to nowhere); absent = none. */
  readonly refusedMoves?: readonly RefusedMove[];
  /** Every drained infra group of the set; absent = none drained. */
  readonly draining?: readonly DrainingInfraGroup[];
}
