import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaseTiming, MIN_RENEW_INTERVAL_MS } from '../../../src/controller/leases/lease-timing.js';

test('the defaults: a 30 s lease with 10 s requests renews every 8.5 s and leaves 17 s to write', () => {
  assert.deepEqual(leaseTiming({ durationMs: 30_000, requestTimeoutMs: 10_000 }), {
    durationMs: 30_000,
    requestTimeoutMs: 10_000,
    safetyMarginMs: 3_000,
    renewIntervalMs: 8_500,
    writeWindowMs: 17_000,
  });
});

test('a renewal is sent at most halfway through the write window, so a healthy holder never reaches its end', () => {
  for (const [durationMs, requestTimeoutMs] of [[15_000, 1_000], [30_000, 10_000], [6_000, 2_000], [60_000, 5_000]] as const) {
    const t = leaseTiming({ durationMs, requestTimeoutMs });
    assert.ok(t.renewIntervalMs * 2 <= t.writeWindowMs, JSON.stringify(t));
    assert.ok(t.renewIntervalMs <= durationMs / 3);
    assert.ok(t.renewIntervalMs >= MIN_RENEW_INTERVAL_MS);
  }
});

test('a lease shorter than a request plus the margin is refused', () => {
  assert.throws(() => leaseTiming({ durationMs: 15_000, requestTimeoutMs: 12_000 }), /lease duration 15000 ms must exceed the request timeout \(12000 ms\) plus the safety margin \(3000 ms\)/);
});
