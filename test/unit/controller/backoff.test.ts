import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jitteredIntervalMs, retryDelayMs } from '../../../src/controller/backoff.js';
import type { BackoffPolicy } from '../../../src/controller/backoff.js';
import { seededRandom } from '../../support/seeded-random.js';

const policy: BackoffPolicy = { baseMs: 1_000, throttlingBaseMs: 5_000, capMs: 300_000, jitter: 0.2 };
const noJitter: BackoffPolicy = { ...policy, jitter: 0 };
const always = (value: number) => () => value;

test('transient failures double the delay from the base, up to the cap', () => {
  const delays = [1, 2, 3, 4, 5, 9, 10, 30].map((n) => retryDelayMs(noJitter, 'transient', n, always(0.5)));
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 256_000, 300_000, 300_000]);
});

test('throttled passes back off from the longer throttling base', () => {
  const delays = [1, 2, 3].map((n) => retryDelayMs(noJitter, 'throttling', n, always(0.5)));
  assert.deepEqual(delays, [5_000, 10_000, 20_000]);
});

test('a terminal error gets no retry delay at all', () => {
  assert.equal(retryDelayMs(policy, 'terminal', 1, always(0.5)), undefined);
});

test('jitter keeps every delay within [d·(1−jitter), d] and never above the cap', () => {
  const random = seededRandom(42);
  for (let failures = 1; failures <= 20; failures += 1) {
    const nominal = Math.min(policy.capMs, policy.baseMs * 2 ** (failures - 1));
    for (let draw = 0; draw < 50; draw += 1) {
      const delay = retryDelayMs(policy, 'transient', failures, random);
      assert.ok(delay !== undefined && delay >= nominal * 0.8 && delay <= nominal, `${failures}: ${delay}`);
    }
  }
});

test('jitter spreads the delays of tiers that failed together', () => {
  const random = seededRandom(7);
  const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(policy, 'transient', 3, random)));
  assert.ok(delays.size > 10, `only ${delays.size} distinct delays`);
});

test('the resync interval varies by at most ±jitter of itself', () => {
  const random = seededRandom(1);
  const intervals = Array.from({ length: 200 }, () => jitteredIntervalMs(600_000, 0.1, random));
  assert.ok(intervals.every((ms) => ms >= 540_000 && ms <= 660_000));
  assert.ok(Math.min(...intervals) < 560_000 && Math.max(...intervals) > 640_000, 'jitter uses its range');
});
