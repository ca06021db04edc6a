import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planWarnings } from '../../../src/controller/plan-warnings.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { diff } from '../../../src/plan/diff.js';
import { liveFrom } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

test('a mass-delete refusal is a warning that says what to do', () => {
  const five = smallSet(['a', 'b', 'c', 'd', 'e'].map((n) => tenant(n)));
  const kept = smallSet(five.tenants.slice(0, 1));
  const plan = diff(compileTopology(kept, placeAll(kept), NO_HINTS), liveFrom(compileTopology(five, placeAll(five), NO_HINTS)));
  const warnings = planWarnings(plan);
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]?.msg, 'mass-delete guard refused the plan');
  assert.equal(warnings[0]?.fields['tier_id'], 'tier-1');
  assert.match(String(warnings[0]?.fields['what_to_do']), /deletes 4 of 5 tenants .*pass --allow-mass-delete .* else restore their manifests/);
});

test('a plan with nothing held has no warnings', () => {
  const set = smallSet([tenant('a')]);
  const topo = compileTopology(set, placeAll(set), NO_HINTS);
  assert.deepEqual(planWarnings(diff(topo, liveFrom(topo))), []);
});
