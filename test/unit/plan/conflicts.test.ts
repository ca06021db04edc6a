import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { diff } from '../../../src/plan/diff.js';
import type { LiveResource, LiveState } from '../../../src/plan/live-resource.js';
import { liveFrom, withLive } from '../../support/live-fixtures.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const set = smallSet([tenant('tenant-a')]);
const topo = compileTopology(set, placeAll(set), NO_HINTS);
const inSync = liveFrom(topo);

/** The resource of `key` replaced by an untagged one with the same AWS identity. */
function foreignAt(key: string): { live: LiveState; foreign: LiveResource } {
  let foreign: LiveResource | undefined;
  const live = withLive(inSync, key, (r) => {
    const { key: _k, owner: _o, ...rest } = r;
    foreign = { ...rest, ownership: 'foreign', tags: {}, aws: { ...r.aws, arn: 'arn:foreign:1' } };
    return foreign;
  });
  assert.ok(foreign);
  return { live, foreign };
}

test('a foreign target group holding our name is a conflict, and what needs it waits', () => {
  const key = 'targetGroup:tier-1/cell-1/ig-1/tenant-a/1';
  const { live } = foreignAt(key);
  const plan = diff(topo, live);
  assert.deepEqual(plan.conflicts.map((c) => [c.key, c.ownership, c.aws.arn]), [[key, 'foreign', 'arn:foreign:1']]);
  assert.ok(plan.actions.every((a) => a.key !== key), 'the foreign target group is never touched');
  const rule = plan.actions.find((a) => a.key === 'listenerRule:tier-1/cell-1/ig-1/tenant-a');
  assert.deepEqual(rule?.hold, { reason: 'blocked-by-conflict', conflict: key });
});

test('a weighted record under our SetIdentifier without our ownership TXT is a conflict', () => {
  const key = 'dnsRecord:tier-1/cell-1/ig-1/tenant-a';
  const { live } = foreignAt(key);
  const plan = diff(topo, withLive(live, 'dnsOwnership:tier-1/cell-1/ig-1/tenant-a', () => undefined));
  assert.deepEqual(plan.conflicts.map((c) => c.key), [key]);
  assert.match(plan.conflicts[0]?.message ?? '', /held by a resource tiered does not own/);
  // The ownership TXT is not written beside it either: it would make the record look ours.
  assert.deepEqual(plan.actions.map((a) => [a.id, a.hold]), [['create:dnsOwnership:tier-1/cell-1/ig-1/tenant-a', { reason: 'blocked-by-conflict', conflict: key }]]);
});

test('with --adopt, the ownership TXT of a foreign record is written: that is how it is adopted', () => {
  const key = 'dnsRecord:tier-1/cell-1/ig-1/tenant-a';
  const { live } = foreignAt(key);
  const plan = diff(topo, withLive(live, 'dnsOwnership:tier-1/cell-1/ig-1/tenant-a', () => undefined), { adopt: true });
  const txt = plan.actions.find((a) => a.key === 'dnsOwnership:tier-1/cell-1/ig-1/tenant-a');
  assert.equal(txt?.hold, undefined);
});

test('another tiered instance owning the resource is a conflict too', () => {
  const key = 'ecsCluster:tier-1/cell-1/ig-1/tenant-a/1';
  const live = withLive(inSync, key, (r) => ({ ...r, ownership: 'other-owner' }));
  const plan = diff(topo, live);
  assert.deepEqual(plan.conflicts.map((c) => [c.key, c.ownership]), [[key, 'other-owner']]);
  assert.ok(plan.actions.every((a) => a.action !== 'delete'));
});

test('with adopt, an untagged resource of identical identity is adopted', () => {
  const key = 'targetGroup:tier-1/cell-1/ig-1/tenant-a/1';
  const { live } = foreignAt(key);
  const plan = diff(topo, live, { adopt: true });
  assert.deepEqual(plan.conflicts, []);
  const adopt = plan.actions.find((a) => a.key === key);
  assert.equal(adopt?.action, 'adopt');
  assert.equal(adopt?.aws.arn, 'arn:foreign:1');
  assert.equal(plan.summary.adopt, 1);
});

test('an ALB named by loadBalancerArn is adopted without the adopt option', () => {
  const arn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/existing/abc';
  const adopted = { ...set, infraGroups: set.infraGroups.map((g) => (g.name === 'ig-1' ? { ...g, spec: { ...g.spec, loadBalancerArn: arn } } : g)) };
  const t = compileTopology(adopted, placeAll(adopted), NO_HINTS);
  const foreign: LiveResource = {
    kind: 'load-balancer', ownership: 'foreign', account: '111111111111', aws: { name: 'existing', arn }, tags: {},
    spec: { name: 'existing', type: 'application', scheme: 'internet-facing' }, attrs: { arn, dnsName: 'existing.elb', canonicalHostedZoneId: 'Z1' },
  };
  const plan = diff(t, { ...withLive(inSync, 'loadBalancer:tier-1/cell-1/ig-1', () => foreign) });
  const lb = plan.actions.find((a) => a.key === 'loadBalancer:tier-1/cell-1/ig-1');
  assert.equal(lb?.action, 'adopt');
  assert.deepEqual(lb?.action === 'adopt' ? lb.changes : undefined, []);
});

/** A rule tiered does not own, on tenant-a's listener at another priority, matching `conditions`. */
function rivalRule(conditions: Record<string, unknown>): LiveResource {
  const ours = inSync.resources.find((r) => r.kind === 'listener-rule');
  assert.ok(ours);
  return {
    kind: 'listener-rule', ownership: 'foreign', account: ours.account, tags: {},
    aws: { name: '900', arn: 'arn:foreign:rule', ...(ours.aws.parentArn !== undefined ? { parentArn: ours.aws.parentArn } : {}) },
    spec: { priority: 900, conditions: conditions as never, forward: [] }, attrs: { arn: 'arn:foreign:rule' },
  };
}

test('a foreign rule routing the tenant path on the same listener is a conflict, and no rule of ours is added beside it', () => {
  const key = 'listenerRule:tier-1/cell-1/ig-1/tenant-a';
  const live: LiveState = { ...inSync, resources: [...inSync.resources.filter((r) => r.kind !== 'listener-rule'), rivalRule({ pathPattern: ['/tenant-a/*'] })] };
  const plan = diff(topo, live);
  assert.deepEqual(plan.conflicts.map((c) => [c.key, c.aws.arn]), [[key, 'arn:foreign:rule']]);
  assert.match(plan.conflicts[0]?.message ?? '', /priority 900, which tiered does not own, routes requests of tenant tenant-a/);
  assert.ok(plan.actions.every((a) => a.key !== key || a.hold !== undefined), 'our rule is not created beside it');
});

test('a foreign rule that shadows an existing rule of ours is reported, and ours is left as it is', () => {
  const live: LiveState = { ...inSync, resources: [...inSync.resources, rivalRule({ pathPattern: ['/tenant-a'] })] };
  const plan = diff(topo, live);
  assert.deepEqual(plan.conflicts.map((c) => c.key), ['listenerRule:tier-1/cell-1/ig-1/tenant-a']);
  assert.deepEqual(plan.actions, []);
});

test('a foreign rule routing other requests on the same listener is no conflict', () => {
  const live: LiveState = { ...inSync, resources: [...inSync.resources, rivalRule({ pathPattern: ['/someone-else/*'] })] };
  assert.deepEqual(diff(topo, live).conflicts, []);
});
