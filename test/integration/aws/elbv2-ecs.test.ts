// Every ELBv2, ECS and Tagging API operation tiered uses, through tiered's own client layer,
// over HTTP to moto via the counting proxy.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsClientFactory, AwsClients } from '../../../src/aws/clients.js';
import { classifyAwsError, isAwsError } from '../../../src/aws/errors.js';
import { TAG } from '../../../src/desired/tags.js';
import { withLocalAws, TEST_REGION } from '../../support/local-aws.js';
import { makeNetwork } from '../../support/network.js';
import type { TestNetwork } from '../../support/network.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws();
let factory: AwsClientFactory | undefined;
let own: AwsClients;
let net: TestNetwork;

beforeEach(async () => {
  factory = tieredAwsFor(aws.endpoint);
  own = factory.clients({ region: TEST_REGION });
  net = await makeNetwork(own.ec2);
  aws.proxy.resetCounters();
});
afterEach(() => factory?.destroy());

const tags = [
  { Key: TAG.managedBy, Value: 'tiered' },
  { Key: TAG.tier, Value: 'tier-1' },
];

/** The proxy's counts for one service, by operation. */
function countsOf(service: 'elbv2' | 'ecs' | 'tagging'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of aws.proxy.counters()) {
    if (row.service === service) out[row.operation] = (out[row.operation] ?? 0) + row.count;
  }
  return out;
}

async function loadBalancerWithTargetGroups(elbv2: AwsClients['elbv2']) {
  const lb = (
    await elbv2.createLoadBalancer({
      Name: 'tier-1-cell-1-ig-1',
      Type: 'application',
      Scheme: 'internal',
      Subnets: [...net.subnetIds],
      SecurityGroups: [net.securityGroupId],
      Tags: tags,
    })
  ).LoadBalancers![0]!;
  const tg = async (name: string) =>
    (
      await elbv2.createTargetGroup({
        Name: name,
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: net.vpcId,
        TargetType: 'ip',
        HealthCheckPath: '/healthz',
        Tags: [...tags, { Key: TAG.tenant, Value: 'acme' }],
      })
    ).TargetGroups![0]!;
  const tg1 = await tg('acme-1');
  const tg2 = await tg('acme-2');
  const listener = (
    await elbv2.createListener({
      LoadBalancerArn: lb.LoadBalancerArn!,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no tenant' } }],
    })
  ).Listeners![0]!;
  return { lb, tg1, tg2, listener };
}

test('ALB, HTTP listener, target groups and a rule forwarding by weight to two of them', async () => {
  const { elbv2 } = own;
  const { lb, tg1, tg2, listener } = await loadBalancerWithTargetGroups(elbv2);
  const rule = (
    await elbv2.createRule({
      ListenerArn: listener.ListenerArn!,
      Priority: 10,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['acme.tier-1.example.com'] } }],
      Actions: [
        {
          Type: 'forward',
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg1.TargetGroupArn!, Weight: 1 }, { TargetGroupArn: tg2.TargetGroupArn!, Weight: 3 }] },
        },
      ],
      Tags: tags,
    })
  ).Rules![0]!;

  const rules = await elbv2.describeRules({ listenerArn: listener.ListenerArn! });
  const live = rules.find((r) => r.RuleArn === rule.RuleArn);
  assert.deepEqual(live?.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((t) => t.Weight), [1, 3]);
  assert.ok(rules.some((r) => r.IsDefault), 'the default rule is listed too');

  await elbv2.modifyRule({
    RuleArn: rule.RuleArn!,
    Actions: [
      {
        Type: 'forward',
        ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg1.TargetGroupArn!, Weight: 2 }, { TargetGroupArn: tg2.TargetGroupArn!, Weight: 2 }] },
      },
    ],
  });
  await elbv2.setRulePriorities({ RulePriorities: [{ RuleArn: rule.RuleArn!, Priority: 20 }] });
  const [moved] = await elbv2.describeRules({ arns: [rule.RuleArn!] });
  assert.equal(moved?.Priority, '20');
  assert.deepEqual(moved?.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((t) => t.Weight), [2, 2]);

  await elbv2.modifyTargetGroup({ TargetGroupArn: tg1.TargetGroupArn!, HealthCheckPath: '/ready' });
  const groups = await elbv2.describeTargetGroups({ arns: [tg1.TargetGroupArn!, tg2.TargetGroupArn!] });
  assert.equal(groups.find((g) => g.TargetGroupArn === tg1.TargetGroupArn)?.HealthCheckPath, '/ready');
  assert.equal((await elbv2.describeTargetGroups({ names: ['acme-2'] }))[0]?.TargetGroupArn, tg2.TargetGroupArn);

  await elbv2.modifyListener({
    ListenerArn: listener.ListenerArn!,
    DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'unknown tenant' } }],
  });
  assert.equal((await elbv2.describeListeners({ loadBalancerArn: lb.LoadBalancerArn! })).length, 1);
  assert.equal((await elbv2.describeLoadBalancers({ names: ['tier-1-cell-1-ig-1'] }))[0]?.LoadBalancerArn, lb.LoadBalancerArn);

  await elbv2.addTags({ ResourceArns: [tg1.TargetGroupArn!], Tags: [{ Key: TAG.clusterIndex, Value: '1' }] });
  await elbv2.removeTags({ ResourceArns: [tg1.TargetGroupArn!], TagKeys: [TAG.tenant] });
  const described = await elbv2.describeTags([tg1.TargetGroupArn!, rule.RuleArn!]);
  const tg1Tags = described.find((d) => d.ResourceArn === tg1.TargetGroupArn)?.Tags?.map((t) => t.Key);
  assert.deepEqual(tg1Tags?.sort(), [TAG.clusterIndex, TAG.managedBy, TAG.tier].sort());

  await elbv2.deleteRule(rule.RuleArn!);
  await elbv2.deleteTargetGroup(tg1.TargetGroupArn!);
  await elbv2.deleteTargetGroup(tg2.TargetGroupArn!);
  await elbv2.deleteListener(listener.ListenerArn!);
  await elbv2.deleteLoadBalancer(lb.LoadBalancerArn!);
  assert.deepEqual(await elbv2.describeLoadBalancers(), []);

  assert.deepEqual(countsOf('elbv2'), {
    CreateLoadBalancer: 1,
    CreateTargetGroup: 2,
    CreateListener: 1,
    CreateRule: 1,
    DescribeRules: 2,
    ModifyRule: 1,
    SetRulePriorities: 1,
    ModifyTargetGroup: 1,
    DescribeTargetGroups: 2,
    ModifyListener: 1,
    DescribeListeners: 1,
    DescribeLoadBalancers: 2,
    AddTags: 1,
    RemoveTags: 1,
    DescribeTags: 1,
    DeleteRule: 1,
    DeleteTargetGroup: 2,
    DeleteListener: 1,
    DeleteLoadBalancer: 1,
  });
});

test('deleting a target group still used by a rule is a conflict (ResourceInUse)', async () => {
  const { elbv2 } = own;
  const { tg1, listener } = await loadBalancerWithTargetGroups(elbv2);
  await elbv2.createRule({
    ListenerArn: listener.ListenerArn!,
    Priority: 1,
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/acme/*'] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: tg1.TargetGroupArn! }],
  });
  await assert.rejects(elbv2.deleteTargetGroup(tg1.TargetGroupArn!), (err) => {
    assert.ok(isAwsError(err, 'ResourceInUse'), String(err));
    assert.equal(classifyAwsError(err), 'conflict');
    return true;
  });
  assert.equal(aws.proxy.count({ service: 'elbv2', operation: 'DeleteTargetGroup', outcome: 'error' }), 1);
});

test('ECS cluster, task definition and an awsvpc service on a target group, found again by tags', async () => {
  const { ecs, elbv2, tagging } = own;
  const { tg1 } = await loadBalancerWithTargetGroups(elbv2);
  aws.proxy.resetCounters();
  const ecsTags = [
    { key: TAG.managedBy, value: 'tiered' },
    { key: TAG.tier, value: 'tier-1' },
  ];
  const cluster = (await ecs.createCluster({ clusterName: 'tier-1-cell-1-ig-1-acme', tags: ecsTags })).cluster!;
  // The roles do not exist: moto (like AWS at registration) does not check them.
  const td = (
    await ecs.registerTaskDefinition({
      family: 'tier-1-cell-1-ig-1-acme',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      taskRoleArn: 'arn:aws:iam::123456789012:role/tier-1-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/tier-1-exec',
      containerDefinitions: [
        {
          name: 'app',
          image: 'public.ecr.aws/nginx/nginx:1.27',
          portMappings: [{ containerPort: 8080 }],
          environment: [{ name: 'TENANT_ID', value: 'acme' }],
        },
      ],
      tags: ecsTags,
    })
  ).taskDefinition!;
  const service = (
    await ecs.createService({
      cluster: cluster.clusterName!,
      serviceName: 'acme',
      taskDefinition: td.taskDefinitionArn!,
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [...net.subnetIds], securityGroups: [net.securityGroupId] } },
      loadBalancers: [{ targetGroupArn: tg1.TargetGroupArn!, containerName: 'app', containerPort: 8080 }],
      tags: ecsTags,
    })
  ).service!;

  const clusters = await ecs.describeClusters([cluster.clusterName!, 'no-such-cluster']);
  assert.deepEqual(clusters.found.map((c) => c.clusterName), ['tier-1-cell-1-ig-1-acme']);
  assert.equal(clusters.failures.length, 1);
  const services = await ecs.describeServices(cluster.clusterName!, ['acme']);
  assert.equal(services.found[0]?.loadBalancers?.[0]?.targetGroupArn, tg1.TargetGroupArn);
  assert.deepEqual(await ecs.listServices(cluster.clusterName!), [service.serviceArn]);
  assert.deepEqual(await ecs.listTaskDefinitions({ familyPrefix: 'tier-1-cell-1-ig-1-acme' }), [td.taskDefinitionArn]);
  const described = await ecs.describeTaskDefinition('tier-1-cell-1-ig-1-acme');
  assert.equal(described.taskDefinition?.revision, 1);

  await ecs.updateService({ cluster: cluster.clusterName!, service: 'acme', desiredCount: 2 });
  await ecs.tagResource(service.serviceArn!, [{ key: TAG.tenant, value: 'acme' }]);
  const serviceTags = await ecs.listTagsForResource(service.serviceArn!);
  assert.ok(serviceTags.some((t) => t.key === TAG.tenant && t.value === 'acme'));

  const owned = await tagging.getResources({ tagFilters: [{ Key: TAG.tier, Values: ['tier-1'] }] });
  const arns = owned.map((r) => r.ResourceARN!);
  assert.ok(arns.includes(cluster.clusterArn!), 'the ECS cluster is found by tag');
  assert.ok(arns.includes(tg1.TargetGroupArn!), 'the target group is found by tag');
  const clustersOnly = await tagging.getResources({ tagFilters: [{ Key: TAG.tier, Values: ['tier-1'] }], resourceTypes: ['ecs:cluster'] });
  assert.deepEqual(clustersOnly.map((r) => r.ResourceARN), [cluster.clusterArn]);

  await ecs.deleteService({ cluster: cluster.clusterName!, service: 'acme', force: true });
  await ecs.deregisterTaskDefinition(td.taskDefinitionArn!);
  await ecs.deleteCluster(cluster.clusterName!);

  assert.deepEqual(countsOf('ecs'), {
    CreateCluster: 1,
    RegisterTaskDefinition: 1,
    CreateService: 1,
    DescribeClusters: 1,
    DescribeServices: 1,
    ListServices: 1,
    ListTaskDefinitions: 1,
    DescribeTaskDefinition: 1,
    UpdateService: 1,
    TagResource: 1,
    ListTagsForResource: 1,
    DeleteService: 1,
    DeregisterTaskDefinition: 1,
    DeleteCluster: 1,
  });
  assert.deepEqual(countsOf('tagging'), { GetResources: 2 });
});
