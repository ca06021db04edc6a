// The I/O half of lease balancing (docs/leases.md, "Sharing the fleet"): each round this replica
// writes its heartbeat and reads the whole lease table with one consistent scan, then asks the
// pure decision (balance.ts) what to take and what to give up. It keeps what the decision needs
// across rounds (how long each tier has been free, the hold-off after taking a tier back) and the
// last view, for /status. The lease provider carries the decision out.

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../clock.js';
import { balanceLeases } from './balance.js';
import type { BalanceDecision } from './balance.js';
import { hasErrorCode } from './lease-table-client.js';
import type { LeaseTableClient } from './lease-table-client.js';
import type { FleetStatus } from './lease-types.js';
import { decodeTableView, forgetRequest, heartbeatRequest, leaveRequest, scanRequest } from './replica-records.js';
import type { TableView } from './replica-records.js';

/** A heartbeat expired this many lease durations ago belongs to a replica long gone: its item
 * is deleted (a SIGKILLed replica cannot remove its own). */
const FORGET_AFTER_DURATIONS = 10;
/** Heartbeats forgotten per round at most: the round's calls stay few. */
const FORGET_PER_ROUND = 5;
/** After taking back a tier nobody took, this replica gives none up for this many lease
 * durations: a replica that heartbeats but never acquires cannot make the others flap. */
const HOLD_OFF_DURATIONS = 4;

export interface LeaseBalancerOptions {
  readonly client: LeaseTableClient;
  readonly tableName: string;
  readonly holder: string;
  readonly clock: Clock;
  /** The lease duration: heartbeats last as long, and a replica that cannot read the table
   * for as long stops balancing and competes for every tier. */
  readonly durationMs: number;
  /** How long a free tier waits for its assignee (default: the lease duration). */
  readonly graceMs?: number;
}

/** What this replica holds, as the balancer needs to know it. */
export interface LocalLeases {
  readonly wanted: readonly string[];
  /** Tiers with a current tenure here, handing-over ones included. */
  readonly held: readonly string[];
  readonly handingOver: ReadonlySet<string>;
  /** Whether this replica takes tiers now (it has a revision and is not stopping). */
  readonly accepting: boolean;
}

/** `blind`: no view of the table for a lease duration; the provider then competes for every
 * tier, as without balancing (availability over balance). `wait`: no view this round. */
export type BalanceRound = { readonly kind: 'decided'; readonly decision: BalanceDecision } | { readonly kind: 'wait' } | { readonly kind: 'blind' };

export class LeaseBalancer {
  private readonly startedAt: number;
  private view: TableView | undefined;
  private viewAt: number | undefined;
  private decision: BalanceDecision | undefined;
  private readonly freeSince = new Map<string, number>();
  private holdOffUntil = 0;
  private lastError: string | undefined;

  constructor(private readonly options: LeaseBalancerOptions) {
    this.startedAt = options.clock.now();
  }

  /** Heartbeat and scan side by side, then the decision on what the scan showed. The heartbeat
   * lasts a lease duration from `roundAt` (default now). */
  async round(local: LocalLeases, roundAt?: number): Promise<BalanceRound> {
    const { client, tableName, holder, clock, durationMs } = this.options;
    const sentAt = roundAt ?? clock.now();
    const [beat, scan] = await Promise.allSettled([
      client.updateItem(heartbeatRequest(tableName, holder, this.startedAt, sentAt, durationMs, local.accepting)),
      this.scan(),
    ]);
    const failed = [beat, scan].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    this.lastError = failed === undefined ? undefined : describe(failed.reason);
    const now = clock.now();
    if (scan.status === 'rejected') {
      return now - (this.viewAt ?? this.startedAt) >= durationMs ? { kind: 'blind' } : { kind: 'wait' };
    }
    this.view = scan.value;
    this.viewAt = now;
    await this.forgetLongGone(scan.value, now);
    const decision = this.decide(scan.value, local, now);
    this.decision = decision;
    return { kind: 'decided', decision };
  }

  /** This replica took a tier back that its assignee never took: hold off giving any up. */
  tookBack(): void {
    this.holdOffUntil = this.options.clock.now() + HOLD_OFF_DURATIONS * this.options.durationMs;
  }

  /** Removes this replica's heartbeat at shutdown; the others stop counting it at once. */
  async leave(): Promise<void> {
    const { client, tableName, holder } = this.options;
    try {
      await client.deleteItem(leaveRequest(tableName, holder));
    } catch (error) {
      // Not ours any more, or the table is unreachable: it expires by itself.
      if (!hasErrorCode(error, 'ConditionalCheckFailedException')) this.lastError = describe(error);
    }
  }

  /** The last view of the table, for /status: every tier's holder and every replica. */
  fleet(local: LocalLeases): FleetStatus {
    const now = this.options.clock.now();
    const view = this.view;
    const mine = new Set(local.held);
    const tiers = [...new Set([...(view?.leases.keys() ?? []), ...local.wanted, ...mine])].sort();
    const holderOf = (tier: string): string | undefined => {
      if (mine.has(tier)) return this.options.holder;
      const lease = view?.leases.get(tier);
      return lease !== undefined && lease.leaseUntil > now ? lease.holder : undefined;
    };
    const counts = new Map<string, number>();
    for (const tier of tiers) {
      const h = holderOf(tier);
      if (h !== undefined) counts.set(h, (counts.get(h) ?? 0) + 1);
    }
    return {
      replica: this.options.holder,
      readAt: this.viewAt ?? null,
      ...(this.decision === undefined ? {} : { share: { floor: this.decision.floor, cap: this.decision.cap } }),
      replicas: (view?.replicas ?? []).map((r) => ({
        id: r.holder,
        self: r.holder === this.options.holder,
        live: r.heartbeatUntil > now,
        accepting: r.accepting,
        heartbeatUntil: r.heartbeatUntil,
        startedAt: r.startedAt,
        tiers: counts.get(r.holder) ?? 0,
      })),
      tiers: tiers.map((tier) => {
        const lease = view?.leases.get(tier);
        const holder = holderOf(tier) ?? null;
        return {
          tier,
          holder,
          self: holder === this.options.holder,
          ...(lease === undefined ? {} : { leaseUntil: lease.leaseUntil, fencingToken: lease.fencingToken }),
          ...(local.handingOver.has(tier) ? { handingOver: true } : {}),
          ...(local.wanted.includes(tier) ? {} : { inManifests: false }),
        };
      }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  private async scan(): Promise<TableView> {
    const { client, tableName } = this.options;
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.scan(scanRequest(tableName, startKey));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return decodeTableView(items);
  }

  private decide(view: TableView, local: LocalLeases, now: number): BalanceDecision {
    const self = this.options.holder;
    const mine = new Set(local.held);
    const holders = new Map<string, string>();
    for (const tier of local.wanted) {
      const lease = view.leases.get(tier);
      if (mine.has(tier)) holders.set(tier, self);
      // A lease the table still gives this replica, but that it no longer holds here (its local
      // expiry came first), is free to it: acquiring accepts `holder = :me`.
      else if (lease !== undefined && lease.leaseUntil > now && lease.holder !== self) holders.set(tier, lease.holder);
    }
    for (const tier of [...this.freeSince.keys()]) if (holders.has(tier) || !local.wanted.includes(tier)) this.freeSince.delete(tier);
    for (const tier of local.wanted) if (!holders.has(tier) && !this.freeSince.has(tier)) this.freeSince.set(tier, now);
    const live = view.replicas.filter((r) => r.heartbeatUntil > now && r.accepting).map((r) => r.holder);
    return balanceLeases({
      self,
      tiers: local.wanted,
      live,
      holders,
      handingOver: local.handingOver,
      freeForMs: new Map([...this.freeSince].map(([tier, since]): [string, number] => [tier, now - since])),
      graceMs: this.options.graceMs ?? this.options.durationMs,
      mayRelease: now >= this.holdOffUntil,
    });
  }

  private async forgetLongGone(view: TableView, now: number): Promise<void> {
    const cutoff = now - FORGET_AFTER_DURATIONS * this.options.durationMs;
    const gone = view.replicas.filter((r) => r.heartbeatUntil < cutoff).slice(0, FORGET_PER_ROUND);
    const { client, tableName } = this.options;
    // Whoever else forgot it first, or a failure: either way the next round looks again.
    await Promise.allSettled(gone.map((r) => client.deleteItem(forgetRequest(tableName, r.holder, cutoff))));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
