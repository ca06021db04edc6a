// Drain and decommission as configuration (docs/drain-and-decommission.md), on local AWS: a
// drained infra group's tenants are placed in the tier's other infra group, and once it hosts
// none its tier record, listener, ALB and endpoints go, in that order; a decommissioned tier
// leaves nothing tagged for it and every prerequisite intact; a tier dropped from the manifests
// is left alone, and found orphaned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import type { ManifestSet } from '../../../src/desired/model.js';
import { DEFAULT_INSTANCE_ID, TAG } from '../../../src/desired/tags.js';
import { findOrphanedTiers } from '../../../src/live/orphaned-tiers.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, assertInSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';

const { aws, factory } = withEngineAws();

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };
const TENANTS = ['alpha', 'bravo', 'charlie'];

/** tier-x: one cell, ig-1 and ig-2; binpack fills ig-1 first, so all three tenants start there. */
function tierX(options: { drainIg1?: boolean; decommission?: string } = {}): ManifestSet {
  const b = manifestSet()
    .tier('tier-x', {
      downstreams: [CACHE],
      placement: { strategy: 'binpack' },
      workload: { desiredCount: 1, deregistrationDelaySeconds: 0 },
      logs: { groupName: '/tiered/tier-x', retentionDays: 1, deleteWithTier: true },
      ...(options.decommission !== undefined ? { decommission: { confirm: options.decommission } } : {}),
    })
    .cell('tier-x', 'cell-1')
    .infraGroup('tier-x', 'cell-1', 'ig-1', options.drainIg1 === true ? { drain: true } : {})
    .infraGroup('tier-x', 'cell-1', 'ig-2');
  for (const t of TENANTS) b.tenant(t);
  return b.build();
}

function clusterNames(ig: string): string[] {
  return TENANTS.map((t) => `tier-x-cell-1-${ig}-${t}`);
}

test('draining an infra group of 3 tenants moves them to the other one, then deletes its record, listener, ALB and endpoints in order', async () => {
  const start = tierX();
  await bootstrapLocalAws(start, factory());
  await applyConverged(start, factory());
  const cell = await aws.clientsInAccount(start.cells[0]!.spec.accountId);
  const before = await inventory(cell, aws.clients());
  assert.deepEqual(before.clusters, clusterNames('ig-1'));
  assert.equal(before.loadBalancers.length, 2);

  const drained = tierX({ drainIg1: true });
  // Pass 1: the tenants are placed in ig-2; ig-1 still hosts them as the pass begins, so its
  // shared resources stay.
  const first = await applyConverged(drained, factory());
  assert.ok(first.plan.notices.some((n) => /^draining tier-x\/cell-1\/ig-1 \(built\.yaml:\d+\): 3 tenants still there/.test(n.message)));
  assert.ok(first.plan.actions.every((a) => a.action !== 'delete' || a.owner.tenant !== undefined), 'no shared resource of ig-1 goes yet');
  const moved = await inventory(cell, aws.clients());
  assert.deepEqual(moved.clusters, clusterNames('ig-2'));
  assert.equal(moved.loadBalancers.length, 2);

  // Pass 2: ig-1 hosts no tenant: what is left of it goes, the tier record first, the ALB last.
  aws.proxy.resetCounters();
  const second = await applyConverged(drained, factory());
  assert.deepEqual(second.plan.actions.map((a) => `${a.action} ${a.kind} ${a.owner.infraGroup}`).sort(), [
    'delete dns-ownership ig-1',
    'delete dns-record ig-1',
    'delete interface-endpoint ig-1',
    'delete listener ig-1',
    'delete load-balancer ig-1',
  ]);
  const order = aws.proxy.calls({ mutating: true }).map((c) => c.operation);
  const at = (op: string) => order.indexOf(op);
  assert.ok(at('ChangeResourceRecordSets') >= 0 && at('ChangeResourceRecordSets') < at('DeleteListener'), order.join(' '));
  assert.ok(at('DeleteListener') < at('DeleteLoadBalancer'), order.join(' '));
  assert.ok(at('DeleteVpcEndpoints') >= 0, order.join(' '));
  const after = await inventory(cell, aws.clients());
  assert.deepEqual(after.loadBalancers, before.loadBalancers.filter((n) => n.includes('ig-2')));
  assert.equal(after.listeners, 1);
  assert.deepEqual(after.endpoints, ['tier-x-cell-1-ig-2-cache']);
  assert.deepEqual(after.clusters, clusterNames('ig-2'));
  assert.ok(after.records.every((r) => !r.includes('cell-1/ig-1')), after.records.join(' '));
  await assertInSync(drained, factory());
});

async function prerequisites(set: ManifestSet) {
  const { ec2 } = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.VpcId).sort();
  const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets?.map((s) => s.SubnetId).sort();
  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups?.map((g) => g.GroupId).sort();
  const zones = (await aws.clients().route53.send(new ListHostedZonesByNameCommand({}))).HostedZones?.map((z) => z.Id).sort();
  return { vpcs, subnets, groups, zones };
}

/** ARNs the Tagging API finds with the tier's tag, ECS's aside: deleted clusters and services
 * and deregistered task definitions stay listed as INACTIVE, as in AWS; the inventory counts
 * the ACTIVE ones. */
async function taggedForTier(set: ManifestSet, tier: string): Promise<string[]> {
  const { tagging } = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const found = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: TAG.tier, Values: [tier] }] }));
  return (found.ResourceTagMappingList ?? []).map((r) => r.ResourceARN ?? '').filter((arn) => !arn.includes(':ecs:')).sort();
}

test('decommissioning a tier deletes everything tagged for it and no prerequisite; dropping a tier deletes nothing', async () => {
  const start = tierX();
  await bootstrapLocalAws(start, factory());
  await applyConverged(start, factory());
  const prereqs = await prerequisites(start);
  assert.ok((await taggedForTier(start, 'tier-x')).length > 0);

  // Dropped from the manifests (another tier remains): no plan touches tier-x.
  const account = start.cells[0]!.spec.accountId;
  const other = manifestSet().tier('tier-y').cell('tier-y', 'cell-1', { accountId: account }).build();
  const dropped = await planSet(other, factory());
  assert.deepEqual(dropped.plan.actions.filter((a) => a.owner.tier === 'tier-x'), []);
  const sweep = await findOrphanedTiers(other, factory(), DEFAULT_INSTANCE_ID);
  assert.deepEqual(sweep, { orphaned: [{ tier: 'tier-x', infraGroups: [`${account}/cell-1/ig-1`, `${account}/cell-1/ig-2`] }], errors: [] });

  const gone = tierX({ decommission: 'tier-x' });
  const first = await applyConverged(gone, factory());
  assert.ok(first.plan.notices.some((n) => n.tier === 'tier-x' && n.message.startsWith('decommissioning')));
  assert.ok(first.plan.actions.every((a) => a.action === 'delete'));
  // What waited on tasks or records may need a second pass; then nothing is left.
  await applyConverged(gone, factory());
  await assertInSync(gone, factory());
  assert.deepEqual(await taggedForTier(start, 'tier-x'), []);
  const inv = await inventory(await aws.clientsInAccount(start.cells[0]!.spec.accountId), aws.clients());
  assert.deepEqual([inv.loadBalancers, inv.clusters, inv.targetGroups, inv.endpoints, inv.taskDefinitions], [[], [], [], [], []]);
  assert.deepEqual(inv.records.filter((r) => r.includes('tier-x')), []);
  assert.deepEqual(await prerequisites(start), prereqs);
});
