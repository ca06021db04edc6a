import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import type { Action, UpdateAction } from '../../../src/plan/action.js';
import { diff } from '../../../src/plan/diff.js';
import { hintsFromLive } from '../../../src/plan/hints-from-live.js';
import type { LiveState } from '../../../src/plan/live-resource.js';
import { arnOf, liveFrom, withLive } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const set = smallSet([tenant('tenant-a', 2), tenant('tenant-b')]);
const topo = compileTopology(set, placeAll(set), NO_HINTS);
const inSync = liveFrom(topo);

function only(actions: readonly Action[], id: string): Action {
  const a = actions.find((x) => x.id === id);
  assert.ok(a, `no action ${id} in ${actions.map((x) => x.id).join(', ')}`);
  return a;
}

test('against empty live state every resource is created, each after what it depends on', () => {
  const plan = diff(topo, { resources: [], lookups: inSync.lookups });
  assert.equal(plan.summary.create, topo.resources.length);
  assert.equal(plan.summary.held, 0);
  const done = new Set<string>();
  for (const a of plan.actions) {
    for (const d of a.dependsOn) assert.ok(done.has(d), `${a.id} before ${d}`);
    done.add(a.id);
  }
  assert.deepEqual(only(plan.actions, 'create:listenerRule:tier-1/cell-1/ig-1/tenant-a').dependsOn, [
    'create:listener:tier-1/cell-1/ig-1',
    'create:targetGroup:tier-1/cell-1/ig-1/tenant-a/1',
    'create:targetGroup:tier-1/cell-1/ig-1/tenant-a/2',
  ]);
  assert.deepEqual(only(plan.actions, 'create:ecsService:tier-1/cell-1/ig-1/tenant-a/2').dependsOn, [
    'create:ecsCluster:tier-1/cell-1/ig-1/tenant-a/2',
    'create:listenerRule:tier-1/cell-1/ig-1/tenant-a',
    'create:targetGroup:tier-1/cell-1/ig-1/tenant-a/2',
    'create:taskDefinition:tier-1/cell-1/ig-1/tenant-a',
  ]);
});

test('identical live state gives an empty plan', () => {
  const plan = diff(topo, inSync);
  assert.deepEqual(plan.actions, []);
  assert.deepEqual(plan.summary, { create: 0, update: 0, delete: 0, adopt: 0, conflicts: 0, held: 0 });
});

test('changed rule weights are an update of the rule with live and desired weights', () => {
  const key = 'listenerRule:tier-1/cell-1/ig-1/tenant-a';
  const live = withLive(inSync, key, (r) => ({
    ...r,
    spec: { ...r.spec, forward: [
      { targetGroupArn: arnOf('targetGroup:tier-1/cell-1/ig-1/tenant-a/1'), weight: 1 },
      { targetGroupArn: arnOf('targetGroup:tier-1/cell-1/ig-1/tenant-a/2'), weight: 0 },
    ] },
  }));
  const plan = diff(topo, live);
  assert.equal(plan.actions.length, 1);
  const u = only(plan.actions, `update:${key}`) as UpdateAction;
  assert.deepEqual(u.changes.map((c) => c.field), ['forward']);
  assert.deepEqual(u.changes[0]?.desired, [
    { targetGroupArn: arnOf('targetGroup:tier-1/cell-1/ig-1/tenant-a/1'), weight: 1 },
    { targetGroupArn: arnOf('targetGroup:tier-1/cell-1/ig-1/tenant-a/2'), weight: 1 },
  ]);
  assert.equal(u.replace, false);
});

test('a deleted target group is recreated and what points at it is updated after', () => {
  const tg = 'targetGroup:tier-1/cell-1/ig-1/tenant-a/2';
  const plan = diff(topo, withLive(inSync, tg, () => undefined));
  assert.deepEqual(plan.actions.map((a) => a.id), [
    `create:${tg}`,
    'update:listenerRule:tier-1/cell-1/ig-1/tenant-a',
    'update:ecsService:tier-1/cell-1/ig-1/tenant-a/2',
  ]);
  const svc = only(plan.actions, 'update:ecsService:tier-1/cell-1/ig-1/tenant-a/2') as UpdateAction;
  assert.deepEqual(svc.changes, [{ field: 'loadBalancer.targetGroupArn', live: arnOf(tg), desired: { knownAfterApply: `${tg}#arn` } }]);
  assert.ok(svc.dependsOn.includes(`create:${tg}`));
});

test('a changed DNS weight is an update with the live and desired weight', () => {
  const key = 'dnsRecord:tier-1/cell-1/ig-1';
  const plan = diff(topo, withLive(inSync, key, (r) => ({ ...r, spec: { ...r.spec, weight: 10 } })));
  assert.deepEqual((only(plan.actions, `update:${key}`) as UpdateAction).changes, [{ field: 'weight', live: 10, desired: 50 }]);
});

test('a service running another task definition is updated back to ours', () => {
  const key = 'ecsService:tier-1/cell-1/ig-1/tenant-b/1';
  const plan = diff(topo, withLive(inSync, key, (r) => ({ ...r, spec: { ...r.spec, taskDefinition: 'arn:test:other:7' } })));
  assert.deepEqual((only(plan.actions, `update:${key}`) as UpdateAction).changes, [
    { field: 'taskDefinition', live: 'arn:test:other:7', desired: arnOf('taskDefinition:tier-1/cell-1/ig-1/tenant-b') },
  ]);
});

test('a changed image registers a new task definition and moves the services onto it', () => {
  const s2 = smallSet([tenant('tenant-a', 2), tenant('tenant-b', 1, { image: 'registry.example.com/app:2.0' })]);
  const plan = diff(compileTopology(s2, placeAll(s2), NO_HINTS), inSync);
  const td = only(plan.actions, 'update:taskDefinition:tier-1/cell-1/ig-1/tenant-b') as UpdateAction;
  assert.equal(td.replace, true);
  assert.deepEqual(td.changes, [{ field: 'container.image', live: 'registry.example.com/app:1.0', desired: 'registry.example.com/app:2.0' }]);
  const svc = only(plan.actions, 'update:ecsService:tier-1/cell-1/ig-1/tenant-b/1') as UpdateAction;
  assert.deepEqual(svc.dependsOn, [td.id]);
});

test('a deleted interface endpoint is created again', () => {
  const key = 'endpoint:tier-1/cell-1/ig-2/cache';
  const plan = diff(topo, withLive(inSync, key, () => undefined));
  assert.deepEqual(plan.actions.map((a) => a.id), [`create:${key}`]);
});

test('an autoscaled service desiredCount is never compared', () => {
  const s2 = smallSet([tenant('tenant-a', 2), tenant('tenant-b', 1, { autoscaling: { minCapacity: 1, maxCapacity: 9, cpuTarget: 60, memoryTarget: 70 } })]);
  const t2 = compileTopology(s2, placeAll(s2), NO_HINTS);
  const live = withLive(liveFrom(t2), 'ecsService:tier-1/cell-1/ig-1/tenant-b/1', (r) => ({ ...r, spec: { ...r.spec, desiredCount: 7 } }));
  assert.deepEqual(diff(t2, live).actions, []);
});

test('a removed tenant is deleted in the safe order', () => {
  const s2 = smallSet([tenant('tenant-a', 2), tenant('tenant-b'), tenant('tenant-c'), tenant('tenant-d'), tenant('tenant-e')]);
  const before = liveFrom(compileTopology(s2, placeAll(s2), NO_HINTS));
  const after = smallSet(s2.tenants.filter((t) => t.name !== 'tenant-a'));
  const plan = diff(compileTopology(after, placeAll(after), hintsFromLive(before.resources)), before);
  assert.ok(plan.actions.every((a) => a.action === 'delete' && a.owner.tenant === 'tenant-a' && a.hold === undefined));
  const p = 'tier-1/cell-1/ig-1/tenant-a';
  const order = plan.actions.map((a) => a.id);
  const before_ = (x: string, y: string) => assert.ok(order.indexOf(`delete:${x}`) < order.indexOf(`delete:${y}`), `${x} before ${y}`);
  before_(`dnsRecord:${p}`, `listenerRule:${p}`);
  before_(`dnsRecord:${p}`, `dnsOwnership:${p}`);
  before_(`listenerRule:${p}`, `ecsService:${p}/1`);
  before_(`ecsService:${p}/1`, `targetGroup:${p}/1`);
  before_(`targetGroup:${p}/2`, `ecsCluster:${p}/2`);
  before_(`ecsService:${p}/2`, `taskDefinition:${p}`);
  assert.deepEqual(only(plan.actions, `delete:targetGroup:${p}/2`).dependsOn, [`delete:ecsService:${p}/2`, `delete:listenerRule:${p}`]);
});

function removeTenant(live: LiveState, s: ManifestSet, name: string) {
  const after = smallSet(s.tenants.filter((t) => t.name !== name));
  return { topo: compileTopology(after, placeAll(after), NO_HINTS), live };
}

test('upsert-only keeps what it would delete', () => {
  const { topo: t, live } = removeTenant(inSync, set, 'tenant-b');
  const plan = diff(t, live, { policy: 'upsert-only' });
  assert.deepEqual(plan.actions, []);
  assert.deepEqual(plan.notices, [], 'nothing is deleted, so the deletion guard has nothing to refuse');
});

test('the deletion guard refuses a tier deleting more than the allowed share, unless told', () => {
  const five = smallSet(['tenant-a', 'tenant-b', 'tenant-c', 'tenant-d', 'tenant-e'].map((n) => tenant(n)));
  const fiveLive = liveFrom(compileTopology(five, placeAll(five), NO_HINTS));
  const kept = smallSet(five.tenants.slice(0, 2));
  const t = compileTopology(kept, placeAll(kept), NO_HINTS);
  const live = fiveLive; // 3 of 5 tenants: 60%
  const refused = diff(t, live);
  assert.ok(refused.actions.length > 0 && refused.actions.every((a) => a.hold?.reason === 'deletion-guard'));
  assert.match(refused.notices[0]?.message ?? '', /deletes 3 of 5 tenants \(60%, limit 20%\); if the tenants were removed on purpose pass --allow-mass-delete/);
  const allowed = diff(t, live, { allowMassDelete: true });
  assert.ok(allowed.actions.every((a) => a.hold === undefined));
  assert.equal(diff(t, live, { maxDeletePercent: 60 }).summary.held, 0);
});

test('the deletion guard has a floor: deleting up to 2 tenants is never mass, however small the tier', () => {
  const { topo: t, live } = removeTenant(inSync, set, 'tenant-b'); // 1 of 2 tenants: 50%
  const plan = diff(t, live);
  assert.deepEqual(plan.notices, []);
  assert.ok(plan.actions.length > 0 && plan.actions.every((a) => a.hold === undefined));
  const none = smallSet([]);
  const bothGone = diff(compileTopology(none, placeAll(none), NO_HINTS), live); // 2 of 2: 100%
  assert.ok(bothGone.actions.some((a) => a.action === 'delete' && a.owner.tenant !== undefined));
  assert.ok(bothGone.actions.every((a) => a.hold?.reason !== 'deletion-guard'));
});

test('a suspended tenant gets report-only actions; the others run', () => {
  const s2 = smallSet([{ ...tenant('tenant-a', 2), spec: { ...tenant('tenant-a', 2).spec, suspend: true } }, tenant('tenant-b')]);
  const plan = diff(compileTopology(s2, placeAll(s2), NO_HINTS), { resources: [], lookups: inSync.lookups });
  for (const a of plan.actions) {
    if (a.owner.tenant === 'tenant-a') assert.deepEqual(a.hold, { reason: 'suspended', scope: 'tenant' }, a.id);
    else assert.equal(a.hold, undefined, a.id);
  }
});

test('a missing Name-tag lookup holds the tier and says which name it looked for', () => {
  const plan = diff(topo, { resources: [], lookups: new Map() });
  assert.equal(plan.summary.held, plan.actions.length);
  assert.match(plan.notices[0]?.message ?? '', /missing references: security-groups:111111111111\/us-east-1\/tier-1-cell-1-ig-1-tasks/);
});

test('placement and unschedulable tenants ride along on the plan', () => {
  const placement = { ...placeAll(set), unschedulable: [{ tenant: 'z', tier: 'tier-1', reason: 'full', remedy: 'add an InfraGroup' }] };
  const plan = diff(topo, inSync, { placement });
  assert.equal(plan.placement.length, 2);
  assert.deepEqual(plan.unschedulable, placement.unschedulable);
});

test('diff never mutates its inputs', () => {
  const frozen = JSON.stringify([topo, [...inSync.resources]]);
  diff(topo, withLive(inSync, 'dnsRecord:tier-1/cell-1/ig-1', () => undefined));
  assert.equal(JSON.stringify([topo, [...inSync.resources]]), frozen);
});
