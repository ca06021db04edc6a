import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionTargetGroups, liveActionTargetGroups, loadBalancerArnOf } from '../../../src/local/proxy/forward-actions.js';
import { forwardActionRefusal, quotaScope } from '../../../src/local/proxy/quotas.js';
import { AWS_DEFAULT_QUOTAS } from '../../../src/local/proxy/types.js';

const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-1/50dc6c495c0c9188';
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb-1/50dc6c495c0c9188/f2f7dc8efc522ab2';
const RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/alb-1/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee';

function forward(prefix: string, groups: number, action = 1): URLSearchParams {
  const params = new URLSearchParams({ [`${prefix}.member.${action}.Type`]: 'forward' });
  for (let i = 1; i <= groups; i += 1) params.set(`${prefix}.member.${action}.ForwardConfig.TargetGroups.member.${i}.TargetGroupArn`, `tg-${i}`);
  return params;
}

test('a load balancer, listener or rule ARN leads to its load balancer', () => {
  assert.equal(loadBalancerArnOf(LB), LB);
  assert.equal(loadBalancerArnOf(LISTENER), LB);
  assert.equal(loadBalancerArnOf(RULE), LB);
  assert.equal(loadBalancerArnOf('arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1'), undefined);
});

test('the target groups of each action combine TargetGroupArn and ForwardConfig, without repeats', () => {
  const params = forward('Actions', 2);
  params.set('Actions.member.1.TargetGroupArn', 'tg-1');
  params.set('Actions.member.2.TargetGroupArn', 'tg-9');
  assert.deepEqual(
    [...actionTargetGroups(params, 'Actions')].map(([i, s]) => [i, [...s].sort()]),
    [['1', ['tg-1', 'tg-2']], ['2', ['tg-9']]],
  );
});

test('live actions list their plain and weighted target groups', () => {
  assert.deepEqual(liveActionTargetGroups({ TargetGroupArn: 'a', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'b' }] } }), ['a', 'b']);
});

test('a forward action with more than five target groups is refused, five pass', () => {
  assert.equal(forwardActionRefusal(forward('Actions', 5), 'CreateRule', AWS_DEFAULT_QUOTAS), undefined);
  const refusal = forwardActionRefusal(forward('Actions', 6), 'CreateRule', AWS_DEFAULT_QUOTAS);
  assert.equal(refusal?.code, 'ValidationError');
  assert.equal(refusal?.status, 400);
  assert.equal(forwardActionRefusal(forward('DefaultActions', 6), 'CreateListener', AWS_DEFAULT_QUOTAS)?.code, 'ValidationError');
});

test('quota-checked writes are serialised per load balancer; others are not checked', () => {
  assert.equal(quotaScope('CreateRule', new URLSearchParams({ ListenerArn: LISTENER })), LB);
  assert.equal(quotaScope('ModifyRule', new URLSearchParams({ RuleArn: RULE })), LB);
  assert.equal(quotaScope('CreateListener', new URLSearchParams({ LoadBalancerArn: LB })), LB);
  assert.equal(quotaScope('DeleteRule', new URLSearchParams({ RuleArn: RULE })), undefined);
});
