// --adopt: resources of the identity tiered wants that carry no tiered tags (made by hand, or
// their tags lost) are taken over instead of reported: tagged ours, nothing created beside them.
// Here a converged tier loses the tiered tags of its ALB, listener, target groups, clusters and
// endpoint, then passes adopt them. Rules and services are left tagged: adopting a rule is
// refused as a route conflict (the rule in place routes the tenant's requests), and a service's
// adoption does not stick (planned again every pass) — both reported for an issue of their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteTagsCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, ListClustersCommand, UntagResourceCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  RemoveTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { TAG } from '../../../src/desired/tags.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, applySet, assertInSync, failedOutcomes, planSet, withEngineAws } from '../../support/engine-harness.js';
import type { TestClients } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';

const { aws, factory } = withEngineAws();

const CACHE = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };
const SET = manifestSet().tier('tier-1', { downstreams: [CACHE] }).layout('tier-1', { 'cell-1': ['ig-1'] }).tenant('alpha', { clusters: 2 }).build();
const TIERED_KEYS = Object.values(TAG);

/** Removes every tiered tag from the cell's ALBs, listeners, target groups, clusters and
 * endpoints. Rules and services keep theirs: adopting them does not work yet (see the note on
 * the test). */
async function forgetOwnership(cell: TestClients): Promise<void> {
  const arns: string[] = [];
  for (const lb of (await cell.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []) {
    arns.push(lb.LoadBalancerArn!);
    for (const l of (await cell.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners ?? []) {
      arns.push(l.ListenerArn!);
    }
  }
  arns.push(...((await cell.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map((t) => t.TargetGroupArn!));
  for (const arn of arns) await cell.elbv2.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: TIERED_KEYS }));
  const clusters = (await cell.ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
  for (const c of (await cell.ecs.send(new DescribeClustersCommand({ clusters }))).clusters ?? []) {
    await cell.ecs.send(new UntagResourceCommand({ resourceArn: c.clusterArn!, tagKeys: TIERED_KEYS }));
  }
  for (const e of (await cell.ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []) {
    await cell.ec2.send(new DeleteTagsCommand({ Resources: [e.VpcEndpointId!], Tags: TIERED_KEYS.map((Key) => ({ Key })) }));
  }
}

test('with adopt, untagged ALB, listener, target groups, clusters and endpoint of our identity are adopted, a level a pass, and nothing is created beside them', async () => {
  await bootstrapLocalAws(SET, factory());
  await applyConverged(SET, factory());
  const cell = await aws.clientsInAccount(SET.cells[0]!.spec.accountId);
  const before = await inventory(cell, aws.clients());
  await forgetOwnership(cell);
  const { plan } = await planSet(SET, factory());
  assert.ok(plan.conflicts.length > 0, 'without adopt, the untagged resources are conflicts');
  aws.proxy.resetCounters();

  // Observe looks under the parents it owns only, so a tree is adopted a level a pass: the ALB,
  // target groups, clusters and endpoint first; the listener under the ALB the pass after. In
  // the first pass the listener's create is answered with the listener in place (CreateListener
  // is idempotent for the same settings) and untagged: the next pass adopts it.
  const adoptedByPass: string[][] = [];
  for (let pass = 0; pass < 4; pass++) {
    const { planned, results } = await applySet(SET, factory(), {}, { adopt: true });
    if (planned.plan.actions.length === 0) break;
    assert.deepEqual(failedOutcomes(results), []);
    adoptedByPass.push([...new Set(planned.plan.actions.filter((a) => a.action === 'adopt').map((a) => a.kind))].sort());
  }
  assert.deepEqual(adoptedByPass, [['ecs-cluster', 'interface-endpoint', 'load-balancer', 'target-group'], ['listener']]);
  // The adopted kinds are never created; the listener's, rule's and services' creates in the
  // first pass are answered with what stands in place (idempotent by settings or client token)
  // or refused by it and taken as ours by its tags (existing-ours.ts). The inventory below
  // proves no second resource of any kind.
  for (const op of ['CreateLoadBalancer', 'CreateTargetGroup', 'CreateCluster', 'CreateVpcEndpoint']) {
    assert.equal(aws.proxy.count({ operation: op }), 0, `${op} was called`);
  }

  await assertInSync(SET, factory());
  const after = await inventory(cell, aws.clients());
  assert.deepEqual({ ...after, taskDefinitions: [] }, { ...before, taskDefinitions: [] });
});
