import { test } from 'node:test';
import assert from 'node:assert/strict';
import { infraGroupKeyString } from '../../../src/desired/model.js';
import { migrationMoves, rebalanceMoves, type MovePlan } from '../../../src/desired/placement/moves.js';
import { place } from '../../../src/desired/placement/placement.js';
import { manifestSet, type ManifestSetBuilder } from '../../support/manifest-builder.js';
import { livePlacement } from '../../support/placement-helpers.js';
import { tiered } from '../../support/run-cli.js';

function spreadOf(fill: MovePlan['before']): number {
  const ratios = fill.map((f) => f.ratio);
  return Math.max(...ratios) - Math.min(...ratios);
}

function path(plan: MovePlan, i: number): string {
  const move = plan.moves[i];
  assert.ok(move, `move ${i} exists`);
  return `${move.tenant} ${infraGroupKeyString(move.from)} -> ${infraGroupKeyString(move.to)}`;
}

/** tier-1 with two infra groups in two cells, `count` tenants all living in cell-1/ig-1. */
function crowded(count: number, tweak: (b: ManifestSetBuilder) => ManifestSetBuilder = (b) => b) {
  let builder = manifestSet().tier('tier-1', { limits: { tenantsPerInfraGroup: 10, headroomPercent: 0 } });
  builder = builder.layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] });
  const live: Record<string, string> = {};
  for (let i = 1; i <= count; i += 1) {
    const name = `t-${String(i).padStart(2, '0')}`;
    builder = builder.tenant(name);
    live[name] = 'tier-1/cell-1/ig-1';
  }
  const set = tweak(builder).build();
  return { set, current: place(set, livePlacement(live)) };
}

test('rebalancing an uneven tier moves tenants until the fill is even', () => {
  const { set, current } = crowded(6);
  const plan = rebalanceMoves(set, current, 'tier-1');
  assert.equal(plan.moves.length, 3);
  assert.ok(plan.moves.every((m) => infraGroupKeyString(m.to) === 'tier-1/cell-2/ig-1'));
  assert.equal(spreadOf(plan.before), 0.6);
  assert.equal(spreadOf(plan.after), 0);
  assert.equal(plan.refused, undefined);
});

test('rebalancing moves the smallest tenant first', () => {
  const { set, current } = crowded(0, (b) => b.tenant('big', { clusters: 4 }).tenant('small').tenant('mid', { clusters: 2 }));
  const live = livePlacement(Object.fromEntries(current.placements.map((p) => [p.tenant, 'tier-1/cell-1/ig-1'])));
  const plan = rebalanceMoves(set, place(set, live), 'tier-1', { maxMoves: 1 });
  assert.equal(path(plan, 0), 'small tier-1/cell-1/ig-1 -> tier-1/cell-2/ig-1');
});

test('rebalancing never fills a destination beyond its usable space, even to even out', () => {
  // Half of 10 tenant slots is usable; cell-1 holds 8 tenants (live, past it), cell-2 holds 5.
  let builder = manifestSet()
    .tier('tier-1', { limits: { tenantsPerInfraGroup: 10, headroomPercent: 50 } })
    .layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] });
  const live: Record<string, string> = {};
  for (let i = 1; i <= 13; i += 1) {
    builder = builder.tenant(`t-${i}`);
    live[`t-${i}`] = i <= 8 ? 'tier-1/cell-1/ig-1' : 'tier-1/cell-2/ig-1';
  }
  const set = builder.build();
  const plan = rebalanceMoves(set, place(set, livePlacement(live)), 'tier-1');
  assert.deepEqual(plan.moves, []);
  assert.equal(plan.after.find((f) => f.key.cell === 'cell-2')?.tenants.used, 5);
});

test('rebalancing stops at --max-moves', () => {
  const { set, current } = crowded(6);
  assert.equal(rebalanceMoves(set, current, 'tier-1', { maxMoves: 2 }).moves.length, 2);
});

test('rebalancing keeps a tenant within its pin', () => {
  const { set, current } = crowded(4, (b) => b.tenant('pinned', { placement: { cell: 'cell-1' } }));
  const live = livePlacement({
    ...Object.fromEntries(current.placements.map((p) => [p.tenant, 'tier-1/cell-1/ig-1'])),
  });
  const plan = rebalanceMoves(set, place(set, live), 'tier-1');
  assert.ok(plan.moves.length > 0);
  assert.ok(plan.moves.every((m) => m.tenant !== 'pinned'));
});

test('rebalancing is deterministic, whatever order the manifests come in', () => {
  const { set, current } = crowded(7);
  const shuffled = { ...set, tenants: [...set.tenants].reverse(), infraGroups: [...set.infraGroups].reverse() };
  const a = rebalanceMoves(set, current, 'tier-1');
  const b = rebalanceMoves(shuffled, { ...current, fill: [...current.fill].reverse(), placements: [...current.placements].reverse() }, 'tier-1');
  assert.deepEqual(b, a);
  assert.deepEqual(a.moves.map((_, i) => path(a, i)), b.moves.map((_, i) => path(b, i)));
});

test('a balanced tier gets no moves', () => {
  const set = manifestSet()
    .tier('tier-1')
    .layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] })
    .tenant('a')
    .tenant('b')
    .tenant('c')
    .tenant('d')
    .build();
  const plan = rebalanceMoves(set, place(set, new Map()), 'tier-1');
  assert.deepEqual(plan.moves, []);
  assert.deepEqual(plan.after, plan.before);
});

test('rebalancing an unknown tier is refused with a reason', () => {
  const { set, current } = crowded(2);
  assert.equal(rebalanceMoves(set, current, 'tier-9').refused, 'unknown tier tier-9');
});

function twoTiers(tier2Strategy: 'spread' | 'binpack', tenantsPerInfraGroup = 10) {
  const set = manifestSet()
    .tier('tier-1')
    .tier('tier-2', { placement: { strategy: tier2Strategy }, limits: { tenantsPerInfraGroup, headroomPercent: 0 } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .layout('tier-2', { 'cell-1': ['ig-1', 'ig-2'] })
    .tenant('mover')
    .tenant('x', { tier: 'tier-2' })
    .tenant('y', { tier: 'tier-2' })
    .tenant('z', { tier: 'tier-2' })
    .build();
  const live = { mover: 'tier-1/cell-1/ig-1', x: 'tier-2/cell-1/ig-1', y: 'tier-2/cell-1/ig-1', z: 'tier-2/cell-1/ig-2' };
  return { set, current: place(set, livePlacement(live)) };
}

test('a tier migration goes where the destination tier spread strategy puts it', () => {
  const { set, current } = twoTiers('spread');
  const plan = migrationMoves(set, current, 'mover', { tier: 'tier-2' });
  assert.equal(path(plan, 0), 'mover tier-1/cell-1/ig-1 -> tier-2/cell-1/ig-2');
  assert.equal(plan.moves[0]?.toTier, 'tier-2');
  assert.equal(plan.moves[0]?.tier, 'tier-1');
});

test('a tier migration to a binpack tier goes to the fullest infra group that fits', () => {
  const { set, current } = twoTiers('binpack');
  const plan = migrationMoves(set, current, 'mover', { tier: 'tier-2' });
  assert.equal(path(plan, 0), 'mover tier-1/cell-1/ig-1 -> tier-2/cell-1/ig-1');
});

test('a migration into a full tier is refused with the reason', () => {
  const { set, current } = twoTiers('spread', 1);
  const plan = migrationMoves(set, current, 'mover', { tier: 'tier-2' });
  assert.deepEqual(plan.moves, []);
  assert.match(plan.refused ?? '', /^no room: 2 of 2 infra groups of tier-2 are full/);
  assert.deepEqual(plan.after, plan.before);
});

test('a migration to an unknown infra group is refused', () => {
  const { set, current } = twoTiers('spread');
  const plan = migrationMoves(set, current, 'mover', { tier: 'tier-2', cell: 'cell-1', infraGroup: 'ig-9' });
  assert.equal(plan.refused, 'unknown destination tier-2/cell-1/ig-9: no such infra group');
});

test('a migration within the tier outside the tenant pin is refused', () => {
  const { set } = crowded(0, (b) => b.tenant('pinned', { placement: { cell: 'cell-1' } }));
  const current = place(set, livePlacement({ pinned: 'tier-1/cell-1/ig-1' }));
  const plan = migrationMoves(set, current, 'pinned', { tier: 'tier-1', cell: 'cell-2' });
  assert.match(plan.refused ?? '', /pinned is pinned to/);
  assert.match(plan.refused ?? '', /outside/);
});

test('tiered placement --rebalance prints the plan of moves and exits 0', () => {
  const run = tiered(['placement', 'manifests/examples', '--rebalance', 'tier-1', '--offline']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /no moves/);
  assert.match(run.stdout, /tier-1\/cell-1\/ig-1\s+12\.5%\s+12\.5%/);
});

test('tiered placement --migrate --to prints the move as JSON', () => {
  const run = tiered(['placement', 'manifests/examples', '--migrate', 'stark', '--to', 'tier-1', '--output', 'json', '--offline']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as { schema: string; moves: { tenant: string; toTier?: string; to: { tier: string } }[] };
  assert.equal(doc.schema, 'tiered.dev/moves/v1');
  assert.equal(doc.moves.length, 1);
  assert.equal(doc.moves[0]?.tenant, 'stark');
  assert.equal(doc.moves[0]?.toTier, 'tier-1');
});

test('tiered placement --migrate without --to is a usage error', () => {
  const run = tiered(['placement', 'manifests/examples', '--migrate', 'stark', '--offline']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /--migrate needs --to/);
});

test('tiered placement --migrate to an unknown tier prints the refusal and exits 2', () => {
  const run = tiered(['placement', 'manifests/examples', '--migrate', 'stark', '--to', 'tier-9', '--offline']);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stdout, /^refused: unknown destination tier tier-9$/m);
});
