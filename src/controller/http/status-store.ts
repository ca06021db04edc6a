// What the daemon knows about itself, as a plain in-memory model: the daemon writes it through
// the methods below, `/status` serves its snapshot, `/readyz` reads it, and every write is
// mirrored to a MetricsSink (Prometheus, metrics.ts). No I/O here.
import type { InfraGroupFill, Unschedulable } from '../../desired/placement/placement-types.js';
import { infraGroupKeyString } from '../../desired/model.js';
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
  };
  readonly errors: readonly string[];
  /** Which tenants' services did not roll out, and why (the last pass's finding). */
  readonly degraded: readonly DegradedService[];
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
  errors: readonly string[];
  degraded: readonly DegradedService[];
}

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
    this.metrics.pass(tier, result, durationMs, drift);
    if (result !== 'failed' && revision !== null) {
      model.revision = revision;
      this.metrics.appliedRevision(tier, revision);
    }
  }

  setPlacement(tier: string, fill: readonly InfraGroupFill[], unschedulable: readonly Unschedulable[]): void {
    const model = this.tier(tier);
    model.fill = fill.map(({ key, ...usage }) => ({ infraGroup: infraGroupKeyString(key), ...usage }));
    model.unschedulable = [...unschedulable];
  }

  recordAwsCall(service: string, operation: string, outcome: AwsCallOutcome): void {
    this.metrics.awsCall(service, operation, outcome);
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
    for (const name of [...this.tiers.keys()].sort()) {
      const t = this.tiers.get(name)!;
      tiers[name] = {
        tier: name,
        revision: t.revision ?? null,
        lastPass: t.lastPass ?? null,
        drift: { total: Object.values(t.drift).reduce((a, b) => a + b, 0), byKind: t.drift },
        placement: { fill: t.fill, unschedulable: t.unschedulable },
        errors: t.errors,
        degraded: t.degraded,
      };
    }
    return {
      source: {
        location: this.location ?? null,
        revision: this.revision ?? null,
        error: this.sourceError,
        validation: this.validation,
      },
      leases: this.leases,
      awsGone: this.awsGone,
      queueDepth: this.depth,
      tiers,
      orphanedTiers: this.orphaned,
    };
  }

  private tier(name: string): TierModel {
    let model = this.tiers.get(name);
    if (!model) {
      model = { drift: {}, fill: [], unschedulable: [], errors: [], degraded: [] };
      this.tiers.set(name, model);
    }
    return model;
  }
}
