// The ALB's rule choice as `tiered verify` simulates it (docs/design.md §11.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstMatch, ruleMatches } from '../../../src/verify/rule-match.js';

const req = { host: 'Acme.Tier-1.example.com', path: '/acme/orders', headers: { 'x-tenant-id': 'ACME' } };

test('host names and header values match without case, paths with it; * and ? are wildcards; values OR, conditions AND', () => {
  assert.equal(ruleMatches({ priority: 1, conditions: { hostHeader: ['acme.tier-1.example.com'] } }, req), true);
  assert.equal(ruleMatches({ priority: 1, conditions: { hostHeader: ['*.tier-1.example.com'] } }, req), true);
  assert.equal(ruleMatches({ priority: 1, conditions: { pathPattern: ['/ACME/*'] } }, req), false);
  assert.equal(ruleMatches({ priority: 1, conditions: { pathPattern: ['/beta', '/acme/*'] } }, req), true);
  assert.equal(ruleMatches({ priority: 1, conditions: { pathPattern: ['/acm?/*'] } }, req), true);
  assert.equal(ruleMatches({ priority: 1, conditions: { httpHeader: { name: 'X-Tenant-Id', values: ['acme'] } } }, req), true);
  assert.equal(ruleMatches({ priority: 1, conditions: { httpHeader: { name: 'X-Other', values: ['acme'] } } }, req), false);
  assert.equal(ruleMatches({ priority: 1, conditions: { hostHeader: ['acme.tier-1.example.com'], pathPattern: ['/beta/*'] } }, req), false);
  // Regular-expression characters in a pattern are literal.
  assert.equal(ruleMatches({ priority: 1, conditions: { hostHeader: ['acme+tier-1.example.com'] } }, { ...req, host: 'acmeetier-1.example.com' }), false);
});

test('the lowest priority that matches wins, whatever the order rules are listed in', () => {
  const rules = [
    { priority: 7, conditions: { pathPattern: ['/acme/*'] }, name: 'acme' },
    { priority: 3, conditions: { pathPattern: ['/*'] }, name: 'catch-all' },
    { priority: 1, conditions: { pathPattern: ['/beta/*'] }, name: 'beta' },
  ];
  assert.equal(firstMatch(rules, req)?.name, 'catch-all');
  assert.equal(firstMatch(rules.filter((r) => r.name !== 'catch-all'), req)?.name, 'acme');
  assert.equal(firstMatch(rules.filter((r) => r.name === 'beta'), req), undefined);
});
