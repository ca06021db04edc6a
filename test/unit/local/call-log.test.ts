import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallCounters } from '../../../src/local/proxy/counters.js';

const CALL = { service: 'ecs', operation: 'CreateCluster', account: '123456789012', status: 200, outcome: 'ok', mutating: true } as const;

test('the call log stamps each call with when it was answered, in order', () => {
  const counters = new CallCounters();
  counters.record(CALL, 1_000);
  counters.record({ ...CALL, operation: 'CreateService' }, 1_025);
  assert.deepEqual(
    counters.calls().map((c) => [c.operation, c.at]),
    [
      ['CreateCluster', 1_000],
      ['CreateService', 1_025],
    ],
  );
});

test('a call recorded without a time is stamped with the clock', () => {
  const before = Date.now();
  const entry = new CallCounters().record(CALL);
  assert.ok(entry.at >= before && entry.at <= Date.now());
});
