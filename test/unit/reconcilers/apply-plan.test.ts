import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mockClient } from 'aws-sdk-client-mock';
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateVpcEndpointCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClientFactory, AwsClients } from '../../../src/aws/clients.js';
import { ec2Api } from '../../../src/aws/ec2.js';
import { ecsApi } from '../../../src/aws/ecs.js';
import { elbv2Api } from '../../../src/aws/elbv2.js';
import { route53Api } from '../../../src/aws/route53.js';
import { logsApi } from '../../../src/aws/logs.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import type { DesiredTopology, LookupRef, SpecValue } from '../../../src/desired/topology/resource.js';
import { isLookupRef, lookupKey } from '../../../src/desired/topology/resource.js';
import type { Plan } from '../../../src/plan/action.js';
import { diff } from '../../../src/plan/diff.js';
import type { LiveState } from '../../../src/plan/live-resource.js';
import { applyPlan } from '../../../src/reconcilers/apply-plan.js';
import type { ApplyContext } from '../../../src/reconcilers/apply-types.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const config = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const ecs = mockClient(ECSClient);
const ec2 = mockClient(EC2Client);
const route53 = mockClient(Route53Client);
const logs = mockClient(CloudWatchLogsClient);

function fakeFactory(): AwsClientFactory {
  const set = {
    elbv2: elbv2Api(new ElasticLoadBalancingV2Client(config)),
    ecs: ecsApi(new ECSClient(config)),
    ec2: ec2Api(new EC2Client(config)),
    route53: route53Api(new Route53Client(config)),
    logs: logsApi(new CloudWatchLogsClient(config)),
  } as unknown as AwsClients;
  return { clients: () => set, destroy: () => undefined };
}

function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function fakeLookups(desired: DesiredTopology): Map<string, string | readonly string[]> {
  const out = new Map<string, string | readonly string[]>([['zone:us-east-1.example.com', 'Z1']]);
  const walk = (v: SpecValue): void => {
    if (isLookupRef(v)) {
      const l: LookupRef = v;
      out.set(lookupKey(l), l.lookup === 'vpc' ? 'vpc-1' : [`${l.lookup}-1`]);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object') Object.values(v).forEach((x) => walk(x as SpecValue));
  };
  desired.resources.forEach((r) => Object.values(r.spec).forEach(walk));
  return out;
}

function createPlan(): { plan: Plan; live: LiveState } {
  const set = smallSet([tenant('a')]);
  const desired = compileTopology(set, placeAll(set), NO_HINTS);
  const live: LiveState = { resources: [], lookups: fakeLookups(desired) };
  return { plan: diff(desired, live), live };
}

const ctx = (over: Partial<ApplyContext> = {}): ApplyContext => ({
  factory: fakeFactory(),
  instanceId: 'tiered',
  retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
  ...over,
});

let tgCounter = 0;
beforeEach(() => {
  for (const m of [elbv2, ecs, ec2, route53]) m.reset();
  logs.reset(); // answers {} to every call: the log group's create and retention succeed
  elbv2.on(CreateLoadBalancerCommand).callsFake((i) => ({
    LoadBalancers: [{ LoadBalancerArn: `arn:lb/${i.Name}`, DNSName: `${i.Name}.elb.local`, CanonicalHostedZoneId: 'ZLB' }],
  }));
  elbv2.on(CreateListenerCommand).resolves({ Listeners: [{ ListenerArn: 'arn:listener' }] });
  elbv2.on(CreateTargetGroupCommand).callsFake(() => ({ TargetGroups: [{ TargetGroupArn: `arn:tg/${++tgCounter}` }] }));
  elbv2.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: 'arn:rule' }] });
  ecs.on(CreateClusterCommand).resolves({ cluster: { clusterArn: 'arn:cluster' } });
  ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: 'arn:task-definition/f:1' } });
  ecs.on(CreateServiceCommand).resolves({ service: { serviceArn: 'arn:service' } });
  ec2.on(CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-1' } });
  route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: 'C1', Status: 'INSYNC', SubmittedAt: new Date() } });
});

test('a plan from nothing runs every action and converges', async () => {
  const { plan, live } = createPlan();
  const result = await applyPlan(plan, live, ctx());
  assert.deepEqual(result.outcomes.filter((o) => o.status !== 'succeeded'), []);
  assert.equal(result.converged, true);
  assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 1);
});

test('a failed create reports the AWS code and message and skips only what depends on it', async () => {
  elbv2.on(CreateTargetGroupCommand).rejects(awsError('TooManyTargetGroups', 'You have reached the maximum number of target groups'));
  const { plan, live } = createPlan();
  const result = await applyPlan(plan, live, ctx());
  const tg = result.outcomes.find((o) => o.kind === 'target-group');
  assert.equal(tg?.status, 'failed');
  assert.deepEqual(tg?.error, { code: 'TooManyTargetGroups', message: 'You have reached the maximum number of target groups' });
  const rule = result.outcomes.find((o) => o.kind === 'listener-rule');
  assert.deepEqual([rule?.status, rule?.blockedBy], ['skipped', tg?.actionId]);
  assert.equal(result.outcomes.find((o) => o.kind === 'ecs-service')?.status, 'skipped');
  assert.equal(result.outcomes.find((o) => o.kind === 'ecs-cluster')?.status, 'succeeded');
  assert.ok(result.outcomes.filter((o) => o.kind === 'load-balancer').every((o) => o.status === 'succeeded'));
  assert.equal(result.converged, false);
});

test('a transient failure is the SDK\'s to retry: tiered calls once and reports it', async () => {
  // The mock stands in for the whole SDK client, its retry strategy included: what it rejects
  // is what the SDK gives up on after its own attempts (issue 11, item 4: one retry layer).
  elbv2.on(CreateTargetGroupCommand).rejects(awsError('ServiceUnavailable', 'try later', 503));
  const { plan, live } = createPlan();
  const result = await applyPlan(plan, live, ctx());
  assert.equal(result.outcomes.find((o) => o.kind === 'target-group')?.status, 'failed');
  assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 1);
});

test('a terminal error is not retried', async () => {
  elbv2.on(CreateTargetGroupCommand).rejects(awsError('ValidationError', 'bad port'));
  const { plan, live } = createPlan();
  await applyPlan(plan, live, ctx());
  assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 1);
});

test('held actions are reported held and never executed', async () => {
  const { plan, live } = createPlan();
  const held: Plan = {
    ...plan,
    actions: plan.actions.map((a) => (a.kind === 'target-group' || a.kind === 'listener-rule' || a.kind === 'ecs-service' || (a.kind.startsWith('dns') && a.owner.tenant !== undefined)
      ? { ...a, hold: { reason: 'suspended' as const, scope: 'tenant' as const } } : a)),
  };
  const result = await applyPlan(held, live, ctx());
  assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 0);
  assert.equal(result.outcomes.find((o) => o.kind === 'target-group')?.status, 'held');
  assert.equal(result.converged, true, 'held actions do not count against convergence');
});

test('a rejected lease guard fails the action before its mutating call', async () => {
  const { plan, live } = createPlan();
  const result = await applyPlan(plan, live, ctx({
    beforeMutation: async (action) => {
      if (action.kind === 'target-group') throw Object.assign(new Error('lease lost'), { code: 'LeaseLost' });
    },
  }));
  assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 0);
  assert.deepEqual(result.outcomes.find((o) => o.kind === 'target-group')?.error, { code: 'LeaseLost', message: 'lease lost' });
});

test('the ownership TXT records go out before the aliases, each level in one batch per zone', async () => {
  const { plan, live } = createPlan();
  await applyPlan(plan, live, ctx());
  const batches = route53.commandCalls(ChangeResourceRecordSetsCommand).map((c) => c.args[0].input.ChangeBatch?.Changes?.map((x) => x.ResourceRecordSet?.Type));
  assert.deepEqual(batches.map((b) => [...new Set(b)]), [['TXT'], ['A']]);
  assert.equal(batches[1]?.length, 3, 'two tier aliases and the tenant alias in one call');
});
