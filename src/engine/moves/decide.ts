// The move protocol's state machine (docs/moves.md): one decision per move per pass, from what
// live AWS says alone (record weights, the destination TXT's move tags), the gate, and the clock.
// Pure. Each pass takes at most one step per move, and never one past an unchecked gate:
//
//   waiting -> making (weight 0) -> gating -> step 1 .. step n (bake, gate each pass) -> releasing
//                                               \-- gate fails --> rolled back (one change)
import { TENANT_RECORD_WEIGHT } from '../../desired/topology/dns-records.js';
import type { Migration } from '../../desired/model.js';
import type { LiveResource } from '../../plan/live-resource.js';
import { markerTags, readMarker, reasonCode } from './move-marker.js';
import type { GateResult, MoveCandidate, MoveDecision, MoveMarker, MoveReport, MoveState } from './move-types.js';
import { infraGroupKeyString } from '../../desired/model.js';

/** Route 53 answers an alias to an ALB with the ALB's own TTL, 60 s (docs/moves.md). */
export const ALIAS_TTL_SECONDS = 60;

export interface DecideInput {
  readonly candidate: MoveCandidate;
  readonly migration: Migration;
  /** Epoch ms. */
  readonly now: number;
  /** A short hash of the tenant's manifest: a new one retries a rolled-back move. */
  readonly revision: string;
  /** `--retry-move`: retry a rolled-back move of this revision. */
  readonly retry: boolean;
  /** Whether the move may start (or has started): concurrency, decided by the caller. */
  readonly slot: boolean;
  /** Whether every desired resource of the destination exists. */
  readonly made: boolean;
  /** The gate, when it was checked (a made destination, not suspended). */
  readonly gate?: GateResult;
  readonly suspended: boolean;
  /** Seconds a client may keep answering with the source after the last shift. */
  readonly ttlSeconds: number;
}

function records(rs: readonly LiveResource[], kind: 'dns-record' | 'dns-ownership'): LiveResource[] {
  return rs.filter((r) => r.kind === kind);
}

function weightOf(r: LiveResource | undefined): number {
  const w = r?.spec['weight'];
  return typeof w === 'number' ? w : 0;
}

/** The step live weights stand at: how many steps the destination's share has reached. */
export function stepOfShare(steps: readonly number[], share: number): number {
  return share <= 0 ? 0 : steps.filter((s) => s <= share).length;
}

/** The weights of step k (0 = all on the source): percentages, the source's at rest 1. */
export function weightsOf(steps: readonly number[], k: number): { readonly from: number; readonly to: number } {
  if (k === 0) return { from: TENANT_RECORD_WEIGHT, to: 0 };
  const p = steps[k - 1] as number;
  return { from: 100 - p, to: p };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function decideMove(input: DecideInput): MoveDecision {
  const { candidate: c, migration, now } = input;
  const { steps } = migration;
  const n = steps.length;
  const nowSeconds = Math.floor(now / 1000);
  const destRecord = records(c.dest, 'dns-record')[0];
  const marker = readMarker(records(c.dest, 'dns-ownership')[0]);
  const sourceRecords = records(c.source, 'dns-record');
  const wS = sourceRecords.reduce((sum, r) => sum + weightOf(r), 0);
  const wD = weightOf(destRecord);
  const from = infraGroupKeyString(c.from);
  const base = { tenant: c.tenant, tier: c.tier, from, to: infraGroupKeyString(c.to), steps, manifest: c.manifest };
  const report = (state: MoveState, step: number, weights: { from: number; to: number }, extra: Partial<MoveReport> = {}): MoveReport => ({
    ...base, state, step, weights, ...extra,
  });
  const at = (m: MoveMarker): MoveDecision['destRecord'] => ({ weight: weightsOf(steps, m.step).to, moveTags: markerTags(m) });

  // Released, the destination's record rests at the usual weight, and keeps the move tags until
  // the source is all gone: they are what finds a source in another tier once its records are.
  const released = (m: MoveMarker): MoveDecision['destRecord'] => ({ weight: TENANT_RECORD_WEIGHT, moveTags: markerTags({ from, step: n, since: m.since }) });
  // The source's record is gone and the destination answers: a release under way finishes.
  if (sourceRecords.length === 0 && destRecord !== undefined && wD > 0) {
    return {
      candidate: c, report: report('releasing', n, { from: 0, to: TENANT_RECORD_WEIGHT }), compileIn: 'dest',
      destRecord: released(marker ?? { from, step: n, since: nowSeconds }), sourceWeight: 0, release: true,
    };
  }
  if (c.dest.length === 0 && !input.slot) {
    return { candidate: c, report: report('waiting', 0, { from: wS, to: 0 }, { reason: `${migration.maxConcurrent} moves of ${c.tier} in flight` }), compileIn: 'source', sourceWeight: wS, release: false };
  }
  const share = wD + wS === 0 ? 0 : Math.round((100 * wD) / (wD + wS));
  const k = stepOfShare(steps, share);
  const since = marker !== undefined && marker.step === k ? marker.since : undefined;
  const hold = (state: MoveState, extra: Partial<MoveReport> = {}, wakeAt?: number): MoveDecision => {
    const m: MoveMarker = marker !== undefined && marker.step === k ? marker : { from, step: k, since: nowSeconds };
    return {
      candidate: c,
      report: report(state, k, weightsOf(steps, k), { since: iso(m.since * 1000), ...extra, ...(wakeAt !== undefined ? { nextAt: iso(wakeAt) } : {}) }),
      compileIn: 'dest', destRecord: at(m), sourceWeight: weightsOf(steps, k).from, release: false,
      ...(wakeAt !== undefined ? { wakeAt } : {}),
    };
  };
  const go = (step: number, state: MoveState): MoveDecision => {
    const m: MoveMarker = { from, step, since: nowSeconds };
    const bake = (migration.bakeSeconds + (step === n ? input.ttlSeconds : 0)) * 1000;
    return {
      candidate: c,
      report: report(state, step, weightsOf(steps, step), { since: iso(now), nextAt: iso(nowSeconds * 1000 + bake) }),
      compileIn: 'dest', destRecord: at(m), sourceWeight: weightsOf(steps, step).from, release: false, wakeAt: nowSeconds * 1000 + bake,
    };
  };

  if (input.suspended) return hold('held', { reason: 'suspended' });
  if (k === 0 && marker?.rolledBack !== undefined && marker.rolledBack.revision === input.revision && !input.retry) {
    return hold('rolled-back', { reason: marker.rolledBack.reason });
  }
  if (k === 0) {
    if (!input.made) return hold('making');
    if (input.gate === undefined || !input.gate.ok) return hold('gating', input.gate?.ok === false ? { reason: input.gate.reason } : {});
    return go(1, 'shifting');
  }
  // 0 < k <= n: a gate that fails at any time during a step rolls the weights back in one change.
  if (input.gate !== undefined && !input.gate.ok) {
    const m: MoveMarker = { from, step: 0, since: nowSeconds, rolledBack: { reason: reasonCode(input.gate.reason), revision: input.revision } };
    return {
      candidate: c,
      report: report('rolled-back', 0, weightsOf(steps, 0), { since: iso(now), reason: input.gate.reason }),
      compileIn: 'dest', destRecord: at(m), sourceWeight: weightsOf(steps, 0).from, release: false,
    };
  }
  // Without a readable start (weights set by hand, or a marker of another step), the bake starts now.
  const started = since ?? nowSeconds;
  const bakeEnd = (started + migration.bakeSeconds + (k === n ? input.ttlSeconds : 0)) * 1000;
  if (input.gate === undefined || now < bakeEnd) return hold('shifting', {}, bakeEnd);
  if (k < n) return go(k + 1, 'shifting');
  return {
    candidate: c,
    report: report('releasing', n, { from: 0, to: TENANT_RECORD_WEIGHT }, { since: iso(started * 1000) }),
    compileIn: 'dest', destRecord: released({ from, step: n, since: started }), sourceWeight: 0, release: true,
  };
}
