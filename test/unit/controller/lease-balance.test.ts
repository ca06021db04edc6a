// The balancing decision (src/controller/leases/balance.ts): worked cases, then properties over
// random fleets, run as every replica would run it, round after round, on one shared table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { balanceLeases } from '../../../src/controller/leases/balance.js';
import type { BalanceDecision, BalanceInput } from '../../../src/controller/leases/balance.js';
import { rendezvousScore } from '../../../src/controller/leases/rendezvous.js';

const tierNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `tier-${String(i + 1).padStart(2, '0')}`);

function decide(self: string, tiers: readonly string[], live: readonly string[], holders: Record<string, string>, extra: Partial<BalanceInput> = {}): BalanceDecision {
  return balanceLeases({
    self,
    tiers,
    live,
    holders: new Map(Object.entries(holders)),
    handingOver: new Set(),
    freeForMs: new Map(),
    graceMs: 10_000,
    mayRelease: true,
    ...extra,
  });
}

test('rendezvous scores are stable literals (every replica and version must agree on them)', () => {
  assert.equal(rendezvousScore('tier-1', 'replica-a'), rendezvousScore('tier-1', 'replica-a'));
  assert.notEqual(rendezvousScore('tier-1', 'replica-a'), rendezvousScore('tier-1', 'replica-b'));
  assert.deepEqual(
    ['replica-a', 'replica-b', 'replica-c'].map((r) => rendezvousScore('tier-1', r)),
    [151111471389726, 95116614130001, 128862366490891],
  );
});

test('a lone replica takes every free tier', () => {
  const tiers = tierNames(9);
  const d = decide('a', tiers, [], {});
  assert.deepEqual(d.acquire, tiers);
  assert.deepEqual([d.cap, d.floor], [9, 9]);
});

test('free tiers are shared out by load, so replicas that see the same table never compete', () => {
  const tiers = tierNames(9);
  const live = ['a', 'b', 'c'];
  const picks = live.map((r) => decide(r, tiers, live, {}).acquire);
  assert.deepEqual(picks.map((p) => p.length), [3, 3, 3]);
  assert.deepEqual(picks.flat().sort(), tiers);
});

test('a replica joining: the others give up exactly their surplus, the ones they are least preferred for', () => {
  const tiers = tierNames(9);
  const holders = Object.fromEntries(tiers.map((t, i) => [t, i < 5 ? 'a' : 'b']));
  const a = decide('a', tiers, ['a', 'b', 'c'], holders);
  const b = decide('b', tiers, ['a', 'b', 'c'], holders);
  const c = decide('c', tiers, ['a', 'b', 'c'], holders);
  assert.equal(a.release.length, 2);
  assert.equal(b.release.length, 1);
  assert.deepEqual([a.acquire, b.acquire, c.acquire, c.release], [[], [], [], []]);
  const byScore = tiers.slice(0, 5).sort((x, y) => rendezvousScore(x, 'a') - rendezvousScore(y, 'a'));
  assert.deepEqual(a.release, byScore.slice(0, 2));
  // Once released, the newcomer (the least loaded) takes them, not the others.
  const after = { ...holders };
  for (const t of [...a.release, ...b.release]) delete after[t];
  assert.deepEqual([...decide('c', tiers, ['a', 'b', 'c'], after).acquire].sort(), [...a.release, ...b.release].sort());
  assert.deepEqual(decide('a', tiers, ['a', 'b', 'c'], after).acquire, []);
  assert.deepEqual(decide('b', tiers, ['a', 'b', 'c'], after).acquire, []);
});

test('inside the band nobody moves: 3, 3, 3, 1 of 10 gives one tier from one agreed donor', () => {
  const tiers = tierNames(10);
  const holders = Object.fromEntries(tiers.map((t, i) => [t, ['a', 'b', 'c', 'd'][Math.min(3, Math.floor(i / 3))]!]));
  const live = ['a', 'b', 'c', 'd'];
  const releases = live.map((r) => decide(r, tiers, live, holders).release.length);
  assert.deepEqual(releases, [1, 0, 0, 0]);
  // 3, 3, 2, 2 is balanced: nothing moves.
  const balanced = { ...holders, [tiers[8]!]: 'd' };
  assert.deepEqual(live.map((r) => decide(r, tiers, live, balanced)).map((d) => d.release.length + d.acquire.length), [0, 0, 0, 0]);
});

test('a tier being handed over is neither released again nor counted as this replica\'s load', () => {
  const tiers = tierNames(6);
  const holders = Object.fromEntries(tiers.map((t) => [t, 'a']));
  const d = decide('a', tiers, ['a', 'b'], holders, { handingOver: new Set([tiers[0]!, tiers[1]!, tiers[2]!]) });
  assert.deepEqual([d.release, d.acquire], [[], []]);
});

test('a holder without a heartbeat keeps its tiers until its lease ends; they count for nobody', () => {
  const tiers = tierNames(4);
  const d = decide('a', tiers, ['a'], { [tiers[0]!]: 'old', [tiers[1]!]: 'old' });
  assert.deepEqual(d.acquire, tiers.slice(2));
  assert.deepEqual(d.release, []);
});

test('a free tier its assignee ignores is taken after the grace by a replica under the cap, after twice by anyone', () => {
  const tiers = tierNames(4);
  const live = ['a', 'b'];
  const holders = { [tiers[0]!]: 'a', [tiers[1]!]: 'a' };
  // b is the least loaded and should take both; a waits.
  assert.deepEqual(decide('a', tiers, live, holders).acquire, []);
  const soon = decide('a', tiers, live, holders, { freeForMs: new Map([[tiers[2]!, 10_000], [tiers[3]!, 10_000]]) });
  assert.deepEqual([soon.acquire, soon.fallback], [[], []]);
  const late = decide('a', tiers, live, holders, { freeForMs: new Map([[tiers[2]!, 20_000]]) });
  assert.deepEqual([late.acquire, late.fallback], [[tiers[2]], [tiers[2]]]);
  const underCap = decide('a', tiers, live, { [tiers[0]!]: 'a' }, { freeForMs: new Map([[tiers[1]!, 10_000]]) });
  assert.deepEqual(underCap.fallback, [tiers[1]]);
});

test('holding off releases keeps every tier', () => {
  const tiers = tierNames(6);
  const holders = Object.fromEntries(tiers.map((t) => [t, 'a']));
  assert.deepEqual(decide('a', tiers, ['a', 'b'], holders, { mayRelease: false }).release, []);
});

// ---- the fleet, simulated: synchronous rounds on one table ----

const GRACE_ROUNDS = 3;
const HOLD_ROUNDS = 8;

interface Fleet {
  readonly tiers: readonly string[];
  /** Replicas that heartbeat; `silent` ones never act (a replica stuck before its first revision
   * would not heartbeat as taking tiers, but a broken one might). */
  live: string[];
  readonly silent: Set<string>;
  holders: Map<string, string>;
  readonly freeSince: Map<string, number>;
  readonly holdUntil: Map<string, number>;
  round: number;
}

function fleet(tiers: readonly string[], live: readonly string[], holders: Map<string, string>, silent: readonly string[] = []): Fleet {
  return { tiers, live: [...live], silent: new Set(silent), holders: new Map(holders), freeSince: new Map(), holdUntil: new Map(), round: 0 };
}

/** One round: every working replica decides on the same snapshot; releases land, then
 * acquisitions race (`winner` picks among the replicas asking for one tier). */
function step(f: Fleet, winner: (candidates: readonly string[]) => string): { moved: Array<[string, string | undefined, string]>; releasedBy: Set<string> } {
  for (const t of f.tiers) if (!f.holders.has(t) && !f.freeSince.has(t)) f.freeSince.set(t, f.round);
  const snapshot = new Map(f.holders);
  const decisions = new Map<string, BalanceDecision>();
  for (const r of f.live.filter((x) => !f.silent.has(x))) {
    const freeForMs = new Map([...f.freeSince].map(([t, since]): [string, number] => [t, (f.round - since) * 1_000]));
    decisions.set(r, balanceLeases({
      self: r, tiers: f.tiers, live: f.live, holders: snapshot, handingOver: new Set(), freeForMs,
      graceMs: GRACE_ROUNDS * 1_000, mayRelease: (f.holdUntil.get(r) ?? -1) <= f.round,
    }));
  }
  const releasedBy = new Set<string>();
  for (const [r, d] of decisions) {
    assert.ok(d.acquire.length === 0 || d.release.length === 0, 'acquire and release in one round');
    if (d.release.length > 0) releasedBy.add(r);
    for (const t of d.release) {
      assert.equal(snapshot.get(t), r, `${r} released ${t}, which it does not hold`);
      f.holders.delete(t);
    }
  }
  const asks = new Map<string, string[]>();
  for (const [r, d] of decisions) {
    for (const t of d.acquire) {
      assert.equal(snapshot.has(t), false, `${r} asked for ${t}, which is held`);
      asks.set(t, [...(asks.get(t) ?? []), r]);
    }
  }
  const moved: Array<[string, string | undefined, string]> = [];
  for (const [t, candidates] of asks) {
    const won = winner(candidates);
    f.holders.set(t, won);
    f.freeSince.delete(t);
    if (decisions.get(won)!.fallback.includes(t)) f.holdUntil.set(won, f.round + HOLD_ROUNDS);
  }
  for (const t of f.tiers) {
    if (snapshot.get(t) !== f.holders.get(t) && f.holders.has(t)) moved.push([t, snapshot.get(t), f.holders.get(t)!]);
    if (f.holders.has(t)) f.freeSince.delete(t);
  }
  f.round += 1;
  return { moved, releasedBy };
}

function loads(f: Fleet): Map<string, number> {
  const m = new Map(f.live.map((r) => [r, 0]));
  for (const h of f.holders.values()) if (m.has(h)) m.set(h, m.get(h)! + 1);
  return m;
}

function balanced(f: Fleet): boolean {
  const n = f.live.length;
  const floor = Math.floor(f.tiers.length / n);
  const cap = Math.ceil(f.tiers.length / n);
  return f.tiers.every((t) => f.live.includes(f.holders.get(t) ?? '')) && [...loads(f).values()].every((c) => c >= floor && c <= cap);
}

/** Runs rounds until balanced and then `quiet` rounds with no change, failing after `limit`. */
function settle(f: Fleet, winner: (c: readonly string[]) => string, limit: number): Array<[string, string | undefined, string]> {
  const moves: Array<[string, string | undefined, string]> = [];
  for (let i = 0; i < limit && !balanced(f); i += 1) moves.push(...step(f, winner).moved);
  assert.ok(balanced(f), `not balanced after ${limit} rounds: ${JSON.stringify([...loads(f)])}, free ${f.tiers.filter((t) => !f.holders.has(t)).join(', ')}`);
  for (let i = 0; i < 2 * GRACE_ROUNDS + 2; i += 1) assert.deepEqual(step(f, winner).moved, [], 'a balanced fleet moved a tier (flapping)');
  return moves;
}

const replicaIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `host-${i}-${(i * 7919).toString(36)}`);

const worldArb = fc
  .record({ tiers: fc.integer({ min: 0, max: 40 }), replicas: fc.integer({ min: 1, max: 7 }), seed: fc.integer() })
  .chain(({ tiers, replicas, seed }) =>
    fc.record({
      tiers: fc.constant(tiers),
      replicas: fc.constant(replicas),
      seed: fc.constant(seed),
      // Per tier: free (-1), held by a replica, or by a holder that is not live (replicas).
      initial: fc.array(fc.integer({ min: -1, max: replicas }), { minLength: tiers, maxLength: tiers }),
    }),
  );

function winnerFrom(seed: number): (c: readonly string[]) => string {
  let s = seed >>> 0;
  return (candidates) => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return candidates[s % candidates.length]!;
  };
}

function initialFleet(w: { tiers: number; replicas: number; initial: readonly number[] }): Fleet {
  const tiers = tierNames(w.tiers);
  const ids = replicaIds(w.replicas);
  const holders = new Map<string, string>();
  // A holder that is not live stands for an expired lease: the table shows it free.
  tiers.forEach((t, i) => {
    const who = w.initial[i]!;
    if (who >= 0 && who < w.replicas) holders.set(t, ids[who]!);
  });
  return fleet(tiers, ids, holders);
}

test('property: from any table, every tier is held and every replica holds ⌊T/N⌋..⌈T/N⌉ within a few rounds, then nothing moves', () => {
  fc.assert(
    fc.property(worldArb, (w) => {
      settle(initialFleet(w), winnerFrom(w.seed), 8);
    }),
    { numRuns: 120 },
  );
});

test('property: a replica joining receives what moves, and no tier moves between the others', () => {
  fc.assert(
    fc.property(worldArb, (w) => {
      const f = initialFleet(w);
      const winner = winnerFrom(w.seed);
      settle(f, winner, 8);
      const before = loads(f);
      f.live.push('newcomer');
      const moves = settle(f, winner, 8);
      for (const [t, from, to] of moves) assert.equal(to, 'newcomer', `${t} moved ${from} → ${to}`);
      // The minimum: what the newcomer needs, no more.
      assert.equal(moves.length, loads(f).get('newcomer'));
      for (const [r, c] of loads(f)) if (r !== 'newcomer') assert.ok(c <= before.get(r)!, `${r} gained tiers`);
    }),
    { numRuns: 120 },
  );
});

test('property: a replica dying: only its tiers move, to the survivors', () => {
  fc.assert(
    fc.property(worldArb.filter((w) => w.replicas >= 2), fc.nat(), (w, which) => {
      const f = initialFleet(w);
      const winner = winnerFrom(w.seed);
      settle(f, winner, 8);
      const dead = f.live[which % f.live.length]!;
      const itsTiers = new Set(f.tiers.filter((t) => f.holders.get(t) === dead));
      f.live = f.live.filter((r) => r !== dead);
      for (const t of itsTiers) f.holders.delete(t); // its leases expire
      const moves = settle(f, winner, 8);
      assert.deepEqual(moves.map(([t]) => t).sort(), [...itsTiers].sort());
    }),
    { numRuns: 120 },
  );
});

test('property: a replica that heartbeats but never takes a tier cannot leave a tier unheld for long, nor make the others flap', () => {
  fc.assert(
    fc.property(worldArb.filter((w) => w.tiers > 0), (w) => {
      const f = initialFleet(w);
      f.live.push('mute');
      f.silent.add('mute');
      const winner = winnerFrom(w.seed);
      const releaseRounds = new Map<string, number>();
      const unheldSince = new Map<string, number>();
      const rounds = 60;
      for (let i = 0; i < rounds; i += 1) {
        for (const r of step(f, winner).releasedBy) releaseRounds.set(r, (releaseRounds.get(r) ?? 0) + 1);
        for (const t of f.tiers) {
          if (f.holders.has(t)) unheldSince.delete(t);
          else if (!unheldSince.has(t)) unheldSince.set(t, i);
          // Released for the mute one, a tier is taken back within twice the grace.
          assert.ok(i - (unheldSince.get(t) ?? i) <= 2 * GRACE_ROUNDS + 1, `${t} unheld since round ${unheldSince.get(t)}`);
        }
      }
      // The hold-off after taking a tier back bounds how often a replica gives tiers up (without
      // it: every GRACE_ROUNDS + 1 rounds).
      for (const [r, n] of releaseRounds) assert.ok(n <= Math.ceil(rounds / (GRACE_ROUNDS + HOLD_ROUNDS)) + 2, `${r} released in ${n} rounds`);
    }),
    { numRuns: 60 },
  );
});

test('property: one decision never asks for a held tier, never gives up one it does not hold, and stays under the cap but for the last resort', () => {
  fc.assert(
    fc.property(worldArb, fc.nat(), fc.array(fc.nat(30_000)), (w, who, waits) => {
      const f = initialFleet(w);
      const self = f.live[who % f.live.length]!;
      const freeForMs = new Map(f.tiers.filter((t) => !f.holders.has(t)).map((t, i): [string, number] => [t, waits[i] ?? 0]));
      const d = balanceLeases({ self, tiers: f.tiers, live: f.live, holders: f.holders, handingOver: new Set(), freeForMs, graceMs: 10_000, mayRelease: true });
      for (const t of d.acquire) assert.equal(f.holders.has(t), false);
      for (const t of d.release) assert.equal(f.holders.get(t), self);
      assert.ok(d.fallback.every((t) => d.acquire.includes(t)));
      const after = (loads(f).get(self) ?? 0) + d.acquire.length - d.release.length;
      const lastResort = d.fallback.filter((t) => (freeForMs.get(t) ?? 0) >= 20_000).length;
      assert.ok(after <= Math.max(d.cap, (loads(f).get(self) ?? 0) - d.release.length) + lastResort, `${self} ends at ${after} > cap ${d.cap}`);
    }),
    { numRuns: 500 },
  );
});
