import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Spec } from '../../../src/desired/topology/resource.js';
import { attrRef } from '../../../src/desired/topology/resource.js';
import { compareSpecs } from '../../../src/plan/compare.js';
import type { PlanValue } from '../../../src/plan/action.js';
import { resolveValue } from '../../../src/plan/resolve.js';
import type { ResolveContext } from '../../../src/plan/resolve.js';
import { LookupValues, sameAsLive } from '../../../src/plan/same-as-live.js';

const subnets = { lookup: 'subnets', account: '111111111111', region: 'us-east-1', name: 'private' } as const;
const vpc = { lookup: 'vpc', account: '111111111111', region: 'us-east-1', name: 'main' } as const;
const lookups = new Map<string, string | readonly string[]>([
  ['subnets:111111111111/us-east-1/private', ['subnet-b', 'subnet-a']],
  ['vpc:111111111111/us-east-1/main', 'vpc-1'],
]);
const known = new Map([['targetGroup:t/c/g/a/1', { arn: 'arn:tg' }]]);
const desired: Spec = {
  name: 'svc',
  vpcId: vpc,
  network: { subnets, assignPublicIp: 'DISABLED' },
  forward: [{ targetGroupArn: attrRef('targetGroup:t/c/g/a/1'), weight: 1 }],
};
const inSync: Spec = {
  name: 'svc',
  vpcId: 'vpc-1',
  network: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'DISABLED' },
  forward: [{ targetGroupArn: 'arn:tg', weight: 1 }],
  // A field tiered does not set is not compared.
  createdBy: 'someone',
};
const same = (d: Spec, live: Spec, k: typeof known = known, l = lookups): boolean => sameAsLive(d, live, k, new LookupValues(l));
const changes = (d: Spec, live: Spec, k: typeof known = known, l = lookups) => {
  const ctx: ResolveContext = { known: k, lookups: l, missingLookups: new Set() };
  return compareSpecs(resolveValue(d, ctx) as Readonly<Record<string, PlanValue>>, live);
};

test('a live spec holding what every reference resolves to is the same, as compareSpecs finds no change', () => {
  assert.equal(same(desired, inSync), true);
  assert.deepEqual(changes(desired, inSync), []);
});

test('a different value, an extra nested key or a missing field is not the same', () => {
  assert.equal(same(desired, { ...inSync, vpcId: 'vpc-2' }), false);
  assert.equal(same(desired, { ...inSync, network: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'DISABLED', extra: 'x' } }), false);
  const { forward: _, ...withoutForward } = inSync;
  assert.equal(same(desired, withoutForward), false);
});

test('a reference AWS cannot resolve yet (unknown ARN, missing lookup) is never the same', () => {
  assert.equal(same(desired, inSync, new Map()), false);
  assert.equal(same(desired, inSync, known, new Map([...lookups].filter(([k]) => !k.startsWith('vpc')))), false);
});

test('lists in another order are left to compareSpecs, which treats them as sets', () => {
  const reordered = { ...inSync, network: { subnets: ['subnet-b', 'subnet-a'], assignPublicIp: 'DISABLED' } };
  assert.equal(same(desired, reordered), false);
  assert.deepEqual(changes(desired, reordered), []);
});
