import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVpcEndpointInput, deleteFailure, modifyVpcEndpointInput } from '../../../src/reconcilers/ec2/interface-endpoint.js';
import { familyOfArn } from '../../../src/reconcilers/ecs/task-definition.js';
import { updateServiceInput } from '../../../src/reconcilers/ecs/service.js';
import { awsRuleConditions } from '../../../src/reconcilers/elbv2/listener-rule.js';
import { recordChange, sameRecord } from '../../../src/reconcilers/route53/records.js';
import { dnsLevels } from '../../../src/reconcilers/route53/zone-batcher.js';
import type { Action } from '../../../src/plan/action.js';
import { AttrStore } from '../../../src/reconcilers/attr-store.js';

const service = {
  taskDefinition: 'arn:td:2',
  network: { subnets: ['s-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
  loadBalancer: { targetGroupArn: 'arn:tg', containerName: 'app', containerPort: 8080 },
};

test('an UpdateService carries only the drifted fields', () => {
  assert.deepEqual(updateServiceInput('c', 's', { ...service, desiredCount: 3 }, new Set(['taskDefinition'])), {
    cluster: 'c', service: 's', taskDefinition: 'arn:td:2',
  });
  assert.equal(updateServiceInput('c', 's', service, new Set(['name'])), undefined);
});

test('an autoscaled service never gets a desiredCount, even when the field is reported drifted', () => {
  assert.equal(updateServiceInput('c', 's', service, new Set(['desiredCount'])), undefined);
});

test('endpoint subnets and security groups are modified by difference', () => {
  const desired = { subnetIds: ['s-1', 's-3'], securityGroupIds: ['sg-1'] };
  assert.deepEqual(modifyVpcEndpointInput('vpce-1', desired, { subnetIds: ['s-1', 's-2'], securityGroupIds: ['sg-1'] }), {
    VpcEndpointId: 'vpce-1', AddSubnetIds: ['s-3'], RemoveSubnetIds: ['s-2'],
  });
  assert.equal(modifyVpcEndpointInput('vpce-1', desired, desired), undefined);
});

test('an endpoint create carries a deterministic client token and our tags', () => {
  const spec = { type: 'Interface', vpcId: 'vpc-1', serviceName: 'svc', subnetIds: ['s-1'], securityGroupIds: ['sg-1'] };
  const a = createVpcEndpointInput('endpoint:k', spec, { owner: 'x' });
  assert.equal(a.ClientToken, createVpcEndpointInput('endpoint:k', spec, {}).ClientToken);
  assert.notEqual(a.ClientToken, createVpcEndpointInput('endpoint:other', spec, {}).ClientToken);
  assert.deepEqual(a.TagSpecifications, [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'owner', Value: 'x' }] }]);
});

test('a per-item delete failure is an error, a gone endpoint is not', () => {
  assert.equal(deleteFailure([{ ResourceId: 'vpce-1', Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: 'gone' } }]), undefined);
  const err = deleteFailure([{ ResourceId: 'vpce-1', Error: { Code: 'OperationNotPermitted', Message: 'no' } }]);
  assert.deepEqual([err?.code, err?.message], ['OperationNotPermitted', 'vpce-1: no']);
});

test('rule conditions per routing mode', () => {
  assert.deepEqual(awsRuleConditions({ conditions: { httpHeader: { name: 'x-tenant', values: ['a'] } } }), [
    { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-tenant', Values: ['a'] } },
  ]);
  assert.deepEqual(awsRuleConditions({ conditions: { pathPattern: ['/a', '/a/*'] } }), [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/a', '/a/*'] } }]);
});

test('the family of a task definition ARN is exact, not a prefix', () => {
  assert.equal(familyOfArn('arn:aws:ecs:us-east-1:1:task-definition/t-a:3'), 't-a');
  assert.equal(familyOfArn('arn:aws:ecs:us-east-1:1:task-definition/t-ab:1'), 't-ab');
});

test('a DNS delete uses the record exactly as it lives; an identical record matches despite dualstack', () => {
  const live = { name: 'a.example.com', type: 'A', setIdentifier: 'tiered:c/i', weight: 7, alias: { dnsName: 'lb.elb.local', hostedZoneId: 'Z', evaluateTargetHealth: true } };
  const action = { action: 'delete', live: { spec: live } } as unknown as Action;
  const change = recordChange(action, new AttrStore(new Map()));
  assert.equal(change.Action, 'DELETE');
  assert.equal(change.ResourceRecordSet?.Weight, 7);
  assert.ok(sameRecord(change.ResourceRecordSet, { ...change.ResourceRecordSet, AliasTarget: { ...change.ResourceRecordSet.AliasTarget!, DNSName: 'dualstack.lb.elb.local.' } }));
});

test('DNS levels count the DNS actions before an action on its longest path', () => {
  const a = (id: string, kind: string, dependsOn: string[] = []) => ({ id, kind, dependsOn }) as unknown as Action;
  const levels = dnsLevels([a('txt', 'dns-ownership'), a('lb', 'load-balancer'), a('rule', 'listener-rule', ['lb']), a('alias', 'dns-record', ['txt', 'rule']), a('del-txt', 'dns-ownership', ['alias'])]);
  assert.deepEqual([levels.get('txt'), levels.get('alias'), levels.get('del-txt')], [0, 1, 2]);
});
