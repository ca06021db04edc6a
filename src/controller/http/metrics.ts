// The daemon's Prometheus metrics, in a Registry of their own (never prom-client's global one, so
// tests and embedders can make as many as they like). It is the StatusStore's MetricsSink.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AwsCallOutcome, DriftByKind, MetricsSink, TierPassResult } from './status-store.js';
import { CapacityGauges } from './capacity-metrics.js';
import type { TierCapacity } from '../../desired/placement/capacity-report.js';
import { MOVE_STATES } from '../../plan/move-report.js';

/** The event-loop lag sampler's resolution. prom-client's default (10 ms) wakes an idle
 * controller 100 times a second, about 1% of a core; lags that matter here are far longer. */
const EVENT_LOOP_PRECISION_MS = 100;

/** Seconds: a pass with nothing to do takes well under a second, one that creates an ALB minutes. */
const PASS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class ControllerMetrics implements MetricsSink {
  readonly registry = new Registry();
  private readonly passes: Counter<'tier' | 'result'>;
  private readonly passDuration: Histogram<'tier'>;
  private readonly lastPass: Gauge<'tier'>;
  private readonly drift: Gauge<'tier' | 'kind'>;
  private readonly awsCalls: Counter<'service' | 'operation' | 'outcome'>;
  private readonly awsAttempts: Counter<'service' | 'operation' | 'outcome'>;
  private readonly awsRetries: Counter<'service' | 'operation' | 'error_class'>;
  private readonly depth: Gauge;
  private readonly leases: Gauge;
  private readonly applied: Gauge<'tier' | 'revision'>;
  private readonly source: Gauge<'revision'>;
  private readonly invalid: Gauge;
  private readonly moveStates: Gauge<'tier' | 'state'>;
  private readonly orphaned: Gauge;
  /** Label values set per tier, so that a changed set replaces the old one instead of piling up. */
  private readonly driftKinds = new Map<string, readonly string[]>();
  private readonly appliedRevisions = new Map<string, string>();
  private readonly capacityGauges: CapacityGauges;

  constructor(options: { readonly defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.passes = new Counter({
      name: 'tiered_passes_total',
      help: 'Reconcile passes by tier and result (in-sync, applied, drift, degraded, failed).',
      labelNames: ['tier', 'result'],
      registers,
    });
    this.passDuration = new Histogram({
      name: 'tiered_pass_duration_seconds',
      help: 'Duration of reconcile passes.',
      labelNames: ['tier'],
      buckets: PASS_BUCKETS,
      registers,
    });
    this.lastPass = new Gauge({
      name: 'tiered_last_pass_timestamp_seconds',
      help: 'Unix time at which the last pass of the tier finished.',
      labelNames: ['tier'],
      registers,
    });
    this.drift = new Gauge({
      name: 'tiered_drift_actions',
      help: 'Actions the last pass of the tier planned (drift), by resource kind.',
      labelNames: ['tier', 'kind'],
      registers,
    });
    this.awsCalls = new Counter({
      name: 'tiered_aws_calls_total',
      help: 'AWS API calls by service, operation and outcome (ok or the error class).',
      labelNames: ['service', 'operation', 'outcome'],
      registers,
    });
    this.awsAttempts = new Counter({
      name: 'tiered_aws_attempts_total',
      help: 'HTTP attempts of AWS API calls (first attempts and SDK retries) by service, operation and outcome (ok or the error class).',
      labelNames: ['service', 'operation', 'outcome'],
      registers,
    });
    this.awsRetries = new Counter({
      name: 'tiered_aws_retries_total',
      help: 'SDK retries of AWS API calls by service, operation and the error class of the attempt retried.',
      labelNames: ['service', 'operation', 'error_class'],
      registers,
    });
    this.depth = new Gauge({ name: 'tiered_queue_depth', help: 'Tiers waiting for a worker.', registers });
    this.leases = new Gauge({ name: 'tiered_leases_held', help: 'Tier leases this controller holds.', registers });
    this.applied = new Gauge({
      name: 'tiered_applied_revision_info',
      help: 'The source revision last reconciled for the tier (value always 1).',
      labelNames: ['tier', 'revision'],
      registers,
    });
    this.source = new Gauge({
      name: 'tiered_source_revision_info',
      help: 'The newest revision loaded from the manifest source (value always 1).',
      labelNames: ['revision'],
      registers,
    });
    this.invalid = new Gauge({
      name: 'tiered_manifest_validation_errors',
      help: 'Validation errors of the newest revision; above 0 it is not applied.',
      registers,
    });
    this.capacityGauges = new CapacityGauges(registers);
    this.moveStates = new Gauge({
      name: 'tiered_moves',
      help: 'Tenant moves by tier and state (waiting, making, gating, shifting, releasing, rolled-back, refused, held) as the last pass of the tier left them (docs/moves.md).',
      labelNames: ['tier', 'state'],
      registers,
    });
    this.orphaned = new Gauge({
      name: 'tiered_orphaned_tiers',
      help: 'Tiers not in the manifests that tiered still owns resources of; they are left alone until decommissioned.',
      registers,
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_PRECISION_MS });
  }

  /** The exposition text and its content type, for GET /metrics. */
  async render(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  pass(tier: string, result: TierPassResult, durationMs: number, drift: DriftByKind): void {
    this.passes.inc({ tier, result });
    this.passDuration.observe({ tier }, durationMs / 1000);
    this.lastPass.set({ tier }, Date.now() / 1000);
    // A kind whose drift was settled shows 0 (what remains), not a vanished series.
    const kinds = [...new Set([...(this.driftKinds.get(tier) ?? []), ...Object.keys(drift)])];
    for (const kind of kinds) this.drift.set({ tier, kind }, drift[kind] ?? 0);
    this.driftKinds.set(tier, kinds);
  }

  appliedRevision(tier: string, revision: string): void {
    const previous = this.appliedRevisions.get(tier);
    if (previous !== undefined && previous !== revision) this.applied.remove({ tier, revision: previous });
    this.applied.set({ tier, revision }, 1);
    this.appliedRevisions.set(tier, revision);
  }

  awsCall(service: string, operation: string, outcome: AwsCallOutcome): void {
    this.awsCalls.inc({ service, operation, outcome });
  }

  awsAttempt(service: string, operation: string, outcome: AwsCallOutcome, retryOf?: string): void {
    this.awsAttempts.inc({ service, operation, outcome });
    if (retryOf !== undefined) this.awsRetries.inc({ service, operation, error_class: retryOf });
  }

  sourceRevision(revision: string): void {
    this.source.reset();
    this.source.set({ revision }, 1);
  }

  validationErrors(count: number): void {
    this.invalid.set(count);
  }

  queueDepth(depth: number): void {
    this.depth.set(depth);
  }

  leasesHeld(count: number): void {
    this.leases.set(count);
  }

  capacity(tier: string, capacity: TierCapacity): void {
    this.capacityGauges.set(tier, capacity);
  }

  moves(tier: string, byState: Readonly<Record<string, number>>): void {
    for (const state of MOVE_STATES) this.moveStates.set({ tier, state }, byState[state] ?? 0);
  }

  orphanedTiers(count: number): void {
    this.orphaned.set(count);
  }

  forgetTier(tier: string): void {
    this.capacityGauges.forget(tier);
    for (const state of MOVE_STATES) this.moveStates.remove({ tier, state });
    for (const kind of this.driftKinds.get(tier) ?? []) this.drift.remove({ tier, kind });
    this.driftKinds.delete(tier);
    const revision = this.appliedRevisions.get(tier);
    if (revision !== undefined) this.applied.remove({ tier, revision });
    this.appliedRevisions.delete(tier);
    this.lastPass.remove({ tier });
  }
}
