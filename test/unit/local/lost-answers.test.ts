import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LostAnswerPlan, type LosableCall, type LostAnswerRule } from '../../../src/local/proxy/lost-answers.js';

const create: LosableCall = {
  service: 'elbv2',
  operation: 'CreateTargetGroup',
  account: '123456789012',
  mutating: true,
  url: '/',
  body: 'Action=CreateTargetGroup&Name=a',
};

function plan(rules: readonly LostAnswerRule[], seed = 1): LostAnswerPlan {
  const p = new LostAnswerPlan(seed);
  p.set(rules);
  return p;
}

test('first attempt only: each distinct call loses its answer once, its retries get theirs', () => {
  const p = plan([{ how: 'server-error', firstAttemptOnly: true }]);
  assert.equal(p.decide(create), 'server-error');
  assert.equal(p.decide(create), undefined, 'the retry (same body) is answered');
  assert.equal(p.decide({ ...create, body: 'Action=CreateTargetGroup&Name=b' }), 'server-error', 'another call loses its first answer');
  assert.equal(p.decide({ ...create, account: '210987654321' }), 'server-error', 'the same call in another account is another call');
});

test('reads keep their answers unless a rule asks for them', () => {
  const read = { ...create, operation: 'DescribeTargetGroups', mutating: false };
  assert.equal(plan([{ how: 'drop' }]).decide(read), undefined);
  assert.equal(plan([{ how: 'drop', mutatingOnly: false }]).decide(read), 'drop');
});

test('a rule matches by service, operation and account, and stops after times', () => {
  assert.equal(plan([{ how: 'drop', service: 'ecs' }]).decide(create), undefined);
  assert.equal(plan([{ how: 'drop', operation: 'DeleteRule' }]).decide(create), undefined);
  const twice = plan([{ how: 'drop', times: 2 }]);
  assert.deepEqual([1, 2, 3].map(() => twice.decide(create)), ['drop', 'drop', undefined]);
});

test('the same seed replays the same losses; a probability loses about that share', () => {
  const draws = (seed: number) => {
    const p = plan([{ how: 'server-error', probability: 0.3 }], seed);
    return Array.from({ length: 2000 }, () => p.decide(create) ?? '-');
  };
  assert.deepEqual(draws(5), draws(5));
  assert.notDeepEqual(draws(5), draws(6));
  const lost = draws(5).filter((d) => d !== '-').length;
  assert.ok(lost > 500 && lost < 700, `lost ${lost} of 2000`);
});

test('a rule with an unknown way of losing or a probability outside 0..1 is refused', () => {
  assert.throws(() => plan([{ how: 'vanish' as 'drop' }]), /how must be one of server-error, drop/);
  assert.throws(() => plan([{ how: 'drop', probability: 2 }]), /probability must be within 0\.\.1/);
});
