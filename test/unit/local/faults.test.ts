import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultPlan } from '../../../src/local/proxy/faults.js';
import type { FaultRule } from '../../../src/local/proxy/types.js';

const call = { service: 'ecs' as const, operation: 'CreateService', account: '123456789012' };

function decisions(seed: number, rules: readonly FaultRule[], n: number): string[] {
  const plan = new FaultPlan(seed);
  plan.set(rules);
  return Array.from({ length: n }, () => {
    const d = plan.decide(call);
    return `${d.error?.kind ?? '-'}:${d.delayMs}`;
  });
}

test('the same seed replays the same fault decisions', () => {
  const rules: FaultRule[] = [
    { service: 'ecs', kind: 'throttle', probability: 0.3 },
    { kind: 'latency', probability: 0.5, latencyMs: 10, jitterMs: 20 },
  ];
  assert.deepEqual(decisions(42, rules, 50), decisions(42, rules, 50));
  assert.notDeepEqual(decisions(42, rules, 50), decisions(43, rules, 50));
});

test('a probability fires on about that share of calls', () => {
  const fired = decisions(7, [{ kind: 'throttle', probability: 0.25 }], 2000).filter((d) => d.startsWith('throttle')).length;
  assert.ok(fired > 400 && fired < 600, `fired ${fired} of 2000`);
});

test('a rule with times fires only that many times', () => {
  assert.deepEqual(decisions(1, [{ kind: 'server-error', times: 2 }], 4), ['server-error:0', 'server-error:0', '-:0', '-:0']);
});

test('a rule for another service, operation or account does not fire', () => {
  for (const rule of [
    { service: 'ec2', kind: 'throttle' },
    { operation: 'ListClusters', kind: 'throttle' },
    { account: '222222222222', kind: 'throttle' },
  ] as const) {
    assert.deepEqual(decisions(1, [rule], 1), ['-:0'], JSON.stringify(rule));
  }
});

test('latency adds a fixed delay plus jitter below its bound, and the first error rule wins', () => {
  const plan = new FaultPlan(3);
  plan.set([
    { kind: 'latency', latencyMs: 100, jitterMs: 50 },
    { kind: 'unavailable' },
    { kind: 'throttle' },
  ]);
  const d = plan.decide(call);
  assert.ok(d.delayMs >= 100 && d.delayMs < 150);
  assert.equal(d.error?.kind, 'unavailable');
});

test('a probability outside 0..1 is refused', () => {
  assert.throws(() => new FaultPlan(1).set([{ kind: 'throttle', probability: 2 }]), /probability must be within 0..1/);
});
