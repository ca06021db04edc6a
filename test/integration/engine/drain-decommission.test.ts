// Drain and decommission as configuration (docs/drain-and-decommission.md), on local AWS, as one
// story (one bootstrap): a drained infra group's tenants move, weighted and gated, to the tier's
// other infra group, and once it hosts none its tier record, listener, ALB and endpoints go, in that order;
// a removed cell, remembered from the last revision, loses what is left in it; a tier dropped
// from the manifests is left alone and found orphaned; a decommissioned tier leaves nothing
// tagged for it and every prerequisite intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { pino } from 'pino';
import { AlwaysHeldLeases } from '../../../src/controller/leases/always-held-leases.js';
import { withRetiredCells } from '../../../src/controller/retired-cells.js';
import { FULL } from '../../../src/controller/revision-tracker.js';
import { runTierPass } from '../../../src/controller/tier-pass.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { DEFAULT_INSTANCE_ID, TAG } from '../../../src/desired/tags.js';
import { findOrphanedTiers } from '../../../src/live/orphaned-tiers.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { PENDING_RECHECK_MS } from '../../../src/reconcilers/pending.js';
import { applyConverged, assertInSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';
import { answersName, recordWeights } from '../../support/tenant-weights.js';

const { aws, factory } = withEngineAws();

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };
const TENANTS = ['alpha', 'bravo', 'charlie'];

interface Shape {
  readonly drainIg1?: boolean;
  readonly withCell2?: boolean;
  readonly decommission?: string;
}

/** tier-x: cell-1 with ig-1 and ig-2 (and cell-2 with ig-1); binpack fills cell-1/ig-1 first,
 * so all three tenants start there. */
function tierX(shape: Shape = {}): ManifestSet {
  const b = manifestSet()
    .tier('tier-x', {
      downstreams: [CACHE],
      migration: { steps: [50, 100], bakeSeconds: 0, maxConcurrent: 2 },
      placement: { strategy: 'binpack' },
      workload: { desiredCount: 1, deregistrationDelaySeconds: 0 },
      logs: { groupName: '/tiered/tier-x', retentionDays: 1, deleteWithTier: true },
      ...(shape.decommission !== undefined ? { decommission: { confirm: shape.decommission } } : {}),
    })
    .cell('tier-x', 'cell-1')
    .infraGroup('tier-x', 'cell-1', 'ig-1', shape.drainIg1 === true ? { drain: true } : {})
    .infraGroup('tier-x', 'cell-1', 'ig-2');
  if (shape.withCell2 === true) b.cell('tier-x', 'cell-2').infraGroup('tier-x', 'cell-2', 'ig-1');
  for (const t of TENANTS) b.tenant(t);
  return b.build();
}

const clusterNames = (ig: string): string[] => TENANTS.map((t) => `tier-x-cell-1-${ig}-${t}`);

async function prerequisites(accounts: readonly string[]) {
  const out = [];
  for (const account of accounts) {
    const { ec2 } = await aws.clientsInAccount(account);
    out.push({
      vpcs: (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.VpcId).sort(),
      subnets: (await ec2.send(new DescribeSubnetsCommand({}))).Subnets?.map((s) => s.SubnetId).sort(),
      groups: (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups?.map((g) => g.GroupId).sort(),
    });
  }
  const zones = (await aws.clients().route53.send(new ListHostedZonesByNameCommand({}))).HostedZones?.map((z) => z.Id).sort();
  return { out, zones };
}

/** ARNs the Tagging API finds with the tier's tag, ECS's aside: deleted clusters and services
 * and deregistered task definitions stay listed as INACTIVE, as in AWS; the inventory counts
 * the ACTIVE ones. */
async function taggedForTier(account: string, tier: string): Promise<string[]> {
  const { tagging } = await aws.clientsInAccount(account);
  const found = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: TAG.tier, Values: [tier] }] }));
  return (found.ResourceTagMappingList ?? []).map((r) => r.ResourceARN ?? '').filter((arn) => !arn.includes(':ecs:')).sort();
}

test('drain an infra group, remove a drained cell, drop the tier, then decommission it', async () => {
  const start = tierX({ withCell2: true });
  await bootstrapLocalAws(start, factory());
  await applyConverged(start, factory());
  const [account1, account2] = start.cells.map((c) => c.spec.accountId) as [string, string];
  const prereqs = await prerequisites([account1, account2]);
  const cell = await aws.clientsInAccount(account1);
  const before = await inventory(cell, aws.clients());
  assert.deepEqual(before.clusters, clusterNames('ig-1'));
  assert.equal(before.loadBalancers.length, 2);

  // Drain cell-1/ig-1: its tenants move to ig-2 by the move protocol (docs/moves.md): made there,
  // gated, shifted by weight (50/50, then 0/100), then released from ig-1. ig-1 still hosts them
  // while they move, so its shared resources stay, and the tier keeps running again soon.
  const drained = tierX({ drainIg1: true, withCell2: true });
  const zone = ((await aws.clients().route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones?.[0]?.Id ?? '').replace('/hostedzone/', '');
  const alpha = 'alpha.tier-x.us-east-1.example.com';
  const pass = () => runTierPass(
    { engine: { factory: factory(), instanceId: DEFAULT_INSTANCE_ID }, leases: new AlwaysHeldLeases(), dryRun: false, planOptions: { moves: { ttlSeconds: 0 } }, log: pino({ level: 'silent' }) },
    { set: drained, tier: 'tier-x', revision: 'test@1', scope: FULL, signal: new AbortController().signal },
  );
  const first = await pass();
  assert.equal(first.result, 'pending');
  assert.ok(first.retryAfterMs !== undefined && first.retryAfterMs <= PENDING_RECHECK_MS);
  assert.ok(first.notes.some((n) => /^draining tier-x\/cell-1\/ig-1 \(built\.yaml:\d+\): 3 tenants still there/.test(n)), first.notes.join('\n'));
  assert.deepEqual(first.drift['load-balancer'] ?? 0, 0, 'no shared resource of ig-1 goes yet');
  // At most migration.maxConcurrent (2) of the three moves are in flight in any pass; the third waits.
  const IN_FLIGHT = new Set(['making', 'gating', 'shifting', 'releasing']);
  const inFlight = [first.moves.filter((m) => IN_FLIGHT.has(m.state)).length];
  const waited = new Set(first.moves.filter((m) => m.state === 'waiting').map((m) => m.tenant));
  const samples = [Object.values(await recordWeights(aws.clients().route53, zone, alpha))];
  for (let i = 0; i < 20 && !isDeepStrictEqual((await inventory(cell, aws.clients())).clusters, clusterNames('ig-2')); i++) {
    const report = await pass();
    assert.notEqual(report.result, 'failed', report.notes.join('\n'));
    inFlight.push(report.moves.filter((m) => IN_FLIGHT.has(m.state)).length);
    for (const m of report.moves) if (m.state === 'waiting') waited.add(m.tenant);
    samples.push(Object.values(await recordWeights(aws.clients().route53, zone, alpha)));
    assert.ok(await answersName(aws.clients().route53, zone, alpha), 'the tenant\'s name answers throughout the drain');
  }
  assert.deepEqual((await inventory(cell, aws.clients())).clusters, clusterNames('ig-2'));
  assert.ok(samples.some((w) => w.length === 2 && w.every((x) => x > 0) && w[0] === w[1]), `a 50/50 step was seen: ${JSON.stringify(samples)}`);
  assert.equal(samples.at(-1)?.length, 1, 'one record left, on ig-2');
  assert.ok(Math.max(...inFlight) === 2 && inFlight.every((n) => n <= 2), `moves in flight per pass: ${inFlight.join(' ')}`);
  assert.deepEqual([...waited], ['charlie'], 'the third move waited for a slot');

  // Pass 2: ig-1 hosts no tenant: what is left of it goes, the tier record first, the ALB last.
  aws.proxy.resetCounters();
  const second = await applyConverged(drained, factory());
  // Besides, the last move's end: its destination record's ownership drops the move tags
  // (docs/moves.md); the moves that ended earlier dropped theirs in the loop above.
  const MOVE_TAGS_DROPPED = 'update dns-ownership cell-1/ig-2';
  const actions = second.plan.actions.map((a) => `${a.action} ${a.kind} ${a.owner.cell}/${a.owner.infraGroup}`).sort();
  assert.deepEqual(actions.filter((a) => a !== MOVE_TAGS_DROPPED), [
    'delete dns-ownership cell-1/ig-1',
    'delete dns-record cell-1/ig-1',
    'delete interface-endpoint cell-1/ig-1',
    'delete listener cell-1/ig-1',
    'delete load-balancer cell-1/ig-1',
  ]);
  const order = aws.proxy.calls({ mutating: true }).map((c) => c.operation);
  const at = (op: string) => order.indexOf(op);
  assert.ok(at('ChangeResourceRecordSets') >= 0 && at('ChangeResourceRecordSets') < at('DeleteListener'), order.join(' '));
  assert.ok(at('DeleteListener') < at('DeleteLoadBalancer') && at('DeleteVpcEndpoints') >= 0, order.join(' '));
  const after = await inventory(cell, aws.clients());
  assert.deepEqual(after.loadBalancers, before.loadBalancers.filter((n) => n.includes('ig-2')));
  assert.deepEqual([after.listeners, after.endpoints, after.clusters], [1, ['tier-x-cell-1-ig-2-cache'], clusterNames('ig-2')]);
  assert.ok(after.records.every((r) => !r.includes('cell-1/ig-1')), after.records.join(' '));

  // cell-2 (empty) leaves the manifests; the daemon remembers it from the last revision, so
  // what tiered made in its account is still found and deleted.
  const withoutCell2 = withRetiredCells(tierX({ drainIg1: true }), 'tier-x', start.cells.filter((c) => c.name === 'cell-2'));
  const removal = await applyConverged(withoutCell2, factory());
  assert.deepEqual(removal.plan.actions.map((a) => `${a.action} ${a.kind} ${a.owner.cell}`).sort(), [
    'delete dns-ownership cell-2', 'delete dns-record cell-2', 'delete interface-endpoint cell-2', 'delete listener cell-2', 'delete load-balancer cell-2',
  ]);
  await assertInSync(withoutCell2, factory());
  assert.deepEqual((await inventory(await aws.clientsInAccount(account2), aws.clients())).loadBalancers, []);

  // Dropped from the manifests (another tier remains in the account): nothing of tier-x is
  // planned, and it is found orphaned.
  const other = manifestSet().tier('tier-y').cell('tier-y', 'cell-1', { accountId: account1 }).build();
  const dropped = await planSet(other, factory());
  assert.deepEqual(dropped.plan.actions.filter((a) => a.owner.tier === 'tier-x'), []);
  assert.deepEqual(await findOrphanedTiers(other, factory(), DEFAULT_INSTANCE_ID), {
    orphaned: [{ tier: 'tier-x', infraGroups: [`${account1}/cell-1/ig-2`] }],
    errors: [],
  });

  // Decommissioned: everything tagged for the tier goes (the log groups too: deleteWithTier),
  // and no prerequisite.
  const gone = tierX({ decommission: 'tier-x' });
  const decommission = await applyConverged(gone, factory());
  assert.ok(decommission.plan.notices.some((n) => n.tier === 'tier-x' && n.message.startsWith('decommissioning')));
  assert.ok(decommission.plan.actions.every((a) => a.action === 'delete'));
  await assertInSync(gone, factory());
  assert.deepEqual(await taggedForTier(account1, 'tier-x'), []);
  const inv = await inventory(cell, aws.clients());
  assert.deepEqual([inv.loadBalancers, inv.clusters, inv.targetGroups, inv.endpoints, inv.taskDefinitions], [[], [], [], [], []]);
  assert.deepEqual(inv.records.filter((r) => r.includes('tier-x')), []);
  assert.deepEqual(await prerequisites([account1, account2]), prereqs);
});
