import { test } from 'node:test';
import assert from 'node:assert/strict';
import { infraGroupKeyString, placeableOf } from '../../src/desired/model.js';

test('an infra group key prints as tier/cell/infraGroup', () => {
  assert.equal(infraGroupKeyString({ tier: 't', cell: 'c', infraGroup: 'ig' }), 't/c/ig');
});

test('what new placements may fill is the limit less the headroom, rounded down', () => {
  assert.equal(placeableOf(100, 10), 90);
  assert.equal(placeableOf(50, 15), 42); // 42.5
  assert.equal(placeableOf(5, 90), 0);
  assert.equal(placeableOf(100, 0), 100);
});
