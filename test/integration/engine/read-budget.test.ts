// Acceptance 8 (issue 4): a no-op plan of 200 tenants of 2 clusters reads no more than the
// batch limits require, and far fewer calls than there are resources. The floor is computed
// here from the layout, per operation, by the batch sizes docs/observe.md lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, inSync, planSet, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const { aws, factory } = withEngineAws();

const TENANTS = 200;
const CLUSTERS = 2;
const GROUPS = ['ig-1', 'ig-2', 'ig-3', 'ig-4', 'ig-5'];
const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };
const ceil = (n: number, per: number) => Math.ceil(n / per);

test(`a no-op plan of ${TENANTS} tenants x ${CLUSTERS} clusters reads no more than the batch limits require`, async (t) => {
  const b = manifestSet().tier('tier-1', { downstreams: [CACHE], routing: { match: 'host' } }).layout('tier-1', { 'cell-1': GROUPS });
  for (let i = 0; i < TENANTS; i++) b.tenant(`t${String(i).padStart(3, '0')}`, { clusters: CLUSTERS });
  const set = b.build();
  await bootstrapLocalAws(set, factory());
  await applyConverged(set, factory());
  t.diagnostic(`built with ${aws.proxy.count({ mutating: true })} mutating calls`);

  // moto ends a GetResources page before 100 tags, whatever ResourcesPerPage says (docs/observe.md);
  // its floor is the pages of a greedy fill by tags, computed from what the sweep returns.
  const cell = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  const tagCounts: number[] = [];
  let token: string | undefined;
  do {
    const page = await cell.tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: 'tiered.dev/managed-by', Values: ['tiered'] }], ResourcesPerPage: 100, PaginationToken: token }));
    tagCounts.push(...(page.ResourceTagMappingList ?? []).map((r) => r.Tags?.length ?? 1));
    token = page.PaginationToken || undefined;
  } while (token !== undefined);
  let motoPages = 1;
  let onPage = 0;
  for (const n of tagCounts) {
    if (onPage > 0 && onPage + n > 100) {
      motoPages += 1;
      onPage = 0;
    }
    onPage += n;
  }

  const albs = GROUPS.length;
  const clusters = TENANTS * CLUSTERS;
  const records = (albs + TENANTS) * 2; // alias + ownership TXT each
  const floor: Record<string, number> = {
    AssumeRole: 1,
    GetResources: Math.max(motoPages, ceil(tagCounts.length, 100)),
    DescribeLoadBalancers: ceil(albs, 20),
    DescribeListeners: albs, // one ALB per call
    DescribeRules: albs * ceil(TENANTS / albs, 400),
    DescribeTags: ceil(albs + TENANTS, 20), // listeners and rules: the Tagging API lists neither
    DescribeTargetGroups: ceil(clusters, 20), // by ARN; AWS's paged listing would be ceil(n/400)
    DescribeClusters: ceil(clusters, 100),
    DescribeServices: clusters, // one cluster per call
    ListTaskDefinitions: ceil(TENANTS, 100),
    DescribeVpcEndpoints: 1,
    DescribeLogGroups: 1, // the cell's log group, by its name as prefix (tags from the sweep)
    DescribeScalableTargets: ceil(clusters, 50), // every service's resource id, 50 a call; no target found, so no policy read
    DescribeAlarms: 1, // the cell's alarm name prefix: alarms are off here, one empty page
    DescribeVpcs: 1,
    DescribeSubnets: 1,
    DescribeSecurityGroups: 1,
    ListHostedZonesByName: 1,
    ListResourceRecordSets: ceil(records, 300),
  };

  // A fresh factory, as a new `tiered plan` process has: its role session is part of the cost.
  factory().destroy();
  const planner = tieredAwsFor(aws.endpoint);
  aws.proxy.resetCounters();
  const { plan } = await planSet(set, planner);
  planner.destroy();
  assert.ok(inSync(plan));
  assert.equal(aws.proxy.count({ mutating: true }), 0);

  const measured: Record<string, number> = {};
  for (const c of aws.proxy.calls()) measured[c.operation] = (measured[c.operation] ?? 0) + 1;
  const total = Object.values(measured).reduce((a, b) => a + b, 0);
  const floorTotal = Object.values(floor).reduce((a, b) => a + b, 0);
  const resources = albs * 3 /* ALB, listener, endpoint */ + clusters * 3 /* TG, cluster, service */ + TENANTS * 2 /* rule, task def */ + records + 1 /* the cell's log group */;
  t.diagnostic(`floor ${JSON.stringify(floor)} = ${floorTotal}`);
  t.diagnostic(`measured ${JSON.stringify(measured)} = ${total}; ${resources} resources`);
  for (const op of Object.keys(measured)) assert.ok(op in floor, `${op} is not a read the layout needs`);
  for (const [op, n] of Object.entries(floor)) assert.ok((measured[op] ?? 0) <= n, `${op}: ${measured[op]} > floor ${n}`);
  assert.ok(total <= floorTotal * 1.1, `${total} reads > 1.1 x floor ${floorTotal}`);
  assert.ok(total < resources / 3, `${total} reads for ${resources} resources`);
});
