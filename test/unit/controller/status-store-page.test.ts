// What /status carries for the status page (docs/status.md): where each tenant is placed, each
// tenant's resources (a scoped pass replaces its tenants' only), and whether AWS can be read.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import type { TenantSummary } from '../../../src/desired/topology/tenant-summary.js';

const AT = new Date('2026-01-02T03:04:05.000Z');
const store = (): StatusStore => new StatusStore(undefined, () => AT);
const ig = (name: string) => ({ tier: 'tier-1', cell: 'cell-1', infraGroup: name });

function summary(tenant: string, infraGroup = 'tier-1/cell-1/ig-1'): TenantSummary {
  return { tenant, tier: 'tier-1', infraGroups: [infraGroup], clusters: [{ name: `c-${tenant}`, infraGroup }], services: [], targetGroups: [], rules: [], dnsRecords: [] };
}

test('placements are listed per tier by tenant name, with their infra groups as key strings', () => {
  const s = store();
  s.setPlacement('tier-1', [], [], [
    { tenant: 'wonka', tier: 'tier-1', infraGroups: [ig('ig-2'), ig('ig-1')], origin: 'live' },
    { tenant: 'acme', tier: 'tier-1', infraGroups: [ig('ig-1')], origin: 'new' },
    { tenant: 'other', tier: 'tier-2', infraGroups: [{ tier: 'tier-2', cell: 'cell-1', infraGroup: 'ig-1' }], origin: 'new' },
  ]);
  assert.deepEqual(s.snapshot().tiers['tier-1']?.placement.placements, [
    { tenant: 'acme', infraGroups: ['tier-1/cell-1/ig-1'], origin: 'new' },
    { tenant: 'wonka', infraGroups: ['tier-1/cell-1/ig-2', 'tier-1/cell-1/ig-1'], origin: 'live' },
  ]);
});

test('a full pass replaces the tier\'s tenant resources; a scoped pass only its tenants\'', () => {
  const s = store();
  s.setTenantSummaries('tier-1', [summary('acme'), summary('hooli')]);
  assert.equal(s.tenantSummary('hooli')?.clusters[0]?.name, 'c-hooli');
  s.setTenantSummaries('tier-1', [summary('acme', 'tier-1/cell-1/ig-2')], ['acme', 'hooli']);
  assert.deepEqual(s.tenantSummary('acme')?.infraGroups, ['tier-1/cell-1/ig-2']);
  assert.equal(s.tenantSummary('hooli'), undefined, 'a scoped tenant without resources is forgotten');
  s.setTenantSummaries('tier-1', [summary('initech')]);
  assert.equal(s.tenantSummary('acme'), undefined, 'a full pass replaces all');
  s.setTiers([]);
  assert.equal(s.tenantSummary('initech'), undefined, 'a tier that left forgets its tenants');
});

test('a pass that could not read live state makes AWS unreadable until the tier\'s next pass succeeds', () => {
  const s = store();
  s.recordPass('tier-1', 'failed', 10, {}, { revision: 'r1', errors: ['cell cell-1: ServiceUnavailable: try later'], unreadable: true });
  assert.deepEqual(s.snapshot().aws, {
    readable: false,
    problems: [{ tier: 'tier-1', message: 'cell cell-1: ServiceUnavailable: try later', at: AT.toISOString() }],
  });
  s.recordPass('tier-1', 'failed', 10, {}, { revision: 'r1', errors: ['CreateRule: PriorityInUse'] });
  assert.deepEqual(s.snapshot().aws, { readable: true, problems: [] }, 'an apply failure is not a read failure');
});

test('a call that got no answer makes AWS unreadable until any call succeeds', () => {
  const s = store();
  s.recordAwsCall('elbv2', 'DescribeRules', 'not-found');
  s.recordAwsCall('elbv2', 'DescribeRules', 'throttling');
  assert.equal(s.snapshot().aws.readable, true, 'AWS answered: not found, throttled');
  s.recordAwsCall('dynamodb', 'UpdateItem', 'transient');
  const { aws } = s.snapshot();
  assert.equal(aws.readable, false);
  assert.match(aws.problems[0]?.message ?? '', /^dynamodb UpdateItem got no answer from AWS/);
  s.recordAwsCall('sts', 'GetCallerIdentity', 'ok');
  assert.equal(s.snapshot().aws.readable, true);
});

test('AWS gone for good is never readable', () => {
  const s = store();
  s.setAwsGone('local AWS (moto) exited');
  assert.equal(s.snapshot().aws.readable, false);
});
