// A scoped pass knows the rules of tenants outside its scope only by the priorities they hold
// (src/live/rules-to-tag.ts). Its plan must give a new rule none of them, report none of them,
// and act on none of them; and the newcomer gets the priority a full pass would give it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { cutToScope, inScope, placementInScope } from '../../../src/live/scope.js';
import type { ResolvedScope } from '../../../src/live/scope.js';
import { diff } from '../../../src/plan/diff.js';
import { hintsFromLive } from '../../../src/plan/hints-from-live.js';
import type { LiveState, OccupiedPriority } from '../../../src/plan/live-resource.js';
import { arnOf, liveFrom } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const IG = 'tier-1/cell-1/ig-1';
const LISTENER = arnOf(`listener:${IG}`);
const present = smallSet([tenant('alpha'), tenant('bravo'), tenant('delta')]);
const grown = smallSet([...present.tenants, tenant('charlie')]);
const scope: ResolvedScope = { tenants: new Set(['charlie']), infraGroups: new Set([IG]) };
const newRule = `listenerRule:${IG}/charlie`;

/** Everything live for the three present tenants (rules at priorities 1–3), and a foreign rule. */
const everything = liveFrom(compileTopology(present, placeAll(present), NO_HINTS));
/** What a scoped observation of charlie keeps: ig-1's own resources; the three tenants' rules and
 * a foreign rule at 4 that routes elsewhere are occupied priorities only. */
const occupied: OccupiedPriority[] = [1, 2, 3, 4].map((priority) => ({ listenerArn: LISTENER, priority }));
const scopedLive: LiveState = {
  ...everything,
  resources: everything.resources.filter((r) => r.ownership === 'ours' && inScope(r.owner, r.kind, scope)),
};

function scopedPlan() {
  const hints = hintsFromLive(scopedLive.resources, occupied);
  const desired = cutToScope(compileTopology(grown, placementInScope(placeAll(grown), scope), hints), scope);
  return { desired, plan: diff(desired, scopedLive) };
}

test('occupied priorities are taken on their listener\'s infra group, beside foreign ones', () => {
  const hints = hintsFromLive(scopedLive.resources, occupied);
  assert.deepEqual(hints.priorities.get(IG), { ours: new Map(), taken: [1, 2, 3, 4] });
});

test('an occupied priority on a listener that is not ours is no hint at all', () => {
  const hints = hintsFromLive(scopedLive.resources, [{ listenerArn: 'arn:test:someone-elses-listener', priority: 7 }]);
  assert.equal(hints.priorities.get(IG), undefined);
});

test('the new rule takes the lowest priority nobody holds: the one a full pass gives it', () => {
  const { desired } = scopedPlan();
  assert.equal(desired.resources.find((r) => r.key === newRule)?.spec['priority'], 5);
  // A full pass reads every rule's owner (the three are ours, the fourth foreign) and agrees.
  const foreign = { kind: 'listener-rule' as const, ownership: 'foreign' as const, aws: { name: '4', parentArn: LISTENER }, tags: {}, spec: { priority: 4 }, attrs: {} };
  const full = compileTopology(grown, placeAll(grown), hintsFromLive([...everything.resources, foreign]));
  assert.equal(full.resources.find((r) => r.key === newRule)?.spec['priority'], 5);
});

test('the scoped plan creates the newcomer only: no conflict, and nothing on the occupied rules', () => {
  const { desired, plan } = scopedPlan();
  assert.deepEqual(plan.conflicts, []);
  const charlie = desired.resources.filter((r) => r.owner.tenant === 'charlie').map((r) => `create:${r.key}`).sort();
  assert.deepEqual(plan.actions.map((a) => a.id).sort(), charlie);
});

test('compiled without cutting the placement to the scope, the newcomer would be numbered after the others', () => {
  // Why placementInScope exists: the present tenants' rules are not known by key, so they would
  // count as new and take 5–7 first.
  const hints = hintsFromLive(scopedLive.resources, occupied);
  const all = compileTopology(grown, placeAll(grown), hints);
  assert.equal(all.resources.find((r) => r.key === newRule)?.spec['priority'], 7);
});
