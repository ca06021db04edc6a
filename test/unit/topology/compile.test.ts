import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { DesiredResource } from '../../../src/desired/topology/resource.js';
import { TAG } from '../../../src/desired/tags.js';
import { clusterName, loadBalancerName } from '../../../src/desired/naming.js';
import { keyFromTags } from '../../../src/desired/topology/keys.js';
import { parseOwnershipTxt } from '../../../src/desired/topology/dns-ownership.js';
import { ALARMS, placeAll, smallSet, tenant, tier } from '../../support/topology-fixtures.js';

function byKey(resources: readonly DesiredResource[], key: string): DesiredResource {
  const r = resources.find((x) => x.key === key);
  assert.ok(r, `no resource ${key}`);
  return r;
}

const set = smallSet([tenant('tenant-a', 2), tenant('tenant-b', 1, { autoscaling: { minCapacity: 1, maxCapacity: 4, cpuTarget: 60, memoryTarget: 70 } })]);
const topo = compileTopology(set, placeAll(set), NO_HINTS, { instanceId: 'ci' });

test('every infra group gets an ALB, a listener, an endpoint per downstream and a tier record', () => {
  for (const ig of ['ig-1', 'ig-2']) {
    const lb = byKey(topo.resources, `loadBalancer:tier-1/cell-1/${ig}`);
    assert.equal(lb.spec['name'], loadBalancerName({ tier: 'tier-1', cell: 'cell-1', infraGroup: ig }));
    assert.deepEqual(lb.spec['subnets'], { lookup: 'subnets', account: '111111111111', region: 'us-east-1', name: `tier-1-cell-1-${ig}-private` });
    const l = byKey(topo.resources, `listener:tier-1/cell-1/${ig}`);
    assert.equal(l.spec['protocol'], 'HTTPS');
    assert.match(JSON.stringify(l.spec['defaultAction']), /"statusCode":"404".*\{tenant\}\.tier-1\.us-east-1\.example\.com/);
    byKey(topo.resources, `endpoint:tier-1/cell-1/${ig}/cache`);
    byKey(topo.resources, `dnsRecord:tier-1/cell-1/${ig}`);
  }
});

test('a tenant gets a target group, an ECS cluster and a service per cluster', () => {
  const tg = byKey(topo.resources, 'targetGroup:tier-1/cell-1/ig-1/tenant-a/2');
  assert.deepEqual(tg.spec, {
    name: 'tenant-a-2-0db76556da',
    protocol: 'HTTP', port: 8080, targetType: 'ip',
    vpcId: { lookup: 'vpc', account: '111111111111', region: 'us-east-1', name: 'tier-1-cell-1-ig-1' },
    healthCheck: { protocol: 'HTTP', path: '/healthz' },
    deregistrationDelay: 30,
  });
  assert.equal(byKey(topo.resources, 'ecsCluster:tier-1/cell-1/ig-1/tenant-a/2').spec['name'], 'tier-1-cell-1-ig-1-tenant-a-2');
  assert.equal(clusterName({ tier: 'tier-1', cell: 'cell-1', infraGroup: 'ig-1', tenant: 'tenant-a', index: 1 }), 'tier-1-cell-1-ig-1-tenant-a');
  const svc = byKey(topo.resources, 'ecsService:tier-1/cell-1/ig-1/tenant-a/2');
  assert.equal(svc.spec['launchType'], 'FARGATE');
  assert.equal(svc.spec['desiredCount'], 2);
  assert.deepEqual(svc.spec['loadBalancer'], {
    targetGroupArn: { ref: 'targetGroup:tier-1/cell-1/ig-1/tenant-a/2', attr: 'arn' }, containerName: 'app', containerPort: 8080,
  });
  assert.deepEqual(svc.identity.parent, { ref: 'ecsCluster:tier-1/cell-1/ig-1/tenant-a/2', attr: 'arn' });
});

test('an autoscaled service leaves desiredCount out of its spec', () => {
  const svc = byKey(topo.resources, 'ecsService:tier-1/cell-1/ig-1/tenant-b/1');
  assert.equal('desiredCount' in svc.spec, false);
});

test('the task definition carries the tier environment, TENANT_ID, TIER_ID, REGION and role ARNs of the cell account, and logs to the tier group under the tenant prefix', () => {
  const td = byKey(topo.resources, 'taskDefinition:tier-1/cell-1/ig-1/tenant-a');
  assert.equal(td.spec['family'], 'tier-1-cell-1-ig-1-tenant-a');
  assert.equal(td.spec['taskRoleArn'], 'arn:aws:iam::111111111111:role/tier-1-task');
  assert.equal(td.spec['executionRoleArn'], 'arn:aws:iam::111111111111:role/tier-1-exec');
  const container = td.spec['container'] as Record<string, unknown>;
  assert.deepEqual(container['environment'], { CACHE_ENDPOINT: 'cache.tier-1.internal', REGION: 'us-east-1', TENANT_ID: 'tenant-a', TIER_ID: 'tier-1' });
  assert.equal(container['name'], 'app');
  assert.deepEqual(container['logConfiguration'], {
    logDriver: 'awslogs',
    options: { 'awslogs-group': '/tiered/tier-1', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'tenant-a' },
  });
  assert.deepEqual(td.dependsOn, ['logGroup:tier-1/cell-1/*']);
});

test('each cell of a tier gets one log group, first, with the tier retention, tagged without an infra group', () => {
  const groups = topo.resources.filter((r) => r.kind === 'log-group');
  assert.deepEqual(groups.map((g) => g.key), ['logGroup:tier-1/cell-1/*']);
  assert.equal(topo.resources[0]?.kind, 'log-group');
  const g = groups[0];
  assert.deepEqual(g?.spec, { name: '/tiered/tier-1', retentionInDays: 30, deleteWithTier: false });
  assert.deepEqual(g?.identity, { name: '/tiered/tier-1' });
  assert.deepEqual(g?.tags, {
    'tiered.dev/managed-by': 'ci', 'tiered.dev/resource': 'log-group', 'tiered.dev/tier': 'tier-1', 'tiered.dev/cell': 'cell-1',
  });
  assert.equal(keyFromTags('log-group', g?.tags ?? {}), g?.key);
});

test('the listener rule forwards to all the tenant target groups with equal weights', () => {
  const rule = byKey(topo.resources, 'listenerRule:tier-1/cell-1/ig-1/tenant-a');
  assert.deepEqual(rule.spec['forward'], [
    { targetGroupArn: { ref: 'targetGroup:tier-1/cell-1/ig-1/tenant-a/1', attr: 'arn' }, weight: 1 },
    { targetGroupArn: { ref: 'targetGroup:tier-1/cell-1/ig-1/tenant-a/2', attr: 'arn' }, weight: 1 },
  ]);
  assert.deepEqual(rule.spec['conditions'], { pathPattern: ['/tenant-a', '/tenant-a/*'] });
});

test('host and header routing match the tenant endpoint and the configured header', () => {
  for (const [routing, expected] of [
    [{ match: 'host' }, { hostHeader: ['tenant-a.tier-1.us-east-1.example.com'] }],
    [{ match: 'header', header: 'X-Tenant-Id' }, { httpHeader: { name: 'X-Tenant-Id', values: ['tenant-a'] } }],
  ] as const) {
    const s = smallSet([tenant('tenant-a')], tier('tier-1', routing));
    const rule = byKey(compileTopology(s, placeAll(s), NO_HINTS).resources, 'listenerRule:tier-1/cell-1/ig-1/tenant-a');
    assert.deepEqual(rule.spec['conditions'], expected);
  }
});

test('tier endpoint records carry the infra group weight; tenant records one per hosting infra group', () => {
  const tierRecord = byKey(topo.resources, 'dnsRecord:tier-1/cell-1/ig-2');
  assert.deepEqual(tierRecord.spec, {
    name: 'tier-1.us-east-1.example.com', type: 'A', setIdentifier: 'tiered:cell-1/ig-2', weight: 30,
    alias: {
      dnsName: { ref: 'loadBalancer:tier-1/cell-1/ig-2', attr: 'dnsName' },
      hostedZoneId: { ref: 'loadBalancer:tier-1/cell-1/ig-2', attr: 'canonicalHostedZoneId' },
      evaluateTargetHealth: true,
    },
  });
  const s = smallSet([tenant('tenant-a')]);
  const migrating = compileTopology(s, placeAll(s, { 'tenant-a': ['ig-1', 'ig-2'] }), NO_HINTS).resources;
  const records = migrating.filter((r) => r.kind === 'dns-record' && r.owner.tenant === 'tenant-a');
  assert.deepEqual(records.map((r) => [r.spec['name'], r.spec['setIdentifier']]), [
    ['tenant-a.tier-1.us-east-1.example.com', 'tiered:cell-1/ig-1'],
    ['tenant-a.tier-1.us-east-1.example.com', 'tiered:cell-1/ig-2'],
  ]);
});

test('each record has an ownership TXT beside it that names the record owner', () => {
  const txt = byKey(topo.resources, 'dnsOwnership:tier-1/cell-1/ig-1/tenant-a');
  assert.equal(txt.spec['name'], '_tiered.tenant-a.tier-1.us-east-1.example.com');
  assert.equal(txt.spec['setIdentifier'], 'tiered:cell-1/ig-1');
  assert.equal(
    txt.spec['value'],
    '"heritage=tiered,tiered.dev/managed-by=ci,tiered.dev/resource=dns-record,tiered.dev/tier=tier-1,tiered.dev/cell=cell-1,tiered.dev/infra-group=ig-1,tiered.dev/tenant=tenant-a"',
  );
  const tags = parseOwnershipTxt(String(txt.spec['value']));
  assert.ok(tags);
  assert.equal(keyFromTags('dns-record', tags), 'dnsRecord:tier-1/cell-1/ig-1/tenant-a');
  assert.equal(keyFromTags('dns-ownership', tags), txt.key);
});

test('tags name the owner and the instance, and rebuild the key', () => {
  const tg = byKey(topo.resources, 'targetGroup:tier-1/cell-1/ig-1/tenant-a/2');
  assert.deepEqual(tg.tags, {
    [TAG.managedBy]: 'ci', [TAG.resource]: 'target-group', [TAG.tier]: 'tier-1', [TAG.cell]: 'cell-1',
    [TAG.infraGroup]: 'ig-1', [TAG.tenant]: 'tenant-a', [TAG.clusterIndex]: '2',
  });
  for (const r of topo.resources) assert.equal(keyFromTags(r.kind, r.tags), r.key, r.key);
});

test('every resource comes after the resources it depends on', () => {
  const seen = new Set<string>();
  for (const r of topo.resources) {
    for (const d of r.dependsOn) assert.ok(seen.has(d), `${r.key} before ${d}`);
    seen.add(r.key);
  }
});

test('the same inputs compile to the same topology', () => {
  assert.deepEqual(compileTopology(set, placeAll(set), NO_HINTS, { instanceId: 'ci' }), topo);
});

test('an ALB with loadBalancerArn is adopted, not specified', () => {
  const s = smallSet([]);
  const arn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/existing/abc';
  const adopted = { ...s, infraGroups: s.infraGroups.map((g) => (g.name === 'ig-1' ? { ...g, spec: { ...g.spec, loadBalancerArn: arn } } : g)) };
  const lb = byKey(compileTopology(adopted, placeAll(adopted), NO_HINTS).resources, 'loadBalancer:tier-1/cell-1/ig-1');
  assert.equal(lb.adopt, true);
  assert.equal(lb.identity.arn, arn);
  assert.deepEqual(lb.spec, {});
});

test('an autoscaled tenant cluster gets one scalable target and two target-tracking policies after its service, which starts at minCapacity', () => {
  const keys = topo.resources.map((r) => r.key);
  const target = byKey(topo.resources, 'scalableTarget:tier-1/cell-1/ig-1/tenant-b/1');
  assert.deepEqual(target.spec, {
    resourceId: 'service/tier-1-cell-1-ig-1-tenant-b/tenant-b', scalableDimension: 'ecs:service:DesiredCount', minCapacity: 1, maxCapacity: 4,
  });
  assert.deepEqual(target.dependsOn, ['ecsService:tier-1/cell-1/ig-1/tenant-b/1']);
  assert.ok(keys.indexOf(target.key) > keys.indexOf('ecsService:tier-1/cell-1/ig-1/tenant-b/1'));
  const cpu = byKey(topo.resources, 'scalingPolicy:tier-1/cell-1/ig-1/tenant-b/1/cpu');
  const memory = byKey(topo.resources, 'scalingPolicy:tier-1/cell-1/ig-1/tenant-b/1/memory');
  assert.deepEqual(cpu.spec, { policyName: 'tiered-cpu', resourceId: 'service/tier-1-cell-1-ig-1-tenant-b/tenant-b', metric: 'ECSServiceAverageCPUUtilization', targetValue: 60 });
  assert.deepEqual(memory.spec, { policyName: 'tiered-memory', resourceId: 'service/tier-1-cell-1-ig-1-tenant-b/tenant-b', metric: 'ECSServiceAverageMemoryUtilization', targetValue: 70 });
  assert.deepEqual(cpu.dependsOn, [target.key]);
  assert.deepEqual(byKey(topo.resources, 'ecsService:tier-1/cell-1/ig-1/tenant-b/1').createWith, { desiredCount: 1 });
  // A tenant without autoscaling has none, and its service's count is compared.
  assert.equal(keys.some((k) => k.startsWith('scalableTarget:tier-1/cell-1/ig-1/tenant-a')), false);
  assert.equal(byKey(topo.resources, 'ecsService:tier-1/cell-1/ig-1/tenant-a/1').createWith, undefined);
});

test('a tenant cluster gets the reference alarms: names, thresholds, dimensions and actions by severity', () => {
  const alarmed = smallSet([tenant('tenant-c', 1, { latencyBaselineMs: 200 }, 'tier-1', ALARMS)]);
  const resources = compileTopology(alarmed, placeAll(alarmed), NO_HINTS, { instanceId: 'ci' }).resources.filter((r) => r.kind === 'alarm');
  const at = 'tier-1/cell-1/ig-1/tenant-c/1';
  assert.deepEqual(resources.map((r) => r.key), ['memory-warning', 'memory-critical', 'latency', 'target-5xx', 'unhealthy-hosts'].map((id) => `alarm:${at}/${id}`));
  const by = (id: string) => byKey(resources, `alarm:${at}/${id}`);
  const warn = ['arn:aws:sns:us-east-1:111111111111:warn'];
  const page = ['arn:aws:sns:us-east-1:111111111111:page'];
  const service = { ClusterName: 'tier-1-cell-1-ig-1-tenant-c', ServiceName: 'tenant-c' };
  const tg = { TargetGroup: { ref: `targetGroup:${at}`, attr: 'arn' }, LoadBalancer: { ref: 'loadBalancer:tier-1/cell-1/ig-1', attr: 'arn' } };
  const common = { periodSeconds: 60, evaluationPeriods: 5, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching' };
  assert.deepEqual(by('memory-warning').spec, {
    name: `ci/${at}/memory-warning`, namespace: 'AWS/ECS', metricName: 'MemoryUtilization', statistic: 'Average', dimensions: service, threshold: 70, actions: warn, ...common,
  });
  assert.deepEqual(by('memory-critical').spec['threshold'], 85);
  assert.deepEqual(by('memory-critical').spec['actions'], page);
  assert.deepEqual(by('latency').spec, {
    name: `ci/${at}/latency`, namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', statistic: 'Average', dimensions: tg, threshold: 0.4, actions: warn, ...common,
  });
  assert.deepEqual([by('target-5xx').spec['metricName'], by('target-5xx').spec['statistic'], by('target-5xx').spec['threshold'], by('target-5xx').spec['actions']], ['HTTPCode_Target_5XX_Count', 'Sum', 10, page]);
  assert.deepEqual([by('unhealthy-hosts').spec['metricName'], by('unhealthy-hosts').spec['threshold']], ['UnHealthyHostCount', 0]);
  assert.deepEqual(by('latency').tags, {
    'tiered.dev/managed-by': 'ci', 'tiered.dev/resource': 'alarm', 'tiered.dev/tier': 'tier-1', 'tiered.dev/cell': 'cell-1', 'tiered.dev/infra-group': 'ig-1',
    'tiered.dev/tenant': 'tenant-c', 'tiered.dev/cluster-index': '1', 'tiered.dev/alarm': 'latency',
  });
  for (const r of resources) assert.equal(keyFromTags('alarm', r.tags), r.key);
  // Alarms off: none.
  assert.equal(topo.resources.some((r) => r.kind === 'alarm'), false);
});
