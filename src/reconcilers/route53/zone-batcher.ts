// Batches record changes per hosted zone (docs/design.md §6.5): DNS actions are grouped by zone and by
// dependency level (how many DNS actions precede them on their longest dependency path: the
// ownership TXT records are level 0, the alias records level 1, …). A group is sent once every
// action expected in it has either submitted its change or settled without one, so an apply of
// N tenants makes O(1) ChangeResourceRecordSets calls per zone per level, not O(N). Each call is
// then followed by GetChange until INSYNC before its actions count as done. Calls to one zone go
// one at a time (Route 53 answers PriorRequestNotComplete otherwise); `maxInFlight` bounds calls
// across zones. Route 53 refuses a whole batch for one bad change (InvalidChangeBatch): the batch
// is then halved until the bad changes stand alone, so one bad change among n costs about
// 2·log2(n) more requests (each waiting for INSYNC), not n, and fails only its own action
// (docs/aws-behaviour.md §15).
import type { Change } from '@aws-sdk/client-route-53';
import type { Route53Api } from '../../aws/route53.js';
import { absoluteName } from '../../aws/route53.js';
import { classifyAwsError, isAwsError } from '../../aws/errors.js';
import type { Action } from '../../plan/action.js';
import { ReconcileError } from '../reconciler.js';
import type { RetryPolicy } from '../retry.js';
import { backoffDelayMs } from '../retry.js';
import { packChangeBatches } from './change-batches.js';
import { sameRecord } from './records.js';

/** How long (in GetChange polls) a change may stay PENDING before its actions fail. */
export const MAX_INSYNC_POLLS = 40;

export interface ZoneTarget {
  readonly zoneId: string;
  readonly api: Route53Api;
  /** Groups calls per zone and identity. */
  readonly zoneKey: string;
}

interface Pending {
  readonly action: Action;
  readonly change: Change;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface Group {
  readonly target: ZoneTarget;
  readonly outstanding: Set<string>;
  readonly pending: Pending[];
}

export interface ZoneBatcherOptions {
  readonly retry: RetryPolicy;
  readonly maxInFlight: number;
  readonly beforeMutation?: ((action: Action) => Promise<void>) | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The DNS level of each action: how many DNS actions lie before it on its longest path.
 * `actions` must be in dependency order (a plan's order). */
export function dnsLevels(actions: readonly Action[]): ReadonlyMap<string, number> {
  const isDns = new Map(actions.map((a) => [a.id, a.kind === 'dns-record' || a.kind === 'dns-ownership']));
  const level = new Map<string, number>();
  for (const a of actions) {
    let l = 0;
    for (const d of a.dependsOn) {
      const dl = level.get(d);
      if (dl !== undefined) l = Math.max(l, dl + (isDns.get(d) === true ? 1 : 0));
    }
    level.set(a.id, l);
  }
  return level;
}

export class ZoneBatcher {
  private readonly groups = new Map<string, Group>();
  private readonly groupOf = new Map<string, Group>();
  private readonly zoneChains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ZoneBatcherOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    options.signal?.addEventListener('abort', () => this.abortPending(), { once: true });
  }

  /** Declares a DNS action that will run (or settle) in this apply, in its zone and level. */
  expect(action: Action, target: ZoneTarget, level: number): void {
    const key = `${target.zoneKey}#${level}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { target, outstanding: new Set(), pending: [] };
      this.groups.set(key, group);
    }
    group.outstanding.add(action.id);
    this.groupOf.set(action.id, group);
  }

  /** Queues an expected action's change; settles once it is INSYNC (or refused). */
  submit(action: Action, change: Change): Promise<void> {
    const group = this.groupOf.get(action.id);
    if (group === undefined) return Promise.reject(new Error(`DNS action ${action.id} was not expected by the zone batcher`));
    return new Promise<void>((resolve, reject) => {
      group.pending.push({ action, change, resolve, reject });
      this.arrived(group, action.id);
    });
  }

  /** The executor settled an action (it may never submit: skipped, failed before, aborted). */
  settled(actionId: string): void {
    const group = this.groupOf.get(actionId);
    if (group !== undefined && group.outstanding.has(actionId)) this.arrived(group, actionId);
  }

  private arrived(group: Group, actionId: string): void {
    group.outstanding.delete(actionId);
    if (group.outstanding.size > 0 || group.pending.length === 0) return;
    const items = group.pending.splice(0);
    const key = group.target.zoneKey;
    const previous = this.zoneChains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.sendGroup(group.target, items));
    this.zoneChains.set(key, next.catch(() => undefined));
  }

  private abortPending(): void {
    for (const group of this.groups.values()) {
      for (const item of group.pending.splice(0)) item.reject(this.options.signal?.reason ?? new Error('aborted'));
    }
  }

  private async slot<T>(call: () => Promise<T>): Promise<T> {
    while (this.inFlight >= this.options.maxInFlight) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight++;
    try {
      return await call();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  private async sendGroup(target: ZoneTarget, items: readonly Pending[]): Promise<void> {
    const byChange = new Map(items.map((p) => [p.change, p]));
    for (const batch of packChangeBatches(items.map((p) => p.change))) {
      await this.sendBatch(target, batch.map((c) => byChange.get(c) as Pending));
    }
  }

  private async sendBatch(target: ZoneTarget, items: readonly Pending[]): Promise<void> {
    try {
      // Before every action's mutation, as apply-plan does for the other kinds. The lease guard
      // it carries reads a local deadline (docs/leases.md), so this costs no call, and the fence
      // below the SDK's retries checks every attempt of the batch's one call again.
      for (const item of items) await this.options.beforeMutation?.(item.action);
      await this.slot(() => this.changeInSync(target, items.map((p) => p.change)));
      for (const item of items) item.resolve();
    } catch (err) {
      if (items.length > 1 && isAwsError(err, 'InvalidChangeBatch')) {
        const half = Math.ceil(items.length / 2);
        await this.sendBatch(target, items.slice(0, half));
        await this.sendBatch(target, items.slice(half));
        return;
      }
      const only = items.length === 1 ? items[0] : undefined;
      if (only !== undefined && (await this.alreadyDone(target, only.change, err))) return only.resolve();
      for (const item of items) item.reject(err);
    }
  }

  /** A single change Route 53 refused that needs nothing more: a DELETE of a record already
   * gone, a CREATE of a record that exists exactly as wanted (an earlier attempt made it). */
  private async alreadyDone(target: ZoneTarget, change: Change, err: unknown): Promise<boolean> {
    const cls = classifyAwsError(err);
    const rrs = change.ResourceRecordSet;
    if (change.Action === 'DELETE' && cls === 'not-found') return true;
    if (change.Action !== 'CREATE' || cls !== 'conflict' || rrs === undefined) return false;
    const name = absoluteName(rrs.Name ?? '');
    const found = await target.api.listResourceRecordSets(target.zoneId, { startRecordName: name, stopAfter: (r) => absoluteName(r.Name ?? '') !== name });
    return found.some((r) => sameRecord(r, rrs));
  }

  private async changeInSync(target: ZoneTarget, changes: Change[]): Promise<void> {
    // Throttles and PriorRequestNotComplete (a change to the zone still in progress) are the
    // SDK's to retry: it counts the latter as a throttle.
    const info = await target.api.changeResourceRecordSets(target.zoneId, { Changes: changes });
    let status = info.Status;
    for (let poll = 1; status !== 'INSYNC'; poll++) {
      if (poll > MAX_INSYNC_POLLS) throw new ReconcileError('ChangeNotInSync', `Route 53 change ${info.Id} still ${status} after ${MAX_INSYNC_POLLS} polls`);
      await this.sleep(backoffDelayMs(this.options.retry, poll));
      const id = info.Id ?? '';
      status = (await target.api.getChange(id)).Status;
    }
  }
}
