import { test } from 'node:test';
import assert from 'node:assert/strict';
import { specHash, stableJson } from '../../../src/desired/topology/spec-hash.js';

test('the hashed text writes objects as [key, value] pairs sorted by key, at every depth', () => {
  assert.equal(
    stableJson({ b: 1, a: ['x"y', { z: true, c: {} }], d: [] }),
    '[["a",["x\\"y",[["c",[]],["z",true]]]],["b",1],["d",[]]]',
  );
});

test('the spec hash is the same whatever the field order, and is the one live task definitions carry', () => {
  assert.equal(specHash({ family: 'f', cpu: '256' }), specHash({ cpu: '256', family: 'f' }));
  // Pinned (sha256 of [["cpu","256"],["family","f"]]): a hash that changed would make every
  // live task definition look drifted.
  assert.equal(specHash({ family: 'f', cpu: '256' }), '6ab030a3395b056e');
});
