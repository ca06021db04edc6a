// The long-running controller (docs/design.md §9.2): a manifest source feeds revisions; each valid one is
// compared with the last and the tiers it touches are enqueued; the scheduler runs tier passes
// (tier-pass.ts) under the tiers' leases, with a jittered full resync and backoff on failure.
// Everything it learns goes to the StatusStore (/status, /readyz, /metrics) and the log.
// No I/O of its own beyond what it is given: the CLI (src/cli/run.ts) builds the parts.
import type { AwsClientFactory } from '../aws/clients.js';
import { formatIssue, loadManifestSet } from '../desired/manifests/manifests.js';
import { issueInUserPaths } from './user-path.js';
import type { TreeLimits } from '../desired/manifests/manifest-tree.js';
import { ManifestCache } from '../desired/manifests/manifest-cache.js';
import type { Cell, ManifestSet } from '../desired/model.js';
import type { LivePlacement, PlacementResult } from '../desired/placement/placement-types.js';
import type { EngineDeps, TierPlanOptions } from '../engine/plan-tier.js';
import { appliedQuotaReader } from '../engine/applied-quotas.js';
import { QUOTA_DEFINITIONS, type AppliedQuotas } from '../desired/account-quotas.js';
import { capacityReport } from '../desired/placement/capacity-report.js';
import { findOrphanedTiers } from '../live/orphaned-tiers.js';
import type { BackoffPolicy } from './backoff.js';
import type { OrphanedTierStatus, StatusStore } from './http/status-store.js';
import { reportSourceTo } from './http/source-reporting.js';
import type { LeaseLossReason, LeaseProvider } from './leases/lease-types.js';
import { withContext } from './log.js';
import type { Logger } from './log.js';
import { classifyPassError, PassFailedError } from './pass-errors.js';
import { retiredCells, withRetiredCells } from './retired-cells.js';
import { FULL, PendingScopes, revisionChanges } from './revision-tracker.js';
import type { PassScope } from './revision-tracker.js';
import { Scheduler } from './scheduler.js';
import type { PassOutcome, TierPass } from './scheduler.js';
import type { ManifestSource, SourceEvent, SourceRevision } from './sources/manifest-source.js';
import { placementHint, runTierPass } from './tier-pass.js';
import type { TierPassReport } from './tier-pass.js';
import { PENDING_RECHECK_MS } from '../reconcilers/pending.js';
import { daemonStatus } from './daemon-status.js';
import type { DaemonStatus } from './daemon-status.js';

export interface DaemonOptions {
  readonly source: ManifestSource;
  readonly factory: AwsClientFactory;
  readonly leases: LeaseProvider;
  readonly store: StatusStore;
  readonly log: Logger;
  readonly instanceId: string;
  readonly concurrency: number;
  readonly resyncMs: number;
  readonly dryRun: boolean;
  readonly planOptions: TierPlanOptions;
  readonly backoff?: BackoffPolicy;
  /** Caps on a revision's manifests tree (default DEFAULT_TREE_LIMITS). */
  readonly manifestLimits?: TreeLimits;
  /** A pass running longer is reported stalled (absent: never). */
  readonly stallAfterMs?: number;
  /** Read the quotas AWS applied to each tier's accounts on every pass (Service Quotas). */
  readonly readServiceQuotas?: boolean;
}

interface InForce {
  readonly set: ManifestSet;
  readonly revision: string;
}

export class Daemon {
  /** The tier's capacity figures for /status and /metrics (docs/capacity.md §4.1), from its
   * placement and the other tiers' last ones. Figures only: a fault here never fails a pass. */
  private recordCapacity(tier: string, set: ManifestSet, applied: AppliedQuotas, log: Logger): void {
    try {
      const [capacity] = capacityReport({ set, placements: this.placements, applied, tiers: [tier] });
      if (capacity !== undefined) this.options.store.setCapacity(tier, capacity);
    } catch (error) {
      log.warn({ error: error instanceof Error ? error.message : String(error) }, 'capacity figures not computed');
    }
  }

  /** Per tier, the quotas its last full pass read: an event-driven (scoped) pass places with
   * them instead of reading Service Quotas again (docs/capacity.md §1). */
  private readonly appliedByTier = new Map<string, AppliedQuotas>();

  /** The engine's dependencies for one pass: a fresh quota reader on a full pass, so quotas are
   * read once per pass and a granted increase is seen by the next. */
  private engineDeps(log: Logger, tier: string, scoped: boolean): EngineDeps {
    const { factory, instanceId, readServiceQuotas } = this.options;
    if (readServiceQuotas !== true) return { factory, instanceId };
    const last = scoped ? this.appliedByTier.get(tier) : undefined;
    if (last !== undefined) return { factory, instanceId, quotas: { read: () => Promise.resolve({ applied: last, errors: [] }) } };
    const quotas = appliedQuotaReader(factory, (note) =>
      log.warn({ account: note.accountId, region: note.region, quota: QUOTA_DEFINITIONS[note.quota].quotaCode, code: note.code }, 'quota not readable from Service Quotas; using the default'),
    );
    return { factory, instanceId, quotas };
  }

  private current: InForce | undefined;
  private readonly pending = new PendingScopes();
  /** Per tier, where its tenants were last seen by a pass of this replica (scope-hint.ts). */
  private readonly hints = new Map<string, LivePlacement>();
  /** Per tier, its last pass's placement: account quotas sum over every tier's tenants. */
  private readonly placements = new Map<string, PlacementResult>();
  /** Tiers whose documents changed since their last successful pass began. */
  private readonly stale = new Set<string>();
  private readonly scheduler: Scheduler;
  /** Revisions are loaded one after another, in the order the source produced them. */
  private revisions: Promise<void> = Promise.resolve();
  /** Each manifest file's own outcome, by path and content digest, across revisions. */
  private readonly manifests = new ManifestCache();
  private readonly detach: Array<() => void> = [];
  private started = false;
  /** Tiers that left the manifests while this daemon ran (and have not come back). */
  private readonly leftTiers = new Set<string>();
  /** Cells removed from the manifests whose accounts may still hold what tiered made there. */
  private retired: readonly Cell[] = [];
  private orphanSweeps = 0;
  /** The tiers and accounts the last orphan sweep looked at: a revision that changes neither (a
   * tenant added, say) cannot change what the sweep finds, so it costs no Tagging API call. */
  private orphanSweepKey: string | undefined;

  constructor(private readonly options: DaemonOptions) {
    this.scheduler = new Scheduler({
      reconcile: (pass) => this.reconcile(pass),
      classifyError: classifyPassError,
      // A resync visits the tiers this replica leads; the others are their leader's work.
      allTiers: () => this.tiers().filter((t) => options.leases.isHeld(t)),
      concurrency: options.concurrency,
      resyncIntervalMs: options.resyncMs,
      ...(options.backoff !== undefined ? { backoff: options.backoff } : {}),
      onPassFinished: (outcome) => this.passFinished(outcome),
      ...(options.stallAfterMs === undefined ? {} : { stallAfterMs: options.stallAfterMs }),
      onStalled: (tier, startedAt) =>
        options.log.warn(
          { tier_id: tier, running_for_ms: Date.now() - startedAt, stall_after_ms: options.stallAfterMs, ...(this.current ? { revision: this.current.revision } : {}) },
          'pass stalled: still running past --stall-after',
        ),
    });
  }

  /**
   * Loads the first revision, then takes the first leases (so a lone replica leads at once),
   * then passes begin. Throws if the lease table is unusable (LeaseTableError).
   */
  async start(): Promise<void> {
    const { source, store, leases } = this.options;
    this.detach.push(reportSourceTo(source, store));
    this.detach.push(source.subscribe((event) => this.sourceEvent(event)));
    await source.start();
    await this.revisions;
    await leases.start();
    this.started = true;
    store.setLeases(leases.held());
    this.enqueue(leases.held(), 'revision');
    this.scheduler.start();
  }

  /** Told by the lease provider when this replica wins or loses a tier. */
  leaseChanged(tier: string, held: boolean, reason?: LeaseLossReason): void {
    const { leases, store, log } = this.options;
    store.setLeases(leases.held());
    // Whoever wrote meanwhile may have moved things: the first pass after a change is a full one.
    this.hints.delete(tier);
    const fields = { tier_id: tier, ...(this.current ? { revision: this.current.revision } : {}) };
    if (held) {
      log.info(fields, 'lease acquired');
      if (this.started) this.enqueue([tier], 'resync');
    } else if (reason === 'released') {
      log.info(fields, 'lease released');
    } else if (reason === 'handing-over') {
      log.info({ ...fields, pass_running: this.passRunning(tier) }, 'lease handing over');
    } else {
      log.warn({ ...fields, reason }, 'lease lost');
    }
  }

  /**
   * Stops taking work, lets the passes in flight finish for up to `timeoutMs` (then aborts
   * them), releases the leases and stops the source.
   */
  async stop(timeoutMs: number): Promise<void> {
    const { leases, source, log } = this.options;
    for (const undo of this.detach.splice(0)) undo();
    const { abandoned } = await this.scheduler.stop(timeoutMs);
    if (abandoned.length > 0) log.warn({ tiers: abandoned, timeout_ms: timeoutMs }, 'passes abandoned at shutdown');
    await leases.stop();
    await source.stop();
  }

  status(): DaemonStatus {
    const status = daemonStatus(this.options.store.snapshot(), this.scheduler.status(), this.options.leases.status(), {
      instanceId: this.options.instanceId,
      dryRun: this.options.dryRun,
    }, this.current?.revision, this.stale);
    return { ...status, fleet: this.options.leases.fleet?.() ?? null };
  }

  /** Per tier of the scheduler, whether its pass is stalled (for /readyz). */
  passPhases(): { tier: string; stalled: boolean; startedAt?: number }[] {
    const tiers = new Set(this.tiers());
    return this.scheduler
      .status()
      .tiers.filter((t) => tiers.has(t.tier))
      .map((t) => ({ tier: t.tier, stalled: t.phase === 'stalled', ...(t.lastStartedAt !== undefined ? { startedAt: t.lastStartedAt } : {}) }));
  }

  /** Whether a pass of `tier` is running now (a lease handed over waits for it). */
  passRunning(tier: string): boolean {
    return this.scheduler.isRunning(tier);
  }

  /** Resolves once no pass is queued or running. */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  private tiers(): string[] {
    return (this.current?.set.tiers ?? []).map((t) => t.name).sort();
  }

  private sourceEvent(event: SourceEvent): void {
    if (event.type === 'error') {
      this.options.log.error({ error: event.error.message }, 'manifest source failed; the last good revision stays in force');
      return;
    }
    this.revisions = this.revisions.then(() =>
      this.loadRevision(event.revision).catch((error: unknown) => {
        this.options.log.error({ revision: event.revision.revision, error: String(error) }, 'revision could not be loaded');
      }),
    );
  }

  private async loadRevision(revision: SourceRevision): Promise<void> {
    const { store, leases, log } = this.options;
    // A source that hashed the files lets the cache read and check only the changed ones.
    const cached = revision.files === undefined ? undefined : this.manifests.load(revision.dir, revision.files, revision.contents);
    const loaded = cached?.result ?? (await loadManifestSet(revision.dir, this.options.manifestLimits));
    if (!loaded.ok) {
      const errors = loaded.errors.map((issue) => formatIssue(issueInUserPaths(issue, revision.dir, revision.userDir)));
      store.setValidationErrors(revision.revision, errors);
      log.error(
        { revision: revision.revision, count: errors.length, errors: errors.slice(0, 20), in_force: this.current?.revision ?? null },
        'revision is invalid: not applied; the last good revision stays in force',
      );
      return;
    }
    store.setValidationErrors(revision.revision, []);
    const changes = revisionChanges(this.current?.set, loaded.set);
    this.retired = retiredCells(this.retired, this.current?.set, loaded.set);
    this.current = { set: loaded.set, revision: revision.revision };
    const tiers = this.tiers();
    leases.setTiers(tiers);
    store.setTiers(tiers);
    for (const tier of changes.tiers.keys()) this.leftTiers.delete(tier);
    for (const tier of changes.removed) {
      this.leftTiers.add(tier);
      this.scheduler.forget(tier);
      this.pending.forget(tier);
      this.hints.delete(tier);
      this.placements.delete(tier);
      this.stale.delete(tier);
    }
    for (const [tier, scope] of changes.tiers) {
      this.pending.add(tier, scope);
      this.stale.add(tier);
    }
    log.info(
      {
        revision: revision.revision,
        changed_files: revision.changedFiles?.length ?? null,
        ...(cached !== undefined && { files_checked: cached.counts.checked, files_read: cached.counts.read, files_reused: cached.counts.reused }),
        tiers: Object.fromEntries([...changes.tiers].map(([t, s]) => [t, s.kind === 'full' ? 'full' : s.tenants])),
        removed_tiers: changes.removed,
      },
      'revision loaded',
    );
    if (changes.removed.length > 0) {
      log.warn({ tiers: changes.removed }, 'tiers left the manifests: no longer reconciled; their resources stay in AWS');
    }
    void this.sweepOrphans(loaded.set);
    // Before start() the first leases are not taken yet; start() enqueues what it wins.
    if (this.started) this.enqueue([...changes.tiers.keys()].filter((t) => leases.isHeld(t)), 'revision');
  }

  /**
   * Tiers dropped from the manifests that tiered still owns resources of, for /status and
   * tiered_orphaned_tiers (docs/drain-and-decommission.md §5): looked for in live tags on each
   * revision, beside those this daemon saw leave. Reported only, never reconciled.
   */
  private async sweepOrphans(set: ManifestSet): Promise<void> {
    const key = JSON.stringify([set.tiers.map((t) => `${t.name}@${t.spec.region}`).sort(), set.cells.map((c) => `${c.spec.tier}/${c.spec.accountId}`).sort(), [...this.leftTiers].sort()]);
    if (key === this.orphanSweepKey) return;
    this.orphanSweepKey = key;
    const sweep = ++this.orphanSweeps;
    const found = await findOrphanedTiers(set, this.options.factory, this.options.instanceId).catch((err: unknown) => ({
      orphaned: [],
      errors: [err instanceof Error ? err.message : String(err)],
    }));
    // A newer revision's sweep has the last word.
    if (sweep !== this.orphanSweeps) return;
    // A sweep that could not read every account is tried again by the next revision.
    if (found.errors.length > 0) this.orphanSweepKey = undefined;
    for (const e of found.errors) this.options.log.warn({ error: e }, 'could not look for orphaned tiers');
    const byTier = new Map<string, OrphanedTierStatus>(found.orphaned.map((o) => [o.tier, o]));
    for (const tier of this.leftTiers) if (!byTier.has(tier)) byTier.set(tier, { tier, infraGroups: [] });
    const orphaned = [...byTier.values()].sort((a, b) => (a.tier < b.tier ? -1 : 1));
    this.options.store.setOrphanedTiers(orphaned);
    if (orphaned.length > 0) this.options.log.warn({ tiers: orphaned.map((o) => o.tier) }, 'orphaned tiers: not in the manifests, left alone until decommissioned');
  }

  private enqueue(tiers: readonly string[], reason: 'revision' | 'resync'): void {
    if (tiers.length === 0) return;
    this.scheduler.enqueue(tiers, reason);
    this.options.store.setQueueDepth(this.scheduler.status().depth);
  }

  /** Only a pass asked for by revisions alone may be scoped; resyncs and retries see everything. */
  private scopeOf(pass: TierPass): PassScope {
    const gathered = this.pending.take(pass.tier);
    return pass.reasons.every((r) => r === 'revision') ? gathered : FULL;
  }

  private async reconcile(pass: TierPass): Promise<void> {
    const current = this.current;
    if (current === undefined || !current.set.tiers.some((t) => t.name === pass.tier)) return;
    const { store, log } = this.options;
    const scope = this.scopeOf(pass);
    // This pass reads the tier's documents as they are now: once it succeeds they are in force.
    const wasStale = this.stale.delete(pass.tier);
    const hint = this.hints.get(pass.tier);
    const startedAt = Date.now();
    const passLog = withContext(log, { tier_id: pass.tier, revision: current.revision });
    passLog.debug({ reasons: pass.reasons, attempt: pass.attempt, scope: scope.kind === 'full' ? 'full' : scope.tenants }, 'pass started');
    try {
      const showPlacement = (planned: Pick<TierPassReport, 'scope' | 'placement' | 'tenants'>) => {
        store.setPlacement(pass.tier, planned.placement.fill, planned.placement.unschedulable, planned.placement.placements);
        store.setTenantSummaries(pass.tier, planned.tenants, planned.scope.kind === 'full' ? undefined : planned.scope.tenants);
      };
      const report = await runTierPass(
        { engine: this.engineDeps(passLog, pass.tier, scope.kind !== 'full'), leases: this.options.leases, dryRun: this.options.dryRun, planOptions: this.options.planOptions, log, onPlanned: showPlacement },
        { set: withRetiredCells(current.set, pass.tier, this.retired), revision: current.revision, tier: pass.tier, scope, ...(hint !== undefined ? { hint } : {}), signal: pass.signal },
      );
      showPlacement(report);
      this.placements.set(pass.tier, report.placement);
      this.recordCapacity(pass.tier, current.set, report.applied, passLog);
      if (scope.kind === 'full') this.appliedByTier.set(pass.tier, report.applied);
      store.recordPass(pass.tier, report.result, Date.now() - startedAt, report.drift, { revision: current.revision, errors: report.notes, degraded: report.degraded, moves: report.moves });
      this.rememberPlacement(pass.tier, report.scope, placementHint(report.placement, report.result !== 'drift'));
      if (report.result === 'in-sync' && scope.kind === 'full') this.forgetRetired(pass.tier, passLog);
      // Not a failure: the tier looks again once AWS had time to settle (ECS tasks draining).
      if (report.result === 'pending') this.scheduler.requeueAfter(pass.tier, report.retryAfterMs ?? PENDING_RECHECK_MS);
    } catch (error) {
      // What a failed pass did is not known: the next pass reads the whole tier.
      this.hints.delete(pass.tier);
      if (wasStale) this.stale.add(pass.tier);
      const errors = error instanceof PassFailedError ? error.problems : [error instanceof Error ? error.message : String(error)];
      const unreadable = error instanceof PassFailedError && error.unreadable;
      store.recordPass(pass.tier, 'failed', Date.now() - startedAt, {}, { revision: current.revision, errors, unreadable });
      throw error;
    }
  }

  /** A full pass found the tier in sync: nothing of its retired cells is left to delete. */
  private forgetRetired(tier: string, log: Logger): void {
    const gone = this.retired.filter((c) => c.spec.tier === tier);
    if (gone.length === 0) return;
    this.retired = this.retired.filter((c) => c.spec.tier !== tier);
    log.info({ cells: gone.map((c) => c.name) }, 'removed cells hold nothing of the tier any more: forgotten');
  }

  private rememberPlacement(tier: string, scope: PassScope, seen: LivePlacement): void {
    if (scope.kind === 'full') {
      this.hints.set(tier, seen);
      return;
    }
    const known = this.hints.get(tier);
    if (known === undefined) return;
    const merged = new Map(known);
    for (const tenant of scope.tenants) {
      const groups = seen.get(tenant);
      if (groups === undefined) merged.delete(tenant);
      else merged.set(tenant, groups);
    }
    this.hints.set(tier, merged);
  }

  private passFinished(outcome: PassOutcome): void {
    const { store, leases, log } = this.options;
    store.setQueueDepth(this.scheduler.status().depth);
    store.setLeases(leases.held());
    const tierStatus = store.snapshot().tiers[outcome.tier];
    const revision = tierStatus?.lastPass?.revision;
    const fields = {
      tier_id: outcome.tier,
      ...(revision ? { revision } : {}),
      result: outcome.result,
      reasons: outcome.reasons,
      attempt: outcome.attempt,
      duration_ms: outcome.finishedAt - outcome.startedAt,
    };
    if (outcome.result === 'succeeded') {
      log.info({ ...fields, outcome: tierStatus?.lastPass?.result, drift: tierStatus?.drift.total }, 'pass finished');
    } else {
      log.error(
        {
          ...fields,
          error_class: outcome.errorClass,
          error: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
          next_retry_at: outcome.nextRetryAt !== undefined ? new Date(outcome.nextRetryAt).toISOString() : null,
        },
        'pass failed',
      );
    }
  }
}
