// The contract between leader election and the rest of the daemon. Two tasks of the service
// (e.g. old and new during a rolling deploy) must never both write for one tier: a replica
// reconciles a tier with mutations only while it holds that tier's lease, checks with a
// WriteGuard before each mutating step, and its fence refuses every HTTP attempt of a mutating
// call once the lease's local deadline has passed (docs/leases.md).
import type { AttemptFence } from '../../aws/attempt-fence.js';

/** Leader election for tiers: one implementation on DynamoDB, one that always holds. */
export interface LeaseProvider {
  /** Checks the backend (the lease table exists), takes the first leases and starts renewing. */
  start(): Promise<void>;
  /**
   * The tiers this replica competes for, usually every tier of the revision in force. Leases of
   * tiers no longer listed are released at the next renewal round.
   */
  setTiers(tiers: readonly string[]): void;
  isHeld(tier: string): boolean;
  /** Tiers held now, sorted. */
  held(): readonly string[];
  /**
   * A guard bound to the current tenure of `tier`'s lease (its fencing token). Throws
   * LeaseLostError if the lease is not held. Take it at the start of a pass and check it before
   * every mutating step: once the lease is lost, even if won back later, it refuses.
   */
  writeGuard(tier: string): WriteGuard;
  /** Per-tier lease state for `/status`, `/readyz` and the leases-held metric. */
  status(): readonly LeaseStatus[];
  /** Stops renewing and releases every lease held, so another replica takes over at once. */
  stop(): Promise<void>;
  /** Who holds which tier, as the lease table last showed it (balancing replicas only). */
  fleet?(): FleetStatus | undefined;
}

/** The lease table as this replica last read it: every replica's heartbeat and every tier's
 * holder, this replica's and the others' (docs/leases.md, "Sharing the fleet"). */
export interface FleetStatus {
  /** This replica's holder id. */
  readonly replica: string;
  /** When the table was last read (epoch ms), null before the first read. */
  readonly readAt: number | null;
  /** ⌊tiers / live replicas⌋ and ⌈…⌉: the band each replica's count is kept in. */
  readonly share?: { readonly floor: number; readonly cap: number };
  readonly replicas: readonly {
    readonly id: string;
    readonly self: boolean;
    /** Its heartbeat has not expired. */
    readonly live: boolean;
    /** It has tiers to compete for (not counted by the others otherwise). */
    readonly accepting: boolean;
    readonly heartbeatUntil: number;
    readonly startedAt: number;
    readonly tiers: number;
  }[];
  readonly tiers: readonly {
    readonly tier: string;
    /** null: nobody holds it (free, released or expired). */
    readonly holder: string | null;
    readonly self: boolean;
    readonly leaseUntil?: number;
    readonly fencingToken?: number;
    /** This replica is handing it over: its pass in flight finishes, then the lease is released. */
    readonly handingOver?: true;
    /** false: a lease item in the table for a tier this replica's manifests do not have. */
    readonly inManifests?: false;
  }[];
  /** The last error writing the heartbeat or reading the table. */
  readonly lastError?: string;
}

export interface WriteGuard {
  readonly tier: string;
  /** Grows with every acquisition of the tier's lease, by any replica. */
  readonly fencingToken: number;
  /** Aborted when this tenure ends (lease lost, expired, released): stop the pass. */
  readonly signal: AbortSignal;
  /**
   * Resolves if this tenure may still write: it is current and its write deadline (the lease's
   * end, less the safety margin and the request timeout) is ahead by the local clock and, when
   * `verifyInTable`, the lease table shows it unchanged by a consistent read (one read: the
   * daemon asks once per pass, before applying). Otherwise rejects with LeaseLostError.
   */
  assertStillLeader(options?: { readonly verifyInTable?: boolean }): Promise<void>;
  /** The same local check, synchronous, for every HTTP attempt of a mutating call
   * (src/aws/attempt-fence.ts); throws LeaseLostError. */
  readonly fence: AttemptFence;
}

export interface LeaseStatus {
  readonly tier: string;
  readonly held: boolean;
  readonly fencingToken?: number;
  /** Epoch ms until which the table grants the lease to this replica. */
  readonly leaseUntil?: number;
  /** Last error talking to the lease table about this tier, if the last attempt failed. */
  readonly lastError?: string;
  /** Held, but being handed over to another replica once the pass in flight has finished. */
  readonly handingOver?: true;
}

/** `handing-over`: not lost yet, but no new pass may start: the lease is released once the pass
 * in flight has finished (balancing). */
export type LeaseLossReason = 'not-held' | 'superseded' | 'expired' | 'taken' | 'released' | 'handing-over';

/** A mutating step was refused because this replica no longer leads the tier. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(
    readonly tier: string,
    readonly reason: LeaseLossReason,
    detail: string,
  ) {
    super(`lease of tier ${tier} is not held (${reason}): ${detail}`);
  }
}

export function isLeaseLostError(error: unknown): error is LeaseLostError {
  return error instanceof LeaseLostError;
}
