import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import type { LiveHints } from '../../../src/desired/topology/live-hints.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { DesiredTopology } from '../../../src/desired/topology/resource.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

function priorities(topo: DesiredTopology): Record<string, unknown> {
  return Object.fromEntries(topo.resources.filter((r) => r.kind === 'listener-rule').map((r) => [r.owner.tenant, r.spec['priority']]));
}

/** What live discovery would report after applying `topo`. */
function hintsOf(topo: DesiredTopology, taken: readonly number[] = []): LiveHints {
  const ours = new Map(topo.resources.filter((r) => r.kind === 'listener-rule').map((r) => [r.key, r.spec['priority'] as number]));
  return { priorities: new Map([['tier-1/cell-1/ig-1', { ours, taken }]]) };
}

const three = smallSet([tenant('a'), tenant('b'), tenant('c')]);

test('new rules get the lowest priorities in tenant-name order', () => {
  assert.deepEqual(priorities(compileTopology(three, placeAll(three), NO_HINTS)), { a: 1, b: 2, c: 3 });
});

test('adding a tenant keeps every live priority and fills the lowest free one', () => {
  const before = compileTopology(three, placeAll(three), NO_HINTS);
  const withoutA = smallSet([tenant('b'), tenant('c')]);
  const live = hintsOf(compileTopology(withoutA, placeAll(withoutA), hintsOf(before)));
  const added = smallSet([tenant('0-new'), tenant('b'), tenant('c')]);
  assert.deepEqual(priorities(compileTopology(added, placeAll(added), live)), { '0-new': 1, b: 2, c: 3 });
});

test('removing a tenant moves no other rule', () => {
  const before = compileTopology(three, placeAll(three), NO_HINTS);
  const withoutB = smallSet([tenant('a'), tenant('c')]);
  assert.deepEqual(priorities(compileTopology(withoutB, placeAll(withoutB), hintsOf(before))), { a: 1, c: 3 });
});

test('priorities held by foreign rules are never given out', () => {
  const hints: LiveHints = { priorities: new Map([['tier-1/cell-1/ig-1', { ours: new Map(), taken: [1, 3] }]]) };
  assert.deepEqual(priorities(compileTopology(three, placeAll(three), hints)), { a: 2, b: 4, c: 5 });
});
