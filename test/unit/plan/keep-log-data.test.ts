// Log data outlives tenants and renames (docs/design.md §11.1): an orphaned log group is deleted
// only when its tier is gone and its delete-with-tier tag says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { DesiredTopology } from '../../../src/desired/topology/resource.js';
import { diff } from '../../../src/plan/diff.js';
import type { LiveResource } from '../../../src/plan/live-resource.js';
import { liveFrom } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const set = smallSet([tenant('tenant-a')]);
const topo = compileTopology(set, placeAll(set), NO_HINTS);
const live = liveFrom(topo);

function withDeleteFlag(flag: boolean): LiveResource[] {
  return live.resources.map((r) => (r.kind === 'log-group' ? { ...r, spec: { ...r.spec, deleteWithTier: flag } } : r));
}

const NOTHING: DesiredTopology = { tiers: [], resources: [] };
const RENAMED: DesiredTopology = {
  ...topo,
  resources: topo.resources.map((r) => (r.kind === 'log-group' ? { ...r, spec: { ...r.spec, name: '/other' }, key: 'logGroup:tier-1/cell-1/*x' } : r)),
};

test('a tier that is gone takes its log group only when the group says deleteWithTier', () => {
  const kept = diff(NOTHING, { ...live, resources: withDeleteFlag(false) }, { allowMassDelete: true });
  assert.equal(kept.actions.some((a) => a.kind === 'log-group'), false);
  const deleted = diff(NOTHING, { ...live, resources: withDeleteFlag(true) }, { allowMassDelete: true });
  const del = deleted.actions.find((a) => a.kind === 'log-group');
  assert.equal(del?.action, 'delete');
  // After every service and task definition of the cell.
  const writers = deleted.actions.filter((a) => a.kind === 'ecs-service' || a.kind === 'task-definition').map((a) => a.id);
  assert.deepEqual([...(del?.dependsOn ?? [])].sort(), writers.sort());
});

test('a group the tier no longer names is kept while the tier exists, whatever its flag', () => {
  const plan = diff(RENAMED, { ...live, resources: withDeleteFlag(true) });
  assert.deepEqual(plan.actions.filter((a) => a.kind === 'log-group').map((a) => a.action), ['create']);
});
