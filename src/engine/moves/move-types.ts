// The data of a live move (docs/moves.md): what the pass found, what it decided, what it reports.
// A move's progress lives in AWS (the two records' weights, the move tags on the destination
// record's ownership TXT), never in memory: every type here is rebuilt from live state each pass.
import type { InfraGroupKey, SourceLocation } from '../../desired/model.js';
import type { RecordOverride } from '../../desired/topology/dns-records.js';
import type { LiveResource } from '../../plan/live-resource.js';

import type { MoveReport, MoveState } from '../../plan/move-report.js';
export type { MoveReport, MoveState };

/** The move tags of a destination record's ownership TXT (tags.ts `move*`). */
export interface MoveMarker {
  readonly from: string;
  readonly step: number;
  /** Unix seconds when the weights of `step` were written. */
  readonly since: number;
  readonly rolledBack?: { readonly reason: string; readonly revision: string };
}

/** A tenant whose desired infra group differs from where it lives, with its live resources. */
export interface MoveCandidate {
  readonly tenant: string;
  /** The destination's tier (the tenant's manifest tier). */
  readonly tier: string;
  readonly manifest: SourceLocation;
  readonly from: InfraGroupKey;
  readonly to: InfraGroupKey;
  /** The tenant's live resources of ours in the source and in the destination. */
  readonly source: readonly LiveResource[];
  readonly dest: readonly LiveResource[];
}

/** What the gate found for a made destination: ready, or why not. */
export type GateResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };


/** What one pass does for one move. */
export interface MoveDecision {
  readonly candidate: MoveCandidate;
  readonly report: MoveReport;
  /** `dest`: the tenant compiles in its destination (and the source is frozen as it lives);
   * `source`: the move has not started, the tenant stays compiled where it lives. */
  readonly compileIn: 'dest' | 'source';
  /** The destination record's weight and move tags (when compiled in `dest`). */
  readonly destRecord?: RecordOverride;
  /** The weight every source record gets. */
  readonly sourceWeight: number;
  /** The source is deleted in this pass (after 100 %, TTL and bake). */
  readonly release: boolean;
  /** Epoch ms at which the move can take its next step: the daemon passes again then. */
  readonly wakeAt?: number;
}
