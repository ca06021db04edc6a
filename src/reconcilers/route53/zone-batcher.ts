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
// (docs/aws-behaviour.md §15). The actions of a tier endpoint's switch between DNS trees are one
// unit (docs/dns-tree.md): at one level, in one request, deletes first, never halved apart.
import type { Change } from '@aws-sdk/client-route-53';
import type { Route53Api } from '../../aws/route53.js';
import { absoluteName } from '../../aws/route53.js';
import { classifyAwsError, isAwsError } from '../../aws/errors.js';
import type { Action } from '../../plan/action.js';
import { ReconcileError } from '../reconciler.js';
import type { RetryPolicy } from '../retry.js';
import { backoffDelayMs } from '../retry.js';
import { packChangeUnits } from './change-batches.js';
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

/** The DNS level of each action: how many DNS actions lie before it on its longest path. The
 * members of one unit (`units`: action id -> unit id) share the highest of their levels, so
 * they are sent together. `actions` must be in dependency order (a plan's order), and no
 * member of a unit may depend on another (dns-switch.ts builds them so). */
export function dnsLevels(actions: readonly Action[], units: ReadonlyMap<string, string> = new Map()): ReadonlyMap<string, number> {
  const isDns = new Map(actions.map((a) => [a.id, a.kind === 'dns-record' || a.kind === 'dns-ownership']));
  const byId = new Map(actions.map((a) => [a.id, a]));
  const members = new Map<string, Action[]>();
  for (const [id, unit] of units) {
    const a = byId.get(id);
    if (a === undefined) continue;
    const list = members.get(unit);
    if (list === undefined) members.set(unit, [a]);
    else list.push(a);
  }
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (a: Action): number => {
    const known = level.get(a.id);
    if (known !== undefined) return known;
    const unit = units.get(a.id);
    const group = unit === undefined ? [a] : (members.get(unit) as Action[]);
    for (const m of group) {
      if (visiting.has(m.id)) throw new Error(`DNS unit ${unit ?? a.id} depends on itself through ${m.id}`);
      visiting.add(m.id);
    }
    let l = 0;
    for (const m of group) {
      for (const d of m.dependsOn) {
        const dep = byId.get(d);
        if (dep !== undefined) l = Math.max(l, levelOf(dep) + (isDns.get(d) === true ? 1 : 0));
      }
    }
    for (const m of group) {
      visiting.delete(m.id);
      level.set(m.id, l);
    }
    return l;
  };
  for (const a of actions) levelOf(a);
  return level;
}

export class ZoneBatcher {
  private readonly groups = new Map<string, Group>();
  private readonly groupOf = new Map<string, Group>();
  private readonly unitOf = new Map<string, string>();
  private readonly zoneChains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ZoneBatcherOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    options.signal?.addEventListener('abort', () => this.abortPending(), { once: true });
  }

  /** Declares a DNS action that will run (or settle) in this apply, in its zone and level, and
   * the unit it must be sent with, if any (dnsLevels gives a unit's members one level). */
  expect(action: Action, target: ZoneTarget, level: number, unit?: string): void {
    if (unit !== undefined) this.unitOf.set(action.id, unit);
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

  /** The items as units, in order: each alone, but a unit's members together, deletes first
   * (Route 53 checks its 100 weighted records of a name as the batch goes). */
  private unitsOf(items: readonly Pending[]): Pending[][] {
    const out: Pending[][] = [];
    const byUnit = new Map<string, Pending[]>();
    for (const item of items) {
      const unit = this.unitOf.get(item.action.id);
      if (unit === undefined) {
        out.push([item]);
        continue;
      }
      const members = byUnit.get(unit);
      if (members !== undefined) members.push(item);
      else {
        const list = [item];
        byUnit.set(unit, list);
        out.push(list);
      }
    }
    for (const members of byUnit.values()) members.sort((a, b) => Number(b.change.Action === 'DELETE') - Number(a.change.Action === 'DELETE'));
    return out;
  }

  private async sendGroup(target: ZoneTarget, items: readonly Pending[]): Promise<void> {
    const units = this.unitsOf(items);
    const unitOfChange = new Map(units.flatMap((u) => u.map((p) => [p.change, u] as const)));
    for (const batch of packChangeUnits(units.map((u) => u.map((p) => p.change)))) {
      const batchUnits: Pending[][] = [];
      for (const c of batch) {
        const u = unitOfChange.get(c) as Pending[];
        if (batchUnits[batchUnits.length - 1] !== u) batchUnits.push(u);
      }
      await this.sendBatch(target, batchUnits);
    }
  }

  private async sendBatch(target: ZoneTarget, units: readonly (readonly Pending[])[]): Promise<void> {
    const items = units.flat();
    try {
      // Before every action's mutation, as apply-plan does for the other kinds. The lease guard
      // it carries reads a local deadline (docs/leases.md), so this costs no call, and the fence
      // below the SDK's retries checks every attempt of the batch's one call again.
      for (const item of items) await this.options.beforeMutation?.(item.action);
      await this.slot(() => this.changeInSync(target, items.map((p) => p.change)));
      for (const item of items) item.resolve();
    } catch (err) {
      if (units.length > 1 && isAwsError(err, 'InvalidChangeBatch')) {
        const half = Math.ceil(units.length / 2);
        await this.sendBatch(target, units.slice(0, half));
        await this.sendBatch(target, units.slice(half));
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
