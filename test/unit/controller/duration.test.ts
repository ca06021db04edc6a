import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseDuration } from '../../../src/controller/duration.js';

test('durations in ms, s, m, h and compounds', () => {
  assert.equal(parseDuration('250ms', '--debounce'), 250);
  assert.equal(parseDuration('60s', '--interval'), 60_000);
  assert.equal(parseDuration('10m', '--resync'), 600_000);
  assert.equal(parseDuration('1h30m', '--resync'), 5_400_000);
  assert.equal(parseDuration('1.5s', '--interval'), 1_500);
});

test('a bare number or an unknown unit names the flag and the expected form', () => {
  for (const bad of ['60', '10 minutes', '5d', '', 's', '1m x']) {
    assert.throws(() => parseDuration(bad, '--interval'), /--interval '.*': expected a duration such as 250ms, 60s, 10m or 1h30m/, bad);
  }
});
