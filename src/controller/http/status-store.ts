// What the daemon knows about itself, as a plain in-memory model: the daemon writes it through
// the methods below, `/status` serves its snapshot, `/readyz` reads it, and every write is
// mirrored to a MetricsSink (Prometheus, metrics.ts). No I/O here.
import type { InfraGroupFill, TenantPlacement, Unschedulable } from '../../desired/placement/placement-types.js';
import type { TierCapacity } from '../../desired/placement/capacity-report.js';
import type { MoveReport } from '../../plan/move-report.js';
import { infraGroupKeyString } from '../../desired/model.js';
import type { TenantSummary } from '../../desired/topology/tenant-summary.js';
import type { DegradedService } from '../../plan/rollout-health.js';

/**
 * How a tier's pass ended: `in-sync` nothing to change; `applied` changes made; `drift` changes
 * found but not made (--dry-run, suspend); `pending` changes made but some wait for AWS to
 * settle (ECS tasks draining) and the tier runs again soon; `degraded` nothing left to change,
 * but a service's rollout failed or is stuck (docs/design.md §11.4); `failed` the pass stopped
 * on an error.
 */
export type TierPassResult = 'in-sync' | 'applied' | 'drift' | 'pending' | 'degraded' | 'failed';

/** Drift found by a pass: resource kind (e.g. `target-group`) -> number of planned actions. */
export type DriftByKind = Readonly<Record<string, number>>;

/** The outcome of one AWS call: `ok`, or the error class (`throttling`, `transient`, `terminal`, …). */
export type AwsCallOutcome = string;

export interface PassDetails {
  /** The source revision the pass reconciled. */
  readonly revision?: string;
  /** What went wrong (the pass's error, failed actions); empty on success. */
  readonly errors?: readonly string[];
  /** Services whose rollout failed or is stuck, with ECS's message. */
  readonly degraded?: readonly DegradedService[];
  /** The pass failed reading live state: what it could not read is unknown (docs/status.md). */
  readonly unreadable?: boolean;
  /** The tier's moves as the pass left them (docs/moves.md). */
  readonly moves?: readonly MoveReport[];
}

/** A move in /status (docs/moves.md, "Surfaces"). */
export interface MoveStatus {
  readonly tenant: string;
  readonly from: string;
  readonly to: string;
  readonly step: number;
  readonly steps: number;
  readonly weights: { readonly from: number; readonly to: number };
  readonly state: string;
  readonly since: string | null;
  readonly nextAt: string | null;
  readonly reason: string | null;
}

/** Where the store's writes go besides the model. */
export interface MetricsSink {
  pass(tier: string, result: TierPassResult, durationMs: number, drift: DriftByKind): void;
  appliedRevision(tier: string, revision: string): void;
  awsCall(service: string, operation: string, outcome: AwsCallOutcome): void;
  /** One HTTP attempt; `retryOf` is the error class of the failed attempt it retries. */
  awsAttempt(service: string, operation: string, outcome: AwsCallOutcome, retryOf?: string): void;
  sourceRevision(revision: string): void;
  validationErrors(count: number): void;
  queueDepth(depth: number): void;
  leasesHeld(count: number): void;
  forgetTier(tier: string): void;
  /** The tier's capacity figures (docs/capacity.md §4.1), replacing the last. */
  capacity?(tier: string, capacity: TierCapacity): void;
  /** The tier's moves by state (tiered_moves); sinks that do not count moves leave it out. */
  moves?(tier: string, byState: Readonly<Record<string, number>>): void;
  /** Tiers left out of the manifests that tiered still owns resources of. */
  orphanedTiers(count: number): void;
}

/** A tier dropped from the manifests (docs/drain-and-decommission.md §5): reported, never deleted. */
export interface OrphanedTierStatus {
  readonly tier: string;
  /** `account/cell/infraGroup` of the load balancers found; empty when only this daemon's
   * memory knows the tier left (its accounts are no manifest cell's any more). */
  readonly infraGroups: readonly string[];
}

export interface SourceRevisionStatus {
  readonly revision: string;
  readonly fullRevision: string;
  readonly at: string;
}

export interface TierStatus {
  readonly tier: string;
  /** The revision of the tier's last pass that did not fail. */
  readonly revision: string | null;
  readonly lastPass: {
    readonly at: string;
    readonly result: TierPassResult;
    readonly durationMs: number;
    readonly revision: string | null;
  } | null;
  readonly drift: { readonly total: number; readonly byKind: DriftByKind };
  readonly placement: {
    readonly fill: readonly FillStatus[];
    readonly unschedulable: readonly Unschedulable[];
    /** Where each placed tenant lives, by tenant name (docs/status.md). */
    readonly placements: readonly PlacedTenant[];
  };
  readonly errors: readonly string[];
  /** Which tenants' services did not roll out, and why (the last pass's finding). */
  readonly degraded: readonly DegradedService[];
  /** Tenants moving into the tier, and refused moves (the last pass's finding). */
  readonly moves: readonly MoveStatus[];
  /** Quota and limit use, room for more tenants and the advice, from the last pass's placement
   * (docs/capacity.md §4.1); null before the first. */
  readonly capacity: TierCapacity | null;
}

export interface PlacedTenant {
  readonly tenant: string;
  /** `tier/cell/infraGroup`, the home first (two while the tenant moves). */
  readonly infraGroups: readonly string[];
  readonly origin: TenantPlacement['origin'];
}

/** Why the controller cannot read AWS now: a pass that failed reading, or calls that fail. */
export interface AwsProblem {
  /** The tier whose pass could not read, or absent for a failing AWS call. */
  readonly tier?: string;
  readonly message: string;
  readonly at: string;
}

export interface FillStatus extends Omit<InfraGroupFill, 'key'> {
  /** `tier/cell/infraGroup`. */
  readonly infraGroup: string;
}

export interface StatusSnapshot {
  readonly source: {
    readonly location: string | null;
    readonly revision: SourceRevisionStatus | null;
    readonly error: { readonly message: string; readonly at: string } | null;
    /** Validation errors of the newest revision (which is then not applied). */
    readonly validation: { readonly revision: string; readonly errors: readonly string[] } | null;
  };
  readonly leases: { readonly known: boolean; readonly held: readonly string[] };
  /** Why AWS cannot be reached at all any more (e.g. local AWS exited), or null. */
  readonly awsGone: string | null;
  /** Whether live state can be read now: false while a tier's last pass failed reading or the
   * latest AWS call failed for lack of an answer (docs/status.md). */
  readonly aws: { readonly readable: boolean; readonly problems: readonly AwsProblem[] };
  readonly queueDepth: number;
  readonly tiers: Readonly<Record<string, TierStatus>>;
  /** Tiers not in the manifests that tiered still owns resources of: left alone. */
  readonly orphanedTiers: readonly OrphanedTierStatus[];
}

interface TierModel {
  revision?: string;
  lastPass?: TierStatus['lastPass'];
  drift: DriftByKind;
  fill: readonly FillStatus[];
  unschedulable: readonly Unschedulable[];
  placements: readonly PlacedTenant[];
  summaries: Map<string, TenantSummary>;
  unreadable: AwsProblem | null;
  errors: readonly string[];
  degraded: readonly DegradedService[];
  capacity?: TierCapacity;
  moves: readonly MoveStatus[];
}

/** A call ends `transient` when AWS gave no usable answer after the SDK's retries (5xx, a
 * connection refused or reset, a timeout): src/aws/errors.ts. */
const UNANSWERED = 'transient';

const NO_METRICS: MetricsSink = {
  pass() {},
  appliedRevision() {},
  awsCall() {},
  awsAttempt() {},
  sourceRevision() {},
  validationErrors() {},
  queueDepth() {},
  leasesHeld() {},
  forgetTier() {},
  orphanedTiers() {},
};

export class StatusStore {
  private readonly tiers = new Map<string, TierModel>();
  private location: string | undefined;
  private revision: SourceRevisionStatus | undefined;
  private sourceError: StatusSnapshot['source']['error'] = null;
  private validation: StatusSnapshot['source']['validation'] = null;
  private leases: { known: boolean; held: readonly string[] } = { known: false, held: [] };
  private depth = 0;
  private awsGone: string | null = null;
  /** The latest AWS call that got no answer, unless a call succeeded after it. */
  private unanswered: AwsProblem | null = null;
  private orphaned: readonly OrphanedTierStatus[] = [];

  constructor(
    private readonly metrics: MetricsSink = NO_METRICS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  setSourceLocation(location: string): void {
    this.location = location;
  }

  /** A revision was loaded from the source (whether or not it validates). */
  setRevision(revision: string, fullRevision: string, at: Date = this.now()): void {
    this.revision = { revision, fullRevision, at: at.toISOString() };
    this.metrics.sourceRevision(revision);
  }

  /** The source's last attempt failed (`undefined` clears it). */
  setSourceError(message: string | undefined, at: Date = this.now()): void {
    this.sourceError = message === undefined ? null : { message, at: at.toISOString() };
  }

  /** The validation errors of `revision`; an empty list means it validated. */
  setValidationErrors(revision: string, errors: readonly string[]): void {
    this.validation = errors.length === 0 ? null : { revision, errors: [...errors] };
    this.metrics.validationErrors(errors.length);
  }

  /** The tiers of the revision in force: new ones appear, removed ones are forgotten. */
  setTiers(tiers: readonly string[]): void {
    for (const tier of tiers) this.tier(tier);
    for (const tier of [...this.tiers.keys()]) {
      if (!tiers.includes(tier)) {
        this.tiers.delete(tier);
        this.metrics.forgetTier(tier);
      }
    }
  }

  recordPass(tier: string, result: TierPassResult, durationMs: number, drift: DriftByKind, details: PassDetails = {}): void {
    const model = this.tier(tier);
    const revision = details.revision ?? null;
    model.lastPass = { at: this.now().toISOString(), result, durationMs, revision };
    model.drift = { ...drift };
    model.errors = [...(details.errors ?? [])];
    model.degraded = [...(details.degraded ?? [])];
    model.unreadable = details.unreadable === true ? { tier, message: model.errors[0] ?? 'live state could not be read', at: model.lastPass.at } : null;
    if (details.moves !== undefined || result !== 'failed') {
      model.moves = (details.moves ?? []).map((m) => ({
        tenant: m.tenant, from: m.from, to: m.to, step: m.step, steps: m.steps.length, weights: m.weights, state: m.state,
        since: m.since ?? null, nextAt: m.nextAt ?? null, reason: m.reason ?? null,
      }));
      const byState: Record<string, number> = {};
      for (const m of model.moves) byState[m.state] = (byState[m.state] ?? 0) + 1;
      this.metrics.moves?.(tier, byState);
    }
    this.metrics.pass(tier, result, durationMs, drift);
    if (result !== 'failed' && revision !== null) {
      model.revision = revision;
      this.metrics.appliedRevision(tier, revision);
    }
  }

  setPlacement(
    tier: string,
    fill: readonly InfraGroupFill[],
    unschedulable: readonly Unschedulable[],
    placements: readonly TenantPlacement[] = [],
  ): void {
    const model = this.tier(tier);
    model.fill = fill.map(({ key, ...usage }) => ({ infraGroup: infraGroupKeyString(key), ...usage }));
    model.unschedulable = [...unschedulable];
    model.placements = placements
      .filter((p) => p.tier === tier)
      .map((p) => ({ tenant: p.tenant, infraGroups: p.infraGroups.map(infraGroupKeyString), origin: p.origin }))
      .sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  }

  /**
   * The resources of a pass's tenants (its desired topology). A full pass replaces the tier's;
   * a pass scoped to `scope` replaces those tenants' only (one without resources is forgotten).
   */
  setTenantSummaries(tier: string, summaries: readonly TenantSummary[], scope?: readonly string[]): void {
    const model = this.tier(tier);
    if (scope === undefined) model.summaries.clear();
    else for (const tenant of scope) model.summaries.delete(tenant);
    for (const s of summaries) model.summaries.set(s.tenant, s);
  }

  /** The resources of `tenant` as its tier's last passes compiled them, if any. */
  tenantSummary(tenant: string): TenantSummary | undefined {
    for (const model of this.tiers.values()) {
      const found = model.summaries.get(tenant);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  setCapacity(tier: string, capacity: TierCapacity): void {
    this.tier(tier).capacity = capacity;
    this.metrics.capacity?.(tier, capacity);
  }

  recordAwsCall(service: string, operation: string, outcome: AwsCallOutcome): void {
    this.metrics.awsCall(service, operation, outcome);
    if (outcome === 'ok') this.unanswered = null;
    else if (outcome === UNANSWERED) {
      this.unanswered = { message: `${service} ${operation} got no answer from AWS (after retries); no call has succeeded since`, at: this.now().toISOString() };
    }
  }

  recordAwsAttempt(service: string, operation: string, outcome: AwsCallOutcome, retryOf?: string): void {
    this.metrics.awsAttempt(service, operation, outcome, retryOf);
  }

  setQueueDepth(depth: number): void {
    this.depth = depth;
    this.metrics.queueDepth(depth);
  }

  setOrphanedTiers(tiers: readonly OrphanedTierStatus[]): void {
    this.orphaned = [...tiers];
    this.metrics.orphanedTiers(tiers.length);
  }

  /** AWS is gone for good (the CLI's local AWS exited): not ready, nothing converged. */
  setAwsGone(reason: string): void {
    this.awsGone = reason;
  }

  /** The tiers whose lease this controller holds now; the first call makes lease state known. */
  setLeases(held: readonly string[]): void {
    this.leases = { known: true, held: [...held].sort() };
    this.metrics.leasesHeld(held.length);
  }

  snapshot(): StatusSnapshot {
    const tiers: Record<string, TierStatus> = {};
    const problems: AwsProblem[] = [];
    for (const name of [...this.tiers.keys()].sort()) {
      const t = this.tiers.get(name)!;
      tiers[name] = {
        tier: name,
        revision: t.revision ?? null,
        lastPass: t.lastPass ?? null,
        drift: { total: Object.values(t.drift).reduce((a, b) => a + b, 0), byKind: t.drift },
        placement: { fill: t.fill, unschedulable: t.unschedulable, placements: t.placements },
        errors: t.errors,
        degraded: t.degraded,
        capacity: t.capacity ?? null,
        moves: t.moves,
      };
      if (t.unreadable !== null) problems.push(t.unreadable);
    }
    if (this.unanswered !== null) problems.push(this.unanswered);
    return {
      source: {
        location: this.location ?? null,
        revision: this.revision ?? null,
        error: this.sourceError,
        validation: this.validation,
      },
      leases: this.leases,
      awsGone: this.awsGone,
      aws: { readable: this.awsGone === null && problems.length === 0, problems },
      queueDepth: this.depth,
      tiers,
      orphanedTiers: this.orphaned,
    };
  }

  private tier(name: string): TierModel {
    let model = this.tiers.get(name);
    if (!model) {
      model = { drift: {}, fill: [], unschedulable: [], placements: [], summaries: new Map(), unreadable: null, errors: [], degraded: [], moves: [] };
      this.tiers.set(name, model);
    }
    return model;
  }
}
