// Persisted contracts, golden (issue 11, bug 6): the AWS names, record identities, ownership TXT
// values and client tokens tiered derives for a fixed set of inputs, written out literally. A
// change here renames or re-tokens live resources in every account tiered runs in: if one of
// these fails, the change is a migration, not a refactor (docs/aws-behaviour.md, "Target group
// replacement", tells how target groups were renamed once on purpose).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cellDnsName,
  cellSetIdentifier,
  cellsOwnershipTxtName,
  clientToken,
  clusterName,
  endpointName,
  loadBalancerName,
  ownershipTxtName,
  serviceName,
  setIdentifier,
  targetGroupName,
  taskDefinitionFamily,
  tenantDnsName,
} from '../../../src/desired/naming.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { formatOwnershipTxt, parseOwnershipTxt } from '../../../src/desired/topology/dns-ownership.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { createVpcEndpointInput } from '../../../src/reconcilers/ec2/interface-endpoint.js';
import { createServiceInput } from '../../../src/reconcilers/ecs/service.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const IG = { tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1' };
const HTTP_8080 = { protocol: 'HTTP', port: 8080, targetType: 'ip', vpc: 'vpc-0a1b2c3d' };

test('AWS names of an infra group and a tenant, literally', () => {
  assert.equal(loadBalancerName(IG), 'tier-1-cell-1-ig-1-aba747d7f7');
  assert.equal(loadBalancerName({ tier: 'tier-2', cell: 'cell-eu', infraGroup: 'ig-blue' }), 'tier-2-cell-eu-ig-blu-176ba97608');
  assert.equal(targetGroupName({ ...IG, tenant: 'tenant-a', index: 1 }, HTTP_8080), 'tenant-a-1-861d792726');
  assert.equal(targetGroupName({ ...IG, tenant: 'tenant-a', index: 2 }, HTTP_8080), 'tenant-a-2-b9771795a0');
  assert.equal(targetGroupName({ ...IG, tenant: 'tenant-a', index: 2 }, { ...HTTP_8080, port: 9090 }), 'tenant-a-2-ccb6d8e48b');
  // A long tenant name is cut to leave room for the hash, without a trailing hyphen.
  assert.equal(
    targetGroupName({ ...IG, tenant: 'a-very-long-tenant-name-for-the-test', index: 1 }, HTTP_8080),
    'a-very-long-tenant-na-b219c24b9c',
  );
  const t1 = { ...IG, tenant: 'tenant-a', index: 1 };
  const t2 = { ...IG, tenant: 'tenant-a', index: 2 };
  assert.equal(clusterName(t1), 'tier-1-cell-1-ig-1-tenant-a');
  assert.equal(clusterName(t2), 'tier-1-cell-1-ig-1-tenant-a-2');
  assert.equal(serviceName(t2), 'tenant-a');
  assert.equal(taskDefinitionFamily({ ...IG, tenant: 'tenant-a' }), 'tier-1-cell-1-ig-1-tenant-a');
  assert.equal(endpointName({ ...IG, downstream: 'cache' }), 'tier-1-cell-1-ig-1-cache');
});

test('Route 53 identities and ownership TXT values, literally', () => {
  assert.equal(tenantDnsName('tenant-a', 'tier-1.us-east-1.example.com'), 'tenant-a.tier-1.us-east-1.example.com');
  assert.equal(setIdentifier({ cell: 'cell-1', infraGroup: 'ig-1' }), 'tiered:cell-1/ig-1');
  assert.equal(ownershipTxtName('tenant-a.tier-1.us-east-1.example.com'), '_tiered.tenant-a.tier-1.us-east-1.example.com');
  const tags = {
    'tiered.dev/managed-by': 'tiered', 'tiered.dev/resource': 'dns-record', 'tiered.dev/tier': 'tier-1',
    'tiered.dev/cell': 'cell-1', 'tiered.dev/infra-group': 'ig-1', 'tiered.dev/tenant': 'tenant-a',
  };
  assert.equal(
    formatOwnershipTxt(tags),
    '"heritage=tiered,tiered.dev/managed-by=tiered,tiered.dev/resource=dns-record,tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/infra-group=ig-1,tiered.dev/tenant=tenant-a"',
  );
  // 362 characters: the first string ends 255 characters in, inside the infra group's name.
  const long = { ...tags, 'tiered.dev/tier': `tier-${'t'.repeat(45)}`, 'tiered.dev/cell': `cell-${'c'.repeat(45)}`, 'tiered.dev/infra-group': `ig-${'i'.repeat(47)}`, 'tiered.dev/tenant': `tenant-${'n'.repeat(53)}` };
  assert.equal(
    formatOwnershipTxt(long),
    `"heritage=tiered,tiered.dev/managed-by=tiered,tiered.dev/resource=dns-record,tiered.dev/tier=tier-${'t'.repeat(45)},tiered.dev/cell=cell-${'c'.repeat(45)},tiered.dev/infra-group=ig-${'i'.repeat(19)}" "${'i'.repeat(28)},tiered.dev/tenant=tenant-${'n'.repeat(53)}"`,
  );
  assert.deepEqual(parseOwnershipTxt(formatOwnershipTxt(long)), long);
});

test('client tokens of creates, literally', () => {
  assert.equal(clientToken('ecs-service|ecsService:tier-1/cell-1/ig-1/tenant-a/1'), '4138a5c09a72e1b778ad7c9524d400bf');
  const service = { name: 'tenant-a', taskDefinition: 'arn:td:1', launchType: 'FARGATE', desiredCount: 2,
    network: { subnets: ['s-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
    loadBalancer: { targetGroupArn: 'arn:tg', containerName: 'app', containerPort: 8080 } };
  assert.equal(createServiceInput('arn:cluster', 'ecsService:tier-1/cell-1/ig-1/tenant-a/1', service, {}).clientToken, '4138a5c09a72e1b778ad7c9524d400bf');
  const endpoint = { type: 'Interface', vpcId: 'vpc-1', serviceName: 'svc', subnetIds: ['s-1'], securityGroupIds: ['sg-1'] };
  assert.equal(createVpcEndpointInput('endpoint:tier-1/cell-1/ig-1/cache', endpoint, {}).ClientToken, 'aa9af74ab82103eca81dabf327b91bb0');
});

test('a compiled tier names its resources literally (the names a live account holds)', () => {
  const set = smallSet([tenant('tenant-a', 2)]);
  const topo = compileTopology(set, placeAll(set), NO_HINTS, { instanceId: 'ci' });
  const names = Object.fromEntries(topo.resources.filter((r) => r.owner.infraGroup === 'ig-1').map((r) => [r.key, r.identity.name]));
  assert.deepEqual(names, {
    'loadBalancer:tier-1/cell-1/ig-1': 'tier-1-cell-1-ig-1-aba747d7f7',
    'listener:tier-1/cell-1/ig-1': '443',
    'endpoint:tier-1/cell-1/ig-1/cache': 'tier-1-cell-1-ig-1-cache',
    'dnsOwnership:tier-1/cell-1/ig-1': '_tiered.tier-1.us-east-1.example.com|TXT|tiered:cell-1/ig-1',
    'dnsRecord:tier-1/cell-1/ig-1': 'tier-1.us-east-1.example.com|A|tiered:cell-1/ig-1',
    'targetGroup:tier-1/cell-1/ig-1/tenant-a/1': 'tenant-a-1-14a3f1e979',
    'targetGroup:tier-1/cell-1/ig-1/tenant-a/2': 'tenant-a-2-0db76556da',
    'ecsCluster:tier-1/cell-1/ig-1/tenant-a/1': 'tier-1-cell-1-ig-1-tenant-a',
    'ecsCluster:tier-1/cell-1/ig-1/tenant-a/2': 'tier-1-cell-1-ig-1-tenant-a-2',
    'taskDefinition:tier-1/cell-1/ig-1/tenant-a': 'tier-1-cell-1-ig-1-tenant-a',
    'listenerRule:tier-1/cell-1/ig-1/tenant-a': '1',
    'ecsService:tier-1/cell-1/ig-1/tenant-a/1': 'tenant-a',
    'ecsService:tier-1/cell-1/ig-1/tenant-a/2': 'tenant-a',
    'dnsOwnership:tier-1/cell-1/ig-1/tenant-a': '_tiered.tenant-a.tier-1.us-east-1.example.com|TXT|tiered:cell-1/ig-1',
    'dnsRecord:tier-1/cell-1/ig-1/tenant-a': 'tenant-a.tier-1.us-east-1.example.com|A|tiered:cell-1/ig-1',
  });
  const txt = topo.resources.find((r) => r.key === 'dnsOwnership:tier-1/cell-1/ig-1/tenant-a');
  assert.equal(
    txt?.spec['value'],
    '"heritage=tiered,tiered.dev/managed-by=ci,tiered.dev/resource=dns-record,tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/infra-group=ig-1,tiered.dev/tenant=tenant-a"',
  );
});

test('the two-level DNS tree\'s names, identifiers and ownership values, literally (docs/dns-tree.md)', () => {
  const endpoint = 'tier-1.us-east-1.example.com';
  assert.equal(cellDnsName('cell-1', endpoint), 'cell-1.cells.tier-1.us-east-1.example.com');
  assert.equal(cellSetIdentifier('cell-1'), 'tiered:cell-1');
  assert.equal(cellsOwnershipTxtName(endpoint), '_tiered-cells.tier-1.us-east-1.example.com');
  const base = { 'tiered.dev/managed-by': 'tiered', 'tiered.dev/resource': 'dns-record', 'tiered.dev/tier': 'tier-1', 'tiered.dev/cell': 'cell-1' };
  assert.equal(formatOwnershipTxt({ ...base, 'tiered.dev/dns-tree': 'endpoint' }), '"heritage=tiered,tiered.dev/managed-by=tiered,tiered.dev/resource=dns-record,tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/dns-tree=endpoint"');
  assert.equal(
    formatOwnershipTxt({ ...base, 'tiered.dev/infra-group': 'ig-1', 'tiered.dev/dns-tree': 'cell' }),
    '"heritage=tiered,tiered.dev/managed-by=tiered,tiered.dev/resource=dns-record,tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/infra-group=ig-1,tiered.dev/dns-tree=cell"',
  );
});
