import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareSpecs, sameInOrder } from '../../../src/plan/compare.js';

test('values equal in structure and order are the same; an unknown desired value never is', () => {
  assert.equal(sameInOrder({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }), true);
  assert.equal(sameInOrder({ a: [1, 2] }, { a: [2, 1] }), false);
  assert.equal(sameInOrder({ a: 1 }, { a: 1, b: 2 }), false);
  assert.equal(sameInOrder({ knownAfterApply: 'k#arn' }, { knownAfterApply: 'k#arn' }), false);
});

test('arrays are compared as sets whichever path the comparison takes', () => {
  assert.deepEqual(compareSpecs({ subnets: ['a', 'b'] }, { subnets: ['b', 'a'] }), []);
  assert.deepEqual(compareSpecs({ net: { subnets: ['a', 'b'], public: false } }, { net: { public: false, subnets: ['b', 'a'] } }), []);
});

test('a nested difference is reported at its field, and an unknown value is always a change', () => {
  assert.deepEqual(compareSpecs({ net: { subnets: ['a'], public: false } }, { net: { subnets: ['a'], public: true } }), [
    { field: 'net.public', live: true, desired: false },
  ]);
  assert.deepEqual(compareSpecs({ arn: { knownAfterApply: 'k#arn' } }, { arn: 'arn:x' }), [
    { field: 'arn', live: 'arn:x', desired: { knownAfterApply: 'k#arn' } },
  ]);
});
