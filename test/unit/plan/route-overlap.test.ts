import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routesOverlap } from '../../../src/plan/route-overlap.js';

test('rules sharing a path pattern overlap; path patterns are case-sensitive', () => {
  assert.equal(routesOverlap({ pathPattern: ['/a', '/a/*'] }, { pathPattern: ['/a/*'] }), true);
  assert.equal(routesOverlap({ pathPattern: ['/a/*'] }, { pathPattern: ['/A/*'] }), false);
});

test('rules sharing a host name overlap whatever its case', () => {
  assert.equal(routesOverlap({ hostHeader: ['a.tier-1.example.com'] }, { hostHeader: ['A.Tier-1.example.com'] }), true);
  assert.equal(routesOverlap({ hostHeader: ['a.tier-1.example.com'] }, { hostHeader: ['b.tier-1.example.com'] }), false);
});

test('header rules overlap only on the same header name and a shared value', () => {
  const ours = { httpHeader: { name: 'X-Tenant-Id', values: ['a'] } };
  assert.equal(routesOverlap(ours, { httpHeader: { name: 'x-tenant-id', values: ['a', 'b'] } }), true);
  assert.equal(routesOverlap(ours, { httpHeader: { name: 'X-Other', values: ['a'] } }), false);
  assert.equal(routesOverlap(ours, { httpHeader: { name: 'X-Tenant-Id', values: ['b'] } }), false);
});

test('rules on different fields do not overlap', () => {
  assert.equal(routesOverlap({ pathPattern: ['/a/*'] }, { hostHeader: ['/a/*'] }), false);
});
