// A live move as the plan, /status, the metrics and the log report it (docs/moves.md). The
// engine (src/engine/moves/) fills it from live state each pass.
import type { SourceLocation } from '../desired/model.js';

/** Where a move stands, as /status, the plan and `tiered_moves{state}` name it:
 * - `waiting`: no slot yet (migration.maxConcurrent moves of the tier are in flight);
 * - `making`: the destination's resources are being created (step 0, weight 0);
 * - `gating`: made, waiting for the gate (stable services, healthy targets, no alarm);
 * - `shifting`: at a step, baking; the gate is checked every pass;
 * - `releasing`: all traffic on the destination; the source is being deleted;
 * - `rolled-back`: the gate failed during a step; weights are back on the source and the move
 *   waits for a new revision of the tenant or `--retry-move`;
 * - `refused`: the move cannot be made (a full destination, a pin to nowhere, a tier that cannot
 *   serve the tenant); nothing is done for it;
 * - `held`: the tenant (or its tier) is suspended: reported, not advanced. */
export const MOVE_STATES = ['waiting', 'making', 'gating', 'shifting', 'releasing', 'rolled-back', 'refused', 'held'] as const;
export type MoveState = (typeof MOVE_STATES)[number];

export interface MoveReport {
  readonly tenant: string;
  readonly tier: string;
  /** `tier/cell/infraGroup` of the source and the destination. */
  readonly from: string;
  readonly to: string;
  readonly state: MoveState;
  /** Steps taken (0 before the first shift) and the steps of the migration. */
  readonly step: number;
  readonly steps: readonly number[];
  /** Route 53 weights of the source's and the destination's record, as set by this pass's plan. */
  readonly weights: { readonly from: number; readonly to: number };
  /** When the current step began (ISO 8601), when known. */
  readonly since?: string;
  /** When the next step may go (ISO 8601): the end of the bake, or of TTL + bake at 100 %. */
  readonly nextAt?: string;
  /** Why the move is refused, rolled back, gating or held. */
  readonly reason?: string;
  /** The tenant's manifest, so a refusal names file:line. */
  readonly manifest: SourceLocation;
}
