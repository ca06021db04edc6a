import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ruleBody } from '../../../src/live/elbv2-specs.js';
import { ruleOwnerNeeded, scopeRoutes, splitRules } from '../../../src/live/rules-to-tag.js';
import type { RuleTagScope } from '../../../src/live/rules-to-tag.js';
import type { LiveBody } from '../../../src/live/tags.js';
import { tenant, tier } from '../../support/topology-fixtures.js';

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/lb/1/2';
const NEW_TG = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/newco-1/1';
const OTHER_TG = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/t001-1/1';

/** A rule as DescribeRules gives it, through the same body builder observe uses. */
function rule(priority: number, conditions: Rule['Conditions'], targetGroup = OTHER_TG): LiveBody {
  const body = ruleBody(
    {
      RuleArn: `${LISTENER.replace(':listener/', ':listener-rule/')}/r${priority}`,
      Priority: String(priority),
      Conditions: conditions,
      Actions: [{ Type: 'forward', TargetGroupArn: targetGroup }],
    },
    LISTENER, {}, '111111111111',
  );
  assert.ok(body !== undefined);
  return body;
}
const path = (...values: string[]) => [{ Field: 'path-pattern', PathPatternConfig: { Values: values } }];

const pathScope: RuleTagScope = { routes: scopeRoutes(tier(), [tenant('newco')]), targetGroups: new Set([NEW_TG]) };

test('the routes of a scope are its tenants\' rule conditions, per the tier\'s routing; tenants of other tiers have none', () => {
  assert.deepEqual(scopeRoutes(tier(), [tenant('newco'), tenant('elsewhere', 1, {}, 'tier-2')]), [{ pathPattern: ['/newco', '/newco/*'] }]);
  assert.deepEqual(scopeRoutes(tier('tier-1', { match: 'host' }), [tenant('newco')]), [{ hostHeader: ['newco.tier-1.us-east-1.example.com'] }]);
  assert.deepEqual(scopeRoutes(tier('tier-1', { match: 'header', header: 'x-tenant' }), [tenant('newco')]), [{ httpHeader: { name: 'x-tenant', values: ['newco'] } }]);
});

test('a rule forwarding to a scoped tenant\'s target group needs its owner, whatever its conditions', () => {
  assert.equal(ruleOwnerNeeded(rule(3, path('/renamed/*'), NEW_TG), pathScope), true);
});

test('a rule whose conditions could route a scoped tenant\'s requests needs its owner (it may be a conflict)', () => {
  assert.equal(ruleOwnerNeeded(rule(9, path('/newco/*')), pathScope), true);
  const hostScope: RuleTagScope = { routes: scopeRoutes(tier('tier-1', { match: 'host' }), [tenant('newco')]), targetGroups: new Set() };
  assert.equal(ruleOwnerNeeded(rule(9, [{ Field: 'host-header', HostHeaderConfig: { Values: ['NEWCO.tier-1.us-east-1.example.com'] } }]), hostScope), true);
});

test('a rule that neither forwards to the scope nor routes its requests needs no owner', () => {
  assert.equal(ruleOwnerNeeded(rule(1, path('/t001', '/t001/*')), pathScope), false);
  assert.equal(ruleOwnerNeeded(rule(2, [{ Field: 'host-header', HostHeaderConfig: { Values: ['newco.example.com'] } }]), pathScope), false);
});

test('a full pass ties every rule: nothing is left as a bare priority', () => {
  const rules = [rule(1, path('/t001/*')), rule(2, path('/t002/*'))];
  assert.deepEqual(splitRules(rules, new Map(), undefined), { toTag: rules, occupied: [] });
});

test('a scoped pass ties the rules it needs and those the sweep tagged; the rest are priorities on their listener', () => {
  const others = Array.from({ length: 30 }, (_, i) => rule(i + 1, path(`/t${i}`, `/t${i}/*`)));
  const swept = rule(40, path('/t040/*'));
  const rival = rule(41, path('/newco/*'));
  const own = rule(42, path('/newco', '/newco/*'), NEW_TG);
  const split = splitRules([...others, swept, rival, own], new Map([[swept.aws.arn as string, {}]]), pathScope);
  assert.deepEqual(split.toTag.map((r) => r.spec['priority']), [40, 41, 42]);
  assert.deepEqual(split.occupied, others.map((_, i) => ({ listenerArn: LISTENER, priority: i + 1 })));
});
