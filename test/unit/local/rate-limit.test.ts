import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter, TokenBucket } from '../../../src/local/proxy/rate-limit.js';

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

test('a token bucket allows a burst, then refuses until tokens refill', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(5, 5, clock.now);
  for (let i = 0; i < 5; i += 1) assert.equal(bucket.tryTake(), true);
  assert.equal(bucket.tryTake(), false);
  clock.advance(199);
  assert.equal(bucket.tryTake(), false);
  clock.advance(1);
  assert.equal(bucket.tryTake(), true);
});

test('a token bucket never holds more than its burst', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(10, 2, clock.now);
  clock.advance(60_000);
  assert.equal(bucket.tryTake(), true);
  assert.equal(bucket.tryTake(), true);
  assert.equal(bucket.tryTake(), false);
});

test('a token bucket refuses a non-positive rate', () => {
  assert.throws(() => new TokenBucket(0, 1, () => 0), /rate must be > 0/);
});

test('rate limits are kept per account', () => {
  const limiter = new RateLimiter(fakeClock().now);
  limiter.set([{ service: 'route53', ratePerSecond: 1, burst: 1 }]);
  const call = { service: 'route53' as const, operation: 'GetChange', account: '111111111111' };
  assert.equal(limiter.check(call), undefined);
  assert.ok(limiter.check(call));
  assert.equal(limiter.check({ ...call, account: '222222222222' }), undefined);
});

test('a rule naming an operation limits only that operation, other services pass', () => {
  const limiter = new RateLimiter(fakeClock().now);
  limiter.set([{ service: 'elbv2', operation: 'DescribeRules', ratePerSecond: 1, burst: 1 }]);
  const call = { service: 'elbv2' as const, operation: 'DescribeRules', account: 'a' };
  assert.equal(limiter.check(call), undefined);
  assert.ok(limiter.check(call));
  assert.equal(limiter.check({ ...call, operation: 'DescribeListeners' }), undefined);
  assert.equal(limiter.check({ ...call, service: 'ecs' }), undefined);
});
