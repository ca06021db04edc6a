// What /status serves: the StatusStore's snapshot, with the scheduler's and the leases' view of
// each tier, and whether each tier is converged on the revision in force. Pure.
import type { StatusSnapshot, TierStatus } from './http/status-store.js';
import type { FleetStatus, LeaseStatus } from './leases/lease-types.js';
import type { SchedulerStatus, TierScheduleState } from './scheduler.js';

/** `T` with its epoch-millisecond fields `K` as ISO 8601 strings: every time /status shows reads
 * the same way (a person reads it, and so does any JSON tool). */
export type WithIsoTimes<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]?: string };

export interface DaemonTierStatus extends TierStatus {
  /** The last pass found nothing to change or made every change, and the tier's documents
   * have not changed since it began (a revision that touches other tiers leaves this one be). */
  readonly converged: boolean;
  readonly schedule: WithIsoTimes<TierScheduleState, 'lastStartedAt' | 'lastFinishedAt' | 'nextRetryAt'> | null;
  readonly lease: WithIsoTimes<LeaseStatus, 'leaseUntil'> | null;
}

function isoTimes<T extends object, K extends keyof T>(value: T, keys: readonly K[]): WithIsoTimes<T, K> {
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const k of keys) {
    const ms = value[k];
    if (typeof ms === 'number') out[k as string] = new Date(ms).toISOString();
  }
  return out as WithIsoTimes<T, K>;
}

export interface DaemonStatus extends Omit<StatusSnapshot, 'tiers'> {
  readonly controller: { readonly instanceId: string; readonly dryRun: boolean };
  /** The revision being reconciled: the newest that validated. */
  readonly inForce: string | null;
  /** Every tier of the revision in force is converged. */
  readonly converged: boolean;
  readonly scheduler: WithIsoTimes<Omit<SchedulerStatus, 'tiers'>, 'nextResyncAt'>;
  readonly tiers: Readonly<Record<string, DaemonTierStatus>>;
  /** Which replica holds which tier, from the lease table (null without leader election). */
  readonly fleet?: FleetStatus | null;
}

export function daemonStatus(
  snapshot: StatusSnapshot,
  scheduler: SchedulerStatus,
  leases: readonly LeaseStatus[],
  controller: DaemonStatus['controller'],
  /** The last valid revision: a newer invalid one is not applied, so tiers stay on this one. */
  inForce: string | undefined,
  /** Tiers whose documents changed since their last successful pass began. */
  stale: ReadonlySet<string>,
): DaemonStatus {
  const { tiers: schedules, ...queue } = scheduler;
  const tiers: Record<string, DaemonTierStatus> = {};
  for (const [name, tier] of Object.entries(snapshot.tiers)) {
    const schedule = schedules.find((s) => s.tier === name) ?? null;
    const last = tier.lastPass;
    const converged =
      snapshot.awsGone === null &&
      last !== null &&
      (last.result === 'in-sync' || last.result === 'applied') &&
      !stale.has(name) &&
      (schedule === null || schedule.phase === 'idle');
    const lease = leases.find((l) => l.tier === name);
    tiers[name] = {
      ...tier,
      converged,
      schedule: schedule === null ? null : isoTimes(schedule, ['lastStartedAt', 'lastFinishedAt', 'nextRetryAt']),
      lease: lease === undefined ? null : isoTimes(lease, ['leaseUntil']),
    };
  }
  const names = Object.keys(tiers);
  return {
    ...snapshot,
    controller,
    inForce: inForce ?? null,
    // With AWS gone nothing said earlier about AWS holds any more.
    converged: snapshot.awsGone === null && names.length > 0 && names.every((n) => tiers[n]!.converged),
    scheduler: isoTimes(queue, ['nextResyncAt']),
    tiers,
  };
}
