// Cells removed from the manifests are remembered from the last revision, so their accounts can
// still be read and what is left in them deleted (docs/drain-and-decommission.md §3).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { retiredCells, withRetiredCells } from '../../../src/controller/retired-cells.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { placeAll } from '../../support/topology-fixtures.js';

const both = manifestSet().tier('tier-1').layout('tier-1', { 'cell-1': ['ig-1'], 'cell-2': ['ig-1'] }).tier('tier-2').cell('tier-2', 'cell-1').build();
const withoutCell2 = { ...both, cells: both.cells.filter((c) => !(c.spec.tier === 'tier-1' && c.name === 'cell-2')), infraGroups: both.infraGroups.filter((g) => g.spec.cell !== 'cell-2') };

test('a cell the new revision lacks is remembered until it comes back or its tier leaves', () => {
  const retired = retiredCells([], both, withoutCell2);
  assert.deepEqual(retired.map((c) => `${c.spec.tier}/${c.name}/${c.spec.roleArn}`), [`tier-1/cell-2/${both.cells[1]!.spec.roleArn}`]);
  assert.deepEqual(retiredCells(retired, withoutCell2, withoutCell2), retired, 'kept across revisions');
  assert.deepEqual(retiredCells(retired, withoutCell2, both), [], 'back in the manifests');
  const tier1Gone = { ...withoutCell2, tiers: withoutCell2.tiers.filter((t) => t.name !== 'tier-1') };
  assert.deepEqual(retiredCells(retired, withoutCell2, tier1Gone), [], 'its tier left: an orphaned tier, left alone');
  assert.deepEqual(retiredCells([], undefined, both), []);
});

test('a pass sees its tier\'s retired cells as drained cells that want nothing, not even a log group', () => {
  const retired = retiredCells([], both, withoutCell2);
  const set = withRetiredCells(withoutCell2, 'tier-1', retired);
  assert.equal(set.cells.find((c) => c.name === 'cell-2')?.spec.drain, true);
  assert.equal(withRetiredCells(withoutCell2, 'tier-2', retired), withoutCell2);
  const desired = compileTopology(set, placeAll({ ...set, tenants: [] }), NO_HINTS);
  assert.equal(desired.resources.some((r) => r.owner.cell === 'cell-2'), false);
  assert.ok(desired.resources.some((r) => r.kind === 'log-group' && r.owner.cell === 'cell-1'));
});
