// The per-tier scheduler of the daemon: a tier is the unit of work. It feeds a WorkQueue from
// three triggers (a new revision, the periodic full resync, retries after failure), runs
// distinct tiers in parallel up to `concurrency`, never one tier twice at once, and backs off
// per tier when a pass fails. What a pass does is the `reconcile` function it is given.

import { DEFAULT_BACKOFF, jitteredIntervalMs, retryDelayMs } from './backoff.js';
import type { BackoffPolicy, ErrorClass } from './backoff.js';
import { systemClock, systemRandom } from './clock.js';
import type { Clock, Random, TimerHandle } from './clock.js';
import { WorkQueue } from './work-queue.js';

/** Why a pass was asked for. Several may be merged into one pass. */
export type TriggerReason = 'revision' | 'resync' | 'retry';

export interface TierPass {
  readonly tier: string;
  readonly reasons: readonly TriggerReason[];
  /** 1 for a first try, n + 1 after n consecutive failures. */
  readonly attempt: number;
  /** Aborted when shutdown stops waiting for this pass: stop before the next mutating step. */
  readonly signal: AbortSignal;
}

export type ReconcileTier = (pass: TierPass) => Promise<void>;

export type PassResult = 'succeeded' | 'failed';

/** Reported after every pass, for logs and metrics. */
export interface PassOutcome {
  readonly tier: string;
  readonly reasons: readonly TriggerReason[];
  readonly attempt: number;
  readonly result: PassResult;
  readonly errorClass?: ErrorClass;
  readonly error?: unknown;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** When the tier runs again on its own; absent after success or a terminal error. */
  readonly nextRetryAt?: number;
}

export interface SchedulerOptions {
  readonly reconcile: ReconcileTier;
  readonly classifyError: (error: unknown) => ErrorClass;
  /** Every tier a full resync visits; read at each resync, so it follows the current revision. */
  readonly allTiers: () => readonly string[];
  /** Tiers reconciled at the same time, at least 1. */
  readonly concurrency: number;
  /** Mean time between full resyncs (the issue's `--resync`, e.g. 10 minutes). */
  readonly resyncIntervalMs: number;
  /** Share of the resync interval varied at random, ± (default 0.1). */
  readonly resyncJitter?: number;
  readonly backoff?: BackoffPolicy;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly onPassFinished?: (outcome: PassOutcome) => void;
  /** A pass running longer than this is `stalled` (absent: never). AWS calls have timeouts, so
   * a pass this long is stuck on something else, or on far more work than it should have. */
  readonly stallAfterMs?: number;
  /** Told once per pass, when it becomes stalled. */
  readonly onStalled?: (tier: string, startedAt: number) => void;
}

export type TierPhase = 'idle' | 'queued' | 'running' | 'stalled' | 'waiting-retry';

/** What `/status` and the metrics show of one tier's scheduling. */
export interface TierScheduleState {
  readonly tier: string;
  readonly phase: TierPhase;
  readonly passes: number;
  readonly consecutiveFailures: number;
  readonly lastResult?: PassResult;
  readonly lastErrorClass?: ErrorClass;
  readonly lastError?: string;
  readonly lastStartedAt?: number;
  readonly lastFinishedAt?: number;
  readonly nextRetryAt?: number;
}

export interface SchedulerStatus {
  /** Tiers waiting for a worker. */
  readonly depth: number;
  /** Tiers being reconciled now. */
  readonly inFlight: number;
  readonly stopping: boolean;
  readonly nextResyncAt?: number;
  readonly tiers: readonly TierScheduleState[];
}

export interface StopResult {
  /** Tiers whose pass was still running at the timeout and was aborted. */
  readonly abandoned: readonly string[];
}

interface TierRecord {
  passes: number;
  consecutiveFailures: number;
  lastResult?: PassResult;
  lastErrorClass?: ErrorClass;
  lastError?: string;
  lastStartedAt?: number;
  lastFinishedAt?: number;
  nextRetryAt?: number;
  retryTimer?: TimerHandle;
}

interface RunningPass {
  readonly controller: AbortController;
  readonly settled: Promise<void>;
  stalled: boolean;
  stallTimer?: TimerHandle;
}

export class Scheduler {
  private readonly queue = new WorkQueue<string, TriggerReason>();
  private readonly records = new Map<string, TierRecord>();
  private readonly running = new Map<string, RunningPass>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly backoff: BackoffPolicy;
  private resyncTimer?: TimerHandle;
  private nextResyncAt?: number;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`scheduler concurrency must be a whole number ≥ 1, got ${options.concurrency}`);
    }
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? systemRandom;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** Starts the periodic resync. Passes start only when tiers are enqueued. */
  start(): void {
    if (this.stopping || this.resyncTimer !== undefined) return;
    this.scheduleResync();
  }

  /** Asks for a pass of each tier now (a new revision changed their documents, or a resync). */
  enqueue(tiers: string | readonly string[], reason: Exclude<TriggerReason, 'retry'>): void {
    if (this.stopping) return;
    for (const tier of typeof tiers === 'string' ? [tiers] : tiers) {
      // The pass a pending retry waited for happens now; a failure schedules a fresh one.
      this.cancelRetry(this.record(tier));
      this.queue.add(tier, reason);
    }
    this.pump();
  }

  /** Runs the tier again after `delayMs` without counting a failure (its last pass left an
   * action pending on AWS). A revision or resync before then runs it sooner. */
  requeueAfter(tier: string, delayMs: number): void {
    if (this.stopping) return;
    const record = this.record(tier);
    this.cancelRetry(record);
    this.scheduleRetry(tier, record, delayMs);
  }

  /** A full resync now: every tier of `allTiers()`. */
  resyncNow(): void {
    this.enqueue(this.options.allTiers(), 'resync');
  }

  /** Drops what is known of a tier that left the manifests (its pending retry too). */
  forget(tier: string): void {
    const record = this.records.get(tier);
    if (record) this.cancelRetry(record);
    this.records.delete(tier);
  }

  /** Whether a pass of `tier` is running now. */
  isRunning(tier: string): boolean {
    return this.running.has(tier);
  }

  /** Resolves once no tier is queued or running (pending retries do not count). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking work (no new pass, resync or retry), then resolves when the passes in flight
   * have finished, or after `timeoutMs`, when their signals are aborted and they are abandoned.
   */
  async stop(timeoutMs: number): Promise<StopResult> {
    this.stopping = true;
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
    this.nextResyncAt = undefined;
    for (const record of this.records.values()) this.cancelRetry(record);
    if (this.running.size === 0) return { abandoned: [] };

    let timer: TimerHandle = undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = this.clock.setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const finished = Promise.all([...this.running.values()].map((pass) => pass.settled));
    const winner = await Promise.race([finished.then(() => 'finished' as const), timedOut]);
    this.clock.clearTimeout(timer);
    if (winner === 'finished') return { abandoned: [] };
    const abandoned = [...this.running.keys()];
    for (const pass of this.running.values()) {
      pass.controller.abort(new Error(`shutdown timeout of ${timeoutMs} ms reached`));
    }
    return { abandoned };
  }

  status(): SchedulerStatus {
    const tiers = [...this.records.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([tier, record]) => this.tierState(tier, record));
    return {
      depth: this.queue.depth,
      inFlight: this.running.size,
      stopping: this.stopping,
      ...(this.nextResyncAt !== undefined ? { nextResyncAt: this.nextResyncAt } : {}),
      tiers,
    };
  }

  private tierState(tier: string, record: TierRecord): TierScheduleState {
    const { retryTimer: _timer, ...shown } = record;
    const phase: TierPhase = this.queue.isProcessing(tier)
      ? this.running.get(tier)?.stalled === true
        ? 'stalled'
        : 'running'
      : this.queue.isQueued(tier)
        ? 'queued'
        : record.nextRetryAt !== undefined
          ? 'waiting-retry'
          : 'idle';
    return { tier, phase, ...shown };
  }

  private scheduleResync(): void {
    const resyncJitter = this.options.resyncJitter ?? 0.1;
    const delay = jitteredIntervalMs(this.options.resyncIntervalMs, resyncJitter, this.random);
    this.nextResyncAt = this.clock.now() + delay;
    this.resyncTimer = this.clock.setTimeout(() => {
      this.resyncNow();
      if (!this.stopping) this.scheduleResync();
    }, delay);
  }

  private pump(): void {
    while (!this.stopping && this.running.size < this.options.concurrency) {
      const next = this.queue.take();
      if (next === undefined) break;
      this.run(next.key, next.reasons);
    }
    this.wakeIdleWaiters();
  }

  private run(tier: string, reasons: readonly TriggerReason[]): void {
    const record = this.record(tier);
    const controller = new AbortController();
    const attempt = record.consecutiveFailures + 1;
    const startedAt = this.clock.now();
    record.lastStartedAt = startedAt;
    const pass: TierPass = { tier, reasons, attempt, signal: controller.signal };
    // Through a promise constructor so a reconcile that throws before its first await counts as
    // a failed pass, not a crash of the scheduler.
    const settled = new Promise<void>((resolve) => resolve(this.options.reconcile(pass)))
      .then(
        () => this.succeeded(record, pass, startedAt),
        (error: unknown) => this.failed(record, pass, startedAt, error),
      )
      .finally(() => {
        const running = this.running.get(tier);
        if (running?.stallTimer !== undefined) this.clock.clearTimeout(running.stallTimer);
        this.running.delete(tier);
        this.queue.done(tier);
        this.pump();
      });
    const running: RunningPass = { controller, settled, stalled: false };
    const { stallAfterMs } = this.options;
    if (stallAfterMs !== undefined) {
      running.stallTimer = this.clock.setTimeout(() => {
        delete running.stallTimer;
        running.stalled = true;
        this.options.onStalled?.(tier, startedAt);
      }, stallAfterMs);
    }
    this.running.set(tier, running);
  }

  private succeeded(record: TierRecord, pass: TierPass, startedAt: number): void {
    const finishedAt = this.clock.now();
    record.passes += 1;
    record.consecutiveFailures = 0;
    record.lastResult = 'succeeded';
    record.lastFinishedAt = finishedAt;
    delete record.lastErrorClass;
    delete record.lastError;
    this.options.onPassFinished?.({ ...passFacts(pass), result: 'succeeded', startedAt, finishedAt });
  }

  private failed(record: TierRecord, pass: TierPass, startedAt: number, error: unknown): void {
    const finishedAt = this.clock.now();
    const errorClass = this.options.classifyError(error);
    record.passes += 1;
    record.consecutiveFailures += 1;
    record.lastResult = 'failed';
    record.lastFinishedAt = finishedAt;
    record.lastErrorClass = errorClass;
    record.lastError = error instanceof Error ? error.message : String(error);
    const delay = retryDelayMs(this.backoff, errorClass, record.consecutiveFailures, this.random);
    // A tier asked for again during its pass runs at once; it needs no retry timer on top.
    if (delay !== undefined && !this.stopping && !this.queue.isQueued(pass.tier)) {
      this.scheduleRetry(pass.tier, record, delay);
    }
    this.options.onPassFinished?.({
      ...passFacts(pass),
      result: 'failed',
      errorClass,
      error,
      startedAt,
      finishedAt,
      ...(record.nextRetryAt !== undefined ? { nextRetryAt: record.nextRetryAt } : {}),
    });
  }

  private scheduleRetry(tier: string, record: TierRecord, delayMs: number): void {
    record.nextRetryAt = this.clock.now() + delayMs;
    record.retryTimer = this.clock.setTimeout(() => {
      delete record.retryTimer;
      delete record.nextRetryAt;
      if (this.stopping) return;
      this.queue.add(tier, 'retry');
      this.pump();
    }, delayMs);
  }

  private cancelRetry(record: TierRecord): void {
    if (record.retryTimer !== undefined) this.clock.clearTimeout(record.retryTimer);
    delete record.retryTimer;
    delete record.nextRetryAt;
  }

  private record(tier: string): TierRecord {
    let record = this.records.get(tier);
    if (!record) {
      record = { passes: 0, consecutiveFailures: 0 };
      this.records.set(tier, record);
    }
    return record;
  }

  private isIdle(): boolean {
    // Once stopping, queued tiers will never be taken: only the passes in flight matter.
    return this.running.size === 0 && (this.queue.depth === 0 || this.stopping);
  }

  private wakeIdleWaiters(): void {
    if (!this.isIdle()) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}

function passFacts(pass: TierPass): Pick<PassOutcome, 'tier' | 'reasons' | 'attempt'> {
  return { tier: pass.tier, reasons: pass.reasons, attempt: pass.attempt };
}
