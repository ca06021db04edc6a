import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterBody, serviceBody, taskDefinitionSpec } from '../../../src/live/ecs-specs.js';
import { listenerBody, loadBalancerBody, ruleBody, targetGroupBody } from '../../../src/live/elbv2-specs.js';
import { endpointBody } from '../../../src/live/observe-endpoints.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const ACCOUNT = '111111111111';
const desired = (key: string) => {
  const set = smallSet([tenant('alpha', 2)]);
  const r = compileTopology(set, placeAll(set), NO_HINTS).resources.find((x) => x.key === key);
  assert.ok(r, key);
  return r;
};

test('a load balancer maps to name, type, scheme, sorted subnets and groups; its DNS name loses dualstack and the dot', () => {
  const body = loadBalancerBody({
    LoadBalancerName: 'lb', LoadBalancerArn: 'arn:lb', Type: 'application', Scheme: 'internal', DNSName: 'DualStack.LB-1.Elb.Amazonaws.com.',
    CanonicalHostedZoneId: 'Z1', AvailabilityZones: [{ SubnetId: 'subnet-b' }, { SubnetId: 'subnet-a' }], SecurityGroups: ['sg-1'],
  }, {}, ACCOUNT);
  assert.deepEqual(body.spec, { name: 'lb', type: 'application', scheme: 'internal', subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'] });
  assert.deepEqual(body.attrs, { arn: 'arn:lb', dnsName: 'lb-1.elb.amazonaws.com', canonicalHostedZoneId: 'Z1' });
});

test('a listener maps to the desired listener shape, named by port under its load balancer', () => {
  const d = desired('listener:tier-1/cell-1/ig-1');
  const body = listenerBody({
    ListenerArn: 'arn:l', LoadBalancerArn: 'arn:lb', Protocol: 'HTTPS', Port: 443,
    Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' }],
    DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: String((d.spec['defaultAction'] as Record<string, unknown>)['messageBody']) } }],
  }, {}, ACCOUNT);
  assert.deepEqual(body.spec, d.spec);
  assert.deepEqual(body.aws, { name: '443', arn: 'arn:l', parentArn: 'arn:lb' });
});

test('a rule maps priority to a number, conditions by field, weighted forward; the default rule is skipped', () => {
  const body = ruleBody({
    RuleArn: 'arn:r', Priority: '7', IsDefault: false,
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/alpha', '/alpha/*'] } }, { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Tenant', Values: ['alpha'] } }],
    Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'arn:tg1', Weight: 1 }, { TargetGroupArn: 'arn:tg2', Weight: 3 }] } }],
  }, 'arn:l', {}, ACCOUNT);
  assert.deepEqual(body?.spec, {
    priority: 7,
    conditions: { pathPattern: ['/alpha', '/alpha/*'], httpHeader: { name: 'X-Tenant', values: ['alpha'] } },
    forward: [{ targetGroupArn: 'arn:tg1', weight: 1 }, { targetGroupArn: 'arn:tg2', weight: 3 }],
  });
  assert.deepEqual(body?.aws, { name: '7', parentArn: 'arn:l', arn: 'arn:r' });
  assert.equal(ruleBody({ Priority: 'default', IsDefault: true }, 'arn:l', {}, ACCOUNT), undefined);
  const single = ruleBody({ Priority: '2', Conditions: [{ Field: 'host-header', Values: ['a.x'] }], Actions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }] }, 'arn:l', {}, ACCOUNT);
  assert.deepEqual(single?.spec, { priority: 2, conditions: { hostHeader: ['a.x'] }, forward: [{ targetGroupArn: 'arn:tg', weight: 1 }] });
});

test('a target group maps to the desired target group shape, its deregistration delay from the tag tiered wrote', () => {
  const d = desired('targetGroup:tier-1/cell-1/ig-1/alpha/1');
  const tg = {
    TargetGroupName: String(d.spec['name']), TargetGroupArn: 'arn:tg', Protocol: 'HTTP' as const, Port: 8080, TargetType: 'ip' as const, VpcId: 'vpc-1',
    HealthCheckProtocol: 'HTTP' as const, HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 30,
  };
  const body = targetGroupBody(tg, { 'tiered.dev/deregistration-delay': '30' }, ACCOUNT);
  assert.deepEqual(body.spec, { ...d.spec, vpcId: 'vpc-1' });
  // Without the tag (or with a bad one) the delay is unknown: drift, so tiered sets it.
  assert.equal('deregistrationDelay' in targetGroupBody(tg, {}, ACCOUNT).spec, false);
  assert.equal('deregistrationDelay' in targetGroupBody(tg, { 'tiered.dev/deregistration-delay': '3s' }, ACCOUNT).spec, false);
});

test('a cluster and a service map to the desired ECS shapes', () => {
  const dc = desired('ecsCluster:tier-1/cell-1/ig-1/alpha/2');
  assert.deepEqual(clusterBody({ clusterName: String(dc.spec['name']), clusterArn: 'arn:c' }, {}, ACCOUNT).spec, dc.spec);
  const body = serviceBody({
    serviceName: 'alpha', serviceArn: 'arn:s', clusterArn: 'arn:c', launchType: 'FARGATE', taskDefinition: 'arn:td:3', desiredCount: 2,
    networkConfiguration: { awsvpcConfiguration: { subnets: ['s-b', 's-a'], securityGroups: ['sg'], assignPublicIp: 'DISABLED' } },
    loadBalancers: [{ targetGroupArn: 'arn:tg', containerName: 'app', containerPort: 8080 }],
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    deployments: [{ status: 'PRIMARY', rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker', createdAt: new Date('2026-11-30T12:00:00Z') }],
    events: [{ message: '(service alpha) failed to launch a task' }, { message: 'older' }],
  }, {}, ACCOUNT);
  assert.deepEqual(body.rollout, { state: 'FAILED', startedAt: '2026-11-30T12:00:00.000Z', reason: 'circuit breaker', event: '(service alpha) failed to launch a task', running: 0, desired: 2 });
  assert.deepEqual(body.spec, {
    name: 'alpha', launchType: 'FARGATE', taskDefinition: 'arn:td:3', desiredCount: 2,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    network: { subnets: ['s-a', 's-b'], securityGroups: ['sg'], assignPublicIp: 'DISABLED' },
    loadBalancer: { targetGroupArn: 'arn:tg', containerName: 'app', containerPort: 8080 },
  });
  assert.equal(body.aws.parentArn, 'arn:c');
});

test('a described task definition maps to exactly the desired spec (numbers for cpu and memory, env as a record)', () => {
  const d = desired('taskDefinition:tier-1/cell-1/ig-1/alpha');
  const c = d.spec['container'] as Record<string, unknown>;
  const spec = taskDefinitionSpec({
    family: String(d.spec['family']), requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '1024', memory: '4096',
    taskRoleArn: String(d.spec['taskRoleArn']), executionRoleArn: String(d.spec['executionRoleArn']),
    containerDefinitions: [{
      name: 'app', image: String(c['image']), cpu: 0, essential: true, portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
      environment: [{ name: 'TENANT_ID', value: 'alpha' }, { name: 'CACHE_ENDPOINT', value: 'cache.tier-1.internal' }, { name: 'REGION', value: 'us-east-1' }, { name: 'TIER_ID', value: 'tier-1' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-stream-prefix': 'alpha', 'awslogs-region': 'us-east-1', 'awslogs-group': '/tiered/tier-1' } },
    }],
  });
  assert.deepEqual(spec, d.spec);
});

test('an endpoint is named by its Name tag; deleted ones hold nothing', () => {
  const body = endpointBody({
    VpcEndpointId: 'vpce-1', VpcEndpointType: 'Interface', ServiceName: 'svc', VpcId: 'vpc-1', State: 'Available',
    SubnetIds: ['s-b', 's-a'], Groups: [{ GroupId: 'sg-1' }], Tags: [{ Key: 'Name', Value: 'tier-1-cell-1-ig-1-cache' }],
  }, ACCOUNT);
  assert.deepEqual(body?.spec, { type: 'Interface', serviceName: 'svc', vpcId: 'vpc-1', subnetIds: ['s-a', 's-b'], securityGroupIds: ['sg-1'] });
  assert.deepEqual(body?.aws, { name: 'tier-1-cell-1-ig-1-cache', id: 'vpce-1' });
  assert.equal(endpointBody({ VpcEndpointId: 'vpce-2', State: 'Deleted' }, ACCOUNT), undefined);
});
