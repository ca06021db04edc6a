// Leader election per tier on a DynamoDB lease table. Each replica competes for every tier it
// is given; a conditional update makes exactly one the holder, which renews well before its
// write deadline (lease-timing.ts). A lease that is not renewed expires and another replica
// takes it with a higher fencing token. Write guards bind to one tenure (one token), so an
// ex-leader that was paused while its lease was taken refuses its next mutating attempt.
//
// Clocks: expiry is decided by comparing `leaseUntil` with each replica's own clock, so the
// safety margin must cover the clock skew between replicas (docs/leases.md).
//
// With `balance`, replicas share the tiers instead (lease-balancer.ts): each round this replica
// also heartbeats and reads the table, acquires only the free tiers the decision gives it, and
// hands over the ones it gives up: no new pass starts, the pass in flight finishes under the
// renewed lease, then the lease is released for the next holder (docs/leases.md, "Sharing the
// fleet").

import { hostname } from 'node:os';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../aws/clients.js';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../clock.js';
import type { Clock, TimerHandle } from '../clock.js';
import { hasErrorCode } from './lease-table-client.js';
import type { LeaseTableClient } from './lease-table-client.js';
import { acquireRequest, decodeLease, readRequest, releaseRequest, renewRequest } from './lease-records.js';
import { verifyLeaseTable } from './lease-table.js';
import { LeaseBalancer } from './lease-balancer.js';
import type { LocalLeases } from './lease-balancer.js';
import { leaseTiming } from './lease-timing.js';
import type { LeaseTiming } from './lease-timing.js';
import { LeaseLostError } from './lease-types.js';
import type { FleetStatus, LeaseLossReason, LeaseProvider, LeaseStatus, WriteGuard } from './lease-types.js';

export interface DynamoLeaseOptions {
  readonly client: LeaseTableClient;
  readonly tableName: string;
  /** Unique per process: two managers with one holder id would both hold. */
  readonly holder: string;
  /** How long a lease lasts unrenewed (default 30 s). */
  readonly leaseDurationMs?: number;
  /** The AWS clients' request timeout: no mutating attempt is sent later than this before the
   * lease's end less the margin (default DEFAULT_REQUEST_TIMEOUT_MS). */
  readonly requestTimeoutMs?: number;
  /** A lease counts as lost locally this long before it expires in the table (default: a fifth
   * of the duration, at most 3 s): it covers the clock skew between replicas. */
  readonly safetyMarginMs?: number;
  /** Whether `assertStillLeader()` re-reads the table by default (default true). */
  readonly verifyInTable?: boolean;
  readonly clock?: Clock;
  /** Told whenever a tier's lease is won or lost, e.g. to enqueue or abort its pass. */
  readonly onChange?: (tier: string, held: boolean, reason?: LeaseLossReason) => void;
  /** Share the tiers with the other balancing replicas on the table (default false: compete
   * for every tier). */
  readonly balance?: boolean;
  /** Whether a pass of `tier` is running here: a tier being handed over is released once not. */
  readonly passRunning?: (tier: string) => boolean;
  /** The longest a hand-over waits for the pass in flight, then aborts it (default 5 min). */
  readonly handOverWaitMs?: number;
}

export const DEFAULT_HAND_OVER_WAIT_MS = 5 * 60_000;

export const DEFAULT_LEASE_DURATION_MS = 30_000;

/** A holder id unique to this process: host, pid and a random suffix. */
export function defaultHolderId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** One continuous holding of a tier's lease, under one fencing token. */
interface Tenure {
  readonly fencingToken: number;
  leaseUntil: number;
  readonly abort: AbortController;
}

export class DynamoLeaseProvider implements LeaseProvider {
  private readonly tenures = new Map<string, Tenure>();
  private readonly errors = new Map<string, string>();
  private wanted: readonly string[] = [];
  private readonly clock: Clock;
  private readonly timing: LeaseTiming;
  private timer?: TimerHandle;
  /** Per tier, the lease call in flight (acquire, renew or release). */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Tiers being handed over, with when that began. */
  private readonly handingOver = new Map<string, number>();
  private readonly balancer: LeaseBalancer | undefined;
  private balancing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: DynamoLeaseOptions) {
    this.clock = options.clock ?? systemClock;
    this.timing = leaseTiming({
      durationMs: options.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      ...(options.safetyMarginMs === undefined ? {} : { safetyMarginMs: options.safetyMarginMs }),
    });
    this.balancer = options.balance === true
      ? new LeaseBalancer({ client: options.client, tableName: options.tableName, holder: options.holder, clock: this.clock, durationMs: this.timing.durationMs })
      : undefined;
  }

  async start(): Promise<void> {
    await verifyLeaseTable(this.options.client, this.options.tableName);
    await this.tick();
    this.scheduleNextRound();
  }

  setTiers(tiers: readonly string[]): void {
    this.wanted = [...new Set(tiers)];
  }

  isHeld(tier: string): boolean {
    return this.holds(tier) && !this.handingOver.has(tier);
  }

  held(): readonly string[] {
    return [...this.tenures.keys()].filter((tier) => this.isHeld(tier)).sort();
  }

  writeGuard(tier: string): WriteGuard {
    const tenure = this.tenures.get(tier);
    if (!tenure || !this.isHeld(tier)) {
      throw new LeaseLostError(tier, 'not-held', `holder ${this.options.holder} does not hold it`);
    }
    return {
      tier,
      fencingToken: tenure.fencingToken,
      signal: tenure.abort.signal,
      assertStillLeader: (options) => this.assertStillLeader(tier, tenure, options?.verifyInTable),
      fence: { check: () => this.checkWriteDeadline(tier, tenure) },
    };
  }

  status(): readonly LeaseStatus[] {
    const tiers = [...new Set([...this.wanted, ...this.tenures.keys()])].sort();
    return tiers.map((tier) => {
      const tenure = this.isHeld(tier) ? this.tenures.get(tier) : undefined;
      const lastError = this.errors.get(tier);
      return {
        tier,
        held: tenure !== undefined,
        ...(tenure ? { fencingToken: tenure.fencingToken, leaseUntil: tenure.leaseUntil } : {}),
        ...(lastError !== undefined ? { lastError } : {}),
        // Held in the table, but no longer this replica's work.
        ...(this.handingOver.has(tier) && this.holds(tier) ? { handingOver: true as const } : {}),
      };
    });
  }

  fleet(): FleetStatus | undefined {
    return this.balancer?.fleet(this.local());
  }

  /**
   * One renewal round: release held tiers no longer wanted, renew what is held, try to acquire
   * the rest of the wanted tiers (balancing: the ones the decision gives this replica, after the
   * heartbeat and the table's read; and release the tiers handed over whose pass has ended),
   * each tier's call side by side with the others'. A tier whose
   * call from an earlier round is still in flight (a slow or retried request) is left to it, so
   * one slow call never holds up another tier's renewal. Runs on a timer after `start`; tests
   * call it directly: it resolves when the calls it started have settled.
   */
  async tick(): Promise<void> {
    if (this.stopped) return;
    await Promise.all(this.startRound());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    // Out of the others' count before releasing, so they do not hand this replica the tiers it
    // leaves (after the round in flight, whose heartbeat would otherwise write it back).
    await this.balancing;
    await this.balancer?.leave();
    await Promise.all(this.inFlight.values());
    for (const tier of [...this.tenures.keys()]) await this.release(tier);
  }

  /** Rounds keep their cadence whatever their calls take: a renewal is never pushed back. */
  private scheduleNextRound(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      void this.tick();
      this.scheduleNextRound();
    }, this.timing.renewIntervalMs);
  }

  private startRound(): Promise<void>[] {
    const started: Promise<void>[] = [];
    // Before any renewal of the round: the heartbeat then expires no later than a lease renewed
    // in the same round, so a dead replica is counted out by the time its tiers are free.
    const roundAt = this.clock.now();
    const run = (tier: string, call: () => Promise<void>): void => {
      const settled = this.callFor(tier, call);
      if (settled !== undefined) started.push(settled);
    };
    for (const tier of [...this.tenures.keys()]) {
      if (!this.wanted.includes(tier)) run(tier, () => this.release(tier));
    }
    for (const tier of this.wanted) {
      const tenure = this.tenures.get(tier);
      if (tenure && this.clock.now() >= this.localExpiry(tenure)) this.lose(tier, 'expired');
      if (this.tenures.has(tier)) run(tier, () => this.attempt(tier, () => this.renew(tier)));
      else if (this.balancer === undefined) run(tier, () => this.attempt(tier, () => this.acquire(tier)));
    }
    // One balancing round at a time: a slow scan is left to finish, like a slow lease call.
    if (this.balancer !== undefined && this.balancing === undefined) {
      const round = this.balanceRound(this.balancer, roundAt).finally(() => (this.balancing = undefined));
      this.balancing = round;
      started.push(round);
    }
    return started;
  }

  /** Starts `call` for `tier` unless one is in flight; resolves when it has settled. */
  private callFor(tier: string, call: () => Promise<void>): Promise<void> | undefined {
    if (this.inFlight.has(tier)) return undefined;
    const settled = call().finally(() => this.inFlight.delete(tier));
    this.inFlight.set(tier, settled);
    return settled;
  }

  private async balanceRound(balancer: LeaseBalancer, roundAt: number): Promise<void> {
    const round = await balancer.round(this.local(), roundAt);
    if (this.stopped) return;
    const calls: Promise<void>[] = [];
    const acquire = (tier: string, tookBack: boolean): void => {
      const settled = this.callFor(tier, () => this.attempt(tier, async () => {
        if (this.tenures.has(tier)) return;
        await this.acquire(tier);
        if (tookBack && this.tenures.has(tier)) balancer.tookBack();
      }));
      if (settled !== undefined) calls.push(settled);
    };
    if (round.kind === 'blind') {
      for (const tier of this.wanted) if (!this.tenures.has(tier)) acquire(tier, false);
    } else if (round.kind === 'decided') {
      for (const tier of round.decision.acquire) acquire(tier, round.decision.fallback.includes(tier));
      for (const tier of round.decision.release) this.beginHandOver(tier);
    }
    this.finishHandOvers(calls);
    await Promise.all(calls);
  }

  private beginHandOver(tier: string): void {
    if (!this.tenures.has(tier) || this.handingOver.has(tier)) return;
    this.handingOver.set(tier, this.clock.now());
    this.options.onChange?.(tier, false, 'handing-over');
  }

  /** Releases the tiers being handed over whose pass has finished (or waited too long). */
  private finishHandOvers(calls: Promise<void>[]): void {
    const waitMs = this.options.handOverWaitMs ?? DEFAULT_HAND_OVER_WAIT_MS;
    for (const [tier, since] of this.handingOver) {
      if (!this.tenures.has(tier)) {
        this.handingOver.delete(tier);
        continue;
      }
      if (this.options.passRunning?.(tier) === true && this.clock.now() - since < waitMs) continue;
      const settled = this.callFor(tier, () => this.release(tier));
      if (settled !== undefined) calls.push(settled);
    }
  }

  private local(): LocalLeases {
    return {
      wanted: this.wanted,
      held: [...this.tenures.keys()].filter((tier) => this.holds(tier)),
      handingOver: new Set(this.handingOver.keys()),
      accepting: this.wanted.length > 0 && !this.stopped,
    };
  }

  /** A current tenure, handing over or not. */
  private holds(tier: string): boolean {
    const tenure = this.tenures.get(tier);
    return tenure !== undefined && this.clock.now() < this.localExpiry(tenure);
  }

  /** Runs one call for `tier`, recording (not throwing) an error so the other tiers go on. */
  private async attempt(tier: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
      this.errors.delete(tier);
    } catch (error) {
      this.errors.set(tier, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
  }

  private async acquire(tier: string): Promise<void> {
    const { client, tableName, holder } = this.options;
    const now = this.clock.now();
    try {
      const result = await client.updateItem(acquireRequest(tableName, tier, holder, now, this.timing.durationMs));
      const record = decodeLease(result.Attributes);
      if (!record) throw new Error(`lease item of tier ${tier} came back malformed`);
      this.tenures.set(tier, {
        fencingToken: record.fencingToken,
        // From the time the request was sent, not answered: never later than the table's.
        leaseUntil: now + this.timing.durationMs,
        abort: new AbortController(),
      });
      this.options.onChange?.(tier, true);
    } catch (error) {
      // Another replica holds an unexpired lease: the normal case for a follower.
      if (!hasErrorCode(error, 'ConditionalCheckFailedException')) throw error;
    }
  }

  private async renew(tier: string): Promise<void> {
    const tenure = this.tenures.get(tier);
    if (!tenure) return;
    const { client, tableName, holder } = this.options;
    const now = this.clock.now();
    try {
      await client.updateItem(renewRequest(tableName, tier, holder, tenure.fencingToken, now, this.timing.durationMs));
      tenure.leaseUntil = now + this.timing.durationMs;
    } catch (error) {
      if (!hasErrorCode(error, 'ConditionalCheckFailedException')) throw error;
      this.lose(tier, 'taken');
    }
  }

  private async release(tier: string): Promise<void> {
    const tenure = this.tenures.get(tier);
    if (!tenure) return;
    this.lose(tier, 'released');
    const { client, tableName, holder } = this.options;
    await this.attempt(tier, async () => {
      try {
        await client.updateItem(releaseRequest(tableName, tier, holder, tenure.fencingToken, this.clock.now()));
      } catch (error) {
        // Already taken by another replica: nothing of ours to release.
        if (!hasErrorCode(error, 'ConditionalCheckFailedException')) throw error;
      }
    });
  }

  private lose(tier: string, reason: LeaseLossReason): void {
    const tenure = this.tenures.get(tier);
    if (!tenure) return;
    this.tenures.delete(tier);
    this.handingOver.delete(tier);
    tenure.abort.abort(new LeaseLostError(tier, reason, 'the lease ended during the pass'));
    this.options.onChange?.(tier, false, reason);
  }

  private localExpiry(tenure: Tenure): number {
    return tenure.leaseUntil - this.timing.safetyMarginMs;
  }

  /** The last moment a mutating attempt may be sent: one sent then ends (answer or timeout)
   * by the local expiry. */
  private writeDeadline(tenure: Tenure): number {
    return this.localExpiry(tenure) - this.timing.requestTimeoutMs;
  }

  private checkWriteDeadline(tier: string, tenure: Tenure): void {
    if (this.tenures.get(tier) !== tenure) {
      throw new LeaseLostError(tier, 'superseded', `fencing token ${tenure.fencingToken} is no longer current here`);
    }
    const now = this.clock.now();
    if (now >= this.writeDeadline(tenure)) {
      if (now >= this.localExpiry(tenure)) this.lose(tier, 'expired');
      const { safetyMarginMs, requestTimeoutMs } = this.timing;
      throw new LeaseLostError(
        tier,
        'expired',
        `no write may start after ${new Date(this.writeDeadline(tenure)).toISOString()} (lease end ` +
          `${new Date(tenure.leaseUntil).toISOString()} less a ${safetyMarginMs} ms margin and the ${requestTimeoutMs} ms request timeout)`,
      );
    }
  }

  private async assertStillLeader(tier: string, tenure: Tenure, verify?: boolean): Promise<void> {
    this.checkWriteDeadline(tier, tenure);
    if (!(verify ?? this.options.verifyInTable ?? true)) return;
    const now = this.clock.now();
    const { client, tableName, holder } = this.options;
    const live = decodeLease((await client.getItem(readRequest(tableName, tier))).Item);
    if (!live || live.holder !== holder || live.fencingToken !== tenure.fencingToken || live.leaseUntil <= now) {
      this.lose(tier, 'taken');
      const found = live ? `holder ${live.holder}, fencing token ${live.fencingToken}` : 'no lease item';
      throw new LeaseLostError(tier, 'taken', `the table shows ${found}; ours was ${tenure.fencingToken}`);
    }
  }
}
