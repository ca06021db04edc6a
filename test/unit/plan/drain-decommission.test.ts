// What the topology and the plan make of drains and decommissions
// (docs/drain-and-decommission.md): a drained infra group's shared resources are wanted while
// it hosts a tenant and orphaned once it hosts none; a decommissioned tier wants nothing, and
// its deletes pass the prune policy and the mass-delete guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManifestSet, Tier } from '../../../src/desired/model.js';
import { place } from '../../../src/desired/placement/placement.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { diff } from '../../../src/plan/diff.js';
import { liveFrom } from '../../support/live-fixtures.js';
import { livePlacement } from '../../support/placement-helpers.js';
import { placeAll, smallSet, tenant, tier } from '../../support/topology-fixtures.js';

const base = smallSet([tenant('tenant-a'), tenant('tenant-b')]);
const live = liveFrom(compileTopology(base, placeAll(base), NO_HINTS));

function drainedIg1(set: ManifestSet): ManifestSet {
  return { ...set, infraGroups: set.infraGroups.map((g) => (g.name === 'ig-1' ? { ...g, spec: { ...g.spec, drain: true } } : g)) };
}

function decommissioned(over: Partial<Tier['spec']> = {}): ManifestSet {
  const t = tier();
  return { ...base, tiers: [{ ...t, spec: { ...t.spec, ...over, decommission: { confirm: 'tier-1' } } }] };
}

test('a drained infra group keeps its ALB, listener and tier record while a tenant lives there, and loses them once none does', () => {
  const set = drainedIg1(base);
  const hosting = place(set, livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-1', 'tenant-b': 'tier-1/cell-1/ig-1' }));
  const whileHosting = diff(compileTopology(set, hosting, NO_HINTS), live, { placement: hosting });
  const deletes = whileHosting.actions.filter((a) => a.action === 'delete');
  assert.ok(deletes.length > 0 && deletes.every((a) => a.owner.tenant !== undefined), 'only the tenants leave ig-1');
  assert.ok(whileHosting.actions.some((a) => a.action === 'create' && a.kind === 'listener-rule' && a.owner.infraGroup === 'ig-2'));
  assert.match(whileHosting.notices.map((n) => n.message).join('\n'), /^draining tier-1\/cell-1\/ig-1 \(.*\): 2 tenants still there \(tenant-a, tenant-b\)$/m);

  const empty = place(set, livePlacement({ 'tenant-a': 'tier-1/cell-1/ig-2', 'tenant-b': 'tier-1/cell-1/ig-2' }));
  const desired = compileTopology(set, empty, NO_HINTS);
  assert.equal(desired.resources.some((r) => r.owner.infraGroup === 'ig-1'), false);
  const afterMove = liveFrom(compileTopology(base, placeAll(base, { 'tenant-a': ['ig-2'], 'tenant-b': ['ig-2'] }), NO_HINTS));
  const plan = diff(desired, afterMove, { placement: empty });
  assert.deepEqual(plan.actions.map((a) => `${a.action} ${a.kind} ${a.owner.infraGroup}`).sort(), [
    'delete dns-ownership ig-1',
    'delete dns-record ig-1',
    'delete interface-endpoint ig-1',
    'delete listener ig-1',
    'delete load-balancer ig-1',
  ]);
  assert.match(plan.notices[0]?.message ?? '', /^drained tier-1\/cell-1\/ig-1 \(.*\) hosts no tenant/);
});

test('a decommissioned tier wants nothing: everything it owns is deleted, past upsert-only and the mass-delete guard', () => {
  const set = decommissioned({ prune: 'upsert-only' });
  const desired = compileTopology(set, place(set, new Map()), NO_HINTS);
  assert.deepEqual(desired.resources, []);
  assert.equal(desired.tiers[0]?.decommissioned, true);
  const plan = diff(desired, live, {});
  const owned = live.resources.filter((r) => r.ownership === 'ours' && r.kind !== 'log-group').length;
  assert.equal(plan.actions.filter((a) => a.action === 'delete' && a.hold === undefined).length, owned);
  assert.ok(plan.notices.some((n) => n.message.startsWith('decommissioning:')));
  assert.equal(plan.notices.some((n) => n.message.startsWith('refused')), false);
});

test('a decommissioned tier takes its log group only when it was created to go with the tier; suspend still holds everything', () => {
  const withFlag = (flag: boolean) => ({ ...live, resources: live.resources.map((r) => (r.kind === 'log-group' ? { ...r, spec: { ...r.spec, deleteWithTier: flag } } : r)) });
  const set = decommissioned();
  const desired = compileTopology(set, place(set, new Map()), NO_HINTS);
  assert.equal(diff(desired, withFlag(false)).actions.some((a) => a.kind === 'log-group'), false);
  assert.equal(diff(desired, withFlag(true)).actions.find((a) => a.kind === 'log-group')?.action, 'delete');
  const suspended = decommissioned({ suspend: true });
  const held = diff(compileTopology(suspended, place(suspended, new Map()), NO_HINTS), live);
  assert.ok(held.actions.length > 0 && held.actions.every((a) => a.hold !== undefined));
});
