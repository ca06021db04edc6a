// Which leases one replica should take and which it should give up, from one consistent read of
// the lease table (docs/leases.md, "Sharing the fleet"). Pure: every replica runs it on its own
// view, and replicas that see the same table decide the same thing for each other.
//
// Stability comes from three rules. Nobody takes a held lease: a tier changes hands only when its
// holder releases it or dies, so disagreeing views can delay a rebalance but never make two
// replicas fight. A replica gives tiers up only outside the band [⌊T/N⌋, ⌈T/N⌉]: above ⌈T/N⌉
// always, above ⌊T/N⌋ only while another is below it and nothing free or on its way could fill
// the gap. And free tiers go to the least loaded live replica, ties by rendezvous score, so a new
// replica receives exactly what the others give up and a dead one's tiers go to the survivors,
// with no tier moving between replicas that stay.
import { rendezvousScore } from './rendezvous.js';

export interface BalanceInput {
  readonly self: string;
  /** The tiers this replica competes for (its revision's). */
  readonly tiers: readonly string[];
  /** Replicas whose heartbeat has not expired and that take tiers; `self` is always one. */
  readonly live: readonly string[];
  /** The holder of each tier whose lease has not expired; a tier absent here is free. */
  readonly holders: ReadonlyMap<string, string>;
  /** Tiers this replica still holds but is handing over (its pass in flight finishes first). */
  readonly handingOver: ReadonlySet<string>;
  /** For each free tier, how long this replica has seen it free. */
  readonly freeForMs: ReadonlyMap<string, number>;
  /** A free tier its assignee has not taken for this long is taken by any replica under the
   * cap; after twice this long, by any replica at all: a tier nobody holds is worse than
   * imbalance. */
  readonly graceMs: number;
  /** False while this replica holds off releasing (it recently had to take a tier nobody took). */
  readonly mayRelease: boolean;
}

export interface BalanceDecision {
  /** ⌈T/N⌉ and ⌊T/N⌋ for the T tiers and N live replicas seen. */
  readonly cap: number;
  readonly floor: number;
  /** Free tiers to try to acquire (a conditional write still decides). */
  readonly acquire: readonly string[];
  /** Held tiers to hand over. Never together with acquisitions. */
  readonly release: readonly string[];
  /** Of `acquire`, the tiers taken only because their assignee did not take them in time. */
  readonly fallback: readonly string[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function balanceLeases(input: BalanceInput): BalanceDecision {
  const { self } = input;
  const tiers = [...new Set(input.tiers)].sort(compare);
  const live = [...new Set([...input.live, self])].sort(compare);
  const cap = Math.ceil(tiers.length / live.length);
  const floor = Math.floor(tiers.length / live.length);
  const load = new Map(live.map((r) => [r, 0]));
  const mine: string[] = [];
  const free: string[] = [];
  let handing = 0;
  for (const tier of tiers) {
    const holder = input.holders.get(tier);
    if (holder === undefined) free.push(tier);
    else if (holder === self && input.handingOver.has(tier)) handing += 1;
    else {
      if (holder === self) mine.push(tier);
      // A holder that is not live (no heartbeat: dying, or a replica that does not balance)
      // keeps its tiers until its leases end; they count for nobody.
      const held = load.get(holder);
      if (held !== undefined) load.set(holder, held + 1);
    }
  }
  const loadOf = (replica: string): number => load.get(replica) ?? 0;

  const give = input.mayRelease ? releaseCount(live, loadOf, self, { cap, floor, free: free.length, handing }) : 0;
  if (give > 0) {
    // The tiers this replica is least preferred for go first.
    const scored = mine.map((tier) => ({ tier, score: rendezvousScore(tier, self) }));
    const release = scored.sort((a, b) => a.score - b.score || compare(a.tier, b.tier)).slice(0, give).map((s) => s.tier);
    return { cap, floor, acquire: [], release, fallback: [] };
  }

  const acquire: string[] = [];
  const fallback: string[] = [];
  for (const tier of free) {
    const pick = leastLoaded(tier, live.filter((r) => loadOf(r) < cap), loadOf);
    if (pick === self) {
      acquire.push(tier);
      load.set(self, loadOf(self) + 1);
      continue;
    }
    const waited = input.freeForMs.get(tier) ?? 0;
    if ((waited >= input.graceMs && loadOf(self) < cap) || waited >= 2 * input.graceMs) {
      acquire.push(tier);
      fallback.push(tier);
      load.set(self, loadOf(self) + 1);
    } else if (pick !== undefined) {
      load.set(pick, loadOf(pick) + 1);
    }
  }
  return { cap, floor, acquire, release: [], fallback };
}

/** The least loaded of `candidates`, ties to the highest rendezvous score for `tier`, then by id. */
function leastLoaded(tier: string, candidates: readonly string[], loadOf: (r: string) => number): string | undefined {
  let best: { replica: string; load: number; score: number } | undefined;
  for (const replica of candidates) {
    const load = loadOf(replica);
    if (best !== undefined && load > best.load) continue;
    const score = rendezvousScore(tier, replica);
    if (best === undefined || load < best.load || score > best.score || (score === best.score && replica < best.replica)) best = { replica, load, score };
  }
  return best?.replica;
}

interface Band {
  readonly cap: number;
  readonly floor: number;
  /** Free tiers seen. */
  readonly free: number;
  /** Tiers this replica is handing over already. */
  readonly handing: number;
}

/** How many tiers `self` gives up: its surplus over the cap, or one when replicas below the
 * floor cannot be filled otherwise and `self` is among the donors every replica agrees on. */
function releaseCount(live: readonly string[], loadOf: (r: string) => number, self: string, band: Band): number {
  const { cap, floor } = band;
  const surplus = loadOf(self) - cap;
  if (surplus > 0) return surplus;
  if (band.free > 0 || band.handing > 0 || loadOf(self) <= floor) return 0;
  const over = live.reduce((sum, r) => sum + Math.max(0, loadOf(r) - cap), 0);
  const deficit = live.reduce((sum, r) => sum + Math.max(0, floor - loadOf(r)), 0);
  const need = deficit - over;
  if (need <= 0) return 0;
  const donors = live
    .filter((r) => Math.min(loadOf(r), cap) > floor)
    .sort((a, b) => loadOf(b) - loadOf(a) || compare(a, b))
    .slice(0, need);
  return donors.includes(self) ? 1 : 0;
}
