import { test } from 'node:test';
import assert from 'node:assert/strict';
import { infraGroupKeyString } from '../../src/desired/model.js';

test('an infra group key prints as tier/cell/infraGroup', () => {
  assert.equal(infraGroupKeyString({ tier: 't', cell: 'c', infraGroup: 'ig' }), 't/c/ig');
});
