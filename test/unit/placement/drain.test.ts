// Drained infra groups and cells in placement (docs/drain-and-decommission.md §2): no
// destination; their live tenants placed again elsewhere; a tenant that fits nowhere stays,
// refused with the drained group's file:line; a decommissioned tier places nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManifestSet } from '../../../src/desired/model.js';
import { place } from '../../../src/desired/placement/placement.js';
import { strandedInfraGroups, strandedMessage } from '../../../src/desired/placement/stranded.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { homeOf, hostsOf, livePlacement } from '../../support/placement-helpers.js';

function tierX(options: { drain?: 'ig-1' | 'cell-1'; perGroup?: number; pinAlpha?: boolean } = {}): ManifestSet {
  const b = manifestSet()
    .tier('tier-x', { limits: { tenantsPerInfraGroup: options.perGroup ?? 10, headroomPercent: 0 } })
    .cell('tier-x', 'cell-1', options.drain === 'cell-1' ? { drain: true } : {})
    .infraGroup('tier-x', 'cell-1', 'ig-1', options.drain === 'ig-1' ? { drain: true } : {})
    .infraGroup('tier-x', 'cell-1', 'ig-2')
    .cell('tier-x', 'cell-2')
    .infraGroup('tier-x', 'cell-2', 'ig-1');
  b.tenant('alpha', options.pinAlpha === true ? { placement: { cell: 'cell-1', infraGroup: 'ig-1' } } : {});
  return b.tenant('bravo').tenant('charlie').build();
}

const ALL_IN_IG1 = livePlacement({ alpha: 'tier-x/cell-1/ig-1', bravo: 'tier-x/cell-1/ig-1', charlie: 'tier-x/cell-1/ig-1' });

test('the tenants of a drained infra group are placed in the tier\'s others, spread, as moves from it (docs/moves.md)', () => {
  const result = place(tierX({ drain: 'ig-1' }), ALL_IN_IG1);
  assert.deepEqual(['alpha', 'bravo', 'charlie'].map((t) => hostsOf(result, t)?.length), [1, 1, 1]);
  for (const t of ['alpha', 'bravo', 'charlie']) assert.notEqual(homeOf(result, t), 'tier-x/cell-1/ig-1');
  assert.ok(result.placements.every((p) => p.origin === 'move'));
  assert.deepEqual(
    result.placements.map((p) => (p.origin === 'move' ? p.from : [])),
    [0, 1, 2].map(() => [{ tier: 'tier-x', cell: 'cell-1', infraGroup: 'ig-1' }]),
  );
  assert.deepEqual(result.draining, [
    { key: { tier: 'tier-x', cell: 'cell-1', infraGroup: 'ig-1' }, source: 'built.yaml:3', hosting: ['alpha', 'bravo', 'charlie'], refused: [] },
  ]);
  assert.equal(result.fill.some((f) => f.key.cell === 'cell-1' && f.key.infraGroup === 'ig-1'), false);
});

test('a drained cell drains every infra group of it; new tenants never land there', () => {
  const result = place(tierX({ drain: 'cell-1' }), ALL_IN_IG1);
  for (const t of ['alpha', 'bravo', 'charlie']) assert.equal(homeOf(result, t), 'tier-x/cell-2/ig-1');
  assert.deepEqual(result.draining?.map((d) => [d.key.infraGroup, d.hosting.length]), [['ig-1', 3], ['ig-2', 0]]);
});

test('a tenant that fits nowhere else stays in the drained group, refused with its file:line and a remedy', () => {
  const result = place(tierX({ drain: 'cell-1', perGroup: 2 }), ALL_IN_IG1);
  const stayed = ['alpha', 'bravo', 'charlie'].filter((t) => homeOf(result, t) === 'tier-x/cell-1/ig-1');
  assert.equal(stayed.length, 1);
  assert.deepEqual(result.unschedulable, []);
  const refused = result.draining?.[0]?.refused ?? [];
  assert.equal(refused.length, 1);
  assert.match(refused[0]?.reason ?? '', /^cannot leave drained infra group tier-x\/cell-1\/ig-1 \(built\.yaml:3\): .*full/);
  assert.match(refused[0]?.remedy ?? '', /InfraGroup|limits/);
});

test('a tenant pinned to the drained group stays, and a new one pinned there is unschedulable, both saying it is drained', () => {
  const result = place(tierX({ drain: 'ig-1', pinAlpha: true }), livePlacement({ alpha: 'tier-x/cell-1/ig-1' }));
  assert.equal(homeOf(result, 'alpha'), 'tier-x/cell-1/ig-1');
  assert.match(result.draining?.[0]?.refused[0]?.reason ?? '', /pinned to drained infra group tier-x\/cell-1\/ig-1 \(built\.yaml:3\)/);
  const fresh = place(tierX({ drain: 'ig-1', pinAlpha: true }), new Map());
  assert.match(fresh.unschedulable.find((u) => u.tenant === 'alpha')?.reason ?? '', /^pinned to drained infra group/);
});

test('a decommissioned tier places nothing and refuses nothing', () => {
  const set = tierX();
  const gone: ManifestSet = { ...set, tiers: set.tiers.map((t) => ({ ...t, spec: { ...t.spec, decommission: { confirm: 'tier-x' } } })) };
  const result = place(gone, ALL_IN_IG1);
  assert.deepEqual([result.placements, result.unschedulable], [[], []]);
});

test('an infra group removed while manifest tenants live in it is named with them; removed tenants do not count', () => {
  const set = tierX();
  const live = livePlacement({ alpha: 'tier-x/cell-1/ig-9', bravo: 'tier-x/cell-1/ig-9', gone: 'tier-x/cell-1/ig-8', charlie: 'tier-x/cell-1/ig-1' });
  const stranded = strandedInfraGroups(set, 'tier-x', live);
  assert.deepEqual(stranded, [{ infraGroup: 'tier-x/cell-1/ig-9', tenants: ['alpha', 'bravo'] }]);
  assert.equal(
    strandedMessage(stranded[0]!),
    'infra group tier-x/cell-1/ig-9 was removed from the manifests while it still hosts alpha, bravo: put it back with spec.drain: true, and remove it once its tenants have moved',
  );
});
