import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { route53Api } from '../../../src/aws/route53.js';
import { formatOwnershipTxt } from '../../../src/desired/topology/dns-ownership.js';
import { dnsResources, listSubtree, pastSubtree } from '../../../src/live/observe-dns.js';

const ROOT = 'tier-1.us-east-1.example.com';
const txt = (name: string, id: string, value: string): ResourceRecordSet => ({ Name: `${name}.`, Type: 'TXT', SetIdentifier: id, Weight: 1, TTL: 300, ResourceRecords: [{ Value: value }] });
const alias = (name: string, id: string): ResourceRecordSet => ({
  Name: `${name}.`, Type: 'A', SetIdentifier: id, Weight: 50,
  AliasTarget: { DNSName: 'dualstack.LB-1.us-east-1.elb.amazonaws.com.', HostedZoneId: 'Z35', EvaluateTargetHealth: true },
});
const owner = (instance: string, tenant?: string) => ({
  'tiered.dev/managed-by': instance, 'tiered.dev/resource': 'dns-record', 'tiered.dev/tier': 'tier-1',
  'tiered.dev/cell': 'cell-1', 'tiered.dev/infra-group': 'ig-1', ...(tenant !== undefined ? { 'tiered.dev/tenant': tenant } : {}),
});

test('the subtree ends where a name outside it no longer shares the root, in label order and in moto string order', () => {
  assert.equal(pastSubtree(`a.${ROOT}`, ROOT), false);
  assert.equal(pastSubtree(`_tiered.a.${ROOT}`, ROOT), false);
  assert.equal(pastSubtree('tier-1-b.us-east-1.example.com', ROOT), false, 'a sibling sharing the prefix may sort on either side');
  assert.equal(pastSubtree('tier-2.us-east-1.example.com', ROOT), true);
  assert.equal(pastSubtree('zz.example.com', ROOT), true);
});

test('record listing starts at the endpoint and stops at the first page that leaves its subtree', async () => {
  const mock = mockClient(Route53Client);
  const api = route53Api(new Route53Client({ region: 'us-east-1' }));
  mock
    .on(ListResourceRecordSetsCommand, { StartRecordName: ROOT })
    .resolves({ ResourceRecordSets: [alias(ROOT, 'tiered:cell-1/ig-1'), alias(`a.${ROOT}`, 'tiered:cell-1/ig-1')], IsTruncated: true, NextRecordName: `b.${ROOT}.`, NextRecordType: 'A' })
    .on(ListResourceRecordSetsCommand, { StartRecordName: `b.${ROOT}.` })
    .resolves({ ResourceRecordSets: [alias(`b.${ROOT}`, 'x'), alias('tier-2.us-east-1.example.com', 'y')], IsTruncated: true, NextRecordName: 'www.example.com.' });
  const records = await listSubtree(api, 'Z1', ROOT);
  assert.deepEqual(records.map((r) => r.Name), [`${ROOT}.`, `a.${ROOT}.`, `b.${ROOT}.`]);
  assert.equal(mock.commandCalls(ListResourceRecordSetsCommand).length, 2, 'the third page is never asked for');
  mock.restore();
});

test('an alias record is ours only beside a TXT naming our instance; another instance is another owner; none is foreign', () => {
  const records = [
    alias(`a.${ROOT}`, 'tiered:cell-1/ig-1'), txt(`_tiered.a.${ROOT}`, 'tiered:cell-1/ig-1', formatOwnershipTxt(owner('tiered', 'a'))),
    alias(`b.${ROOT}`, 'tiered:cell-1/ig-1'), txt(`_tiered.b.${ROOT}`, 'tiered:cell-1/ig-1', formatOwnershipTxt(owner('other', 'b'))),
    alias(`c.${ROOT}`, 'tiered:cell-1/ig-1'),
  ];
  const live = dnsResources(records, 'tiered');
  const summary = live.map((r) => [r.kind, r.aws.name, r.ownership, r.ownership === 'foreign' ? null : r.key]);
  assert.deepEqual(summary, [
    ['dns-record', `a.${ROOT}|A|tiered:cell-1/ig-1`, 'ours', 'dnsRecord:tier-1/cell-1/ig-1/a'],
    ['dns-ownership', `_tiered.a.${ROOT}|TXT|tiered:cell-1/ig-1`, 'ours', 'dnsOwnership:tier-1/cell-1/ig-1/a'],
    ['dns-record', `b.${ROOT}|A|tiered:cell-1/ig-1`, 'other-owner', 'dnsRecord:tier-1/cell-1/ig-1/b'],
    ['dns-ownership', `_tiered.b.${ROOT}|TXT|tiered:cell-1/ig-1`, 'other-owner', 'dnsOwnership:tier-1/cell-1/ig-1/b'],
    ['dns-record', `c.${ROOT}|A|tiered:cell-1/ig-1`, 'foreign', null],
  ]);
  assert.deepEqual(live[0]?.spec, {
    name: `a.${ROOT}`, type: 'A', setIdentifier: 'tiered:cell-1/ig-1', weight: 50,
    alias: { dnsName: 'lb-1.us-east-1.elb.amazonaws.com', hostedZoneId: 'Z35', evaluateTargetHealth: true },
  });
});

test('a plain (non-alias) weighted A record at our name and SetIdentifier is read, so it can be a conflict', () => {
  const plain = { Name: `d.${ROOT}.`, Type: 'A' as const, SetIdentifier: 'tiered:cell-1/ig-1', Weight: 5, TTL: 60, ResourceRecords: [{ Value: '10.1.2.3' }] };
  const live = dnsResources([plain], 'tiered');
  assert.deepEqual(live.map((r) => [r.kind, r.aws.name, r.ownership]), [['dns-record', `d.${ROOT}|A|tiered:cell-1/ig-1`, 'foreign']]);
  assert.equal(live[0]?.spec['alias'], undefined);
});

test('a two-level endpoint: a cell\'s record is claimed by its TXT at _tiered-cells.{endpoint}, an infra group\'s at its cell name by the TXT beside it (docs/dns-tree.md)', () => {
  const cellName = `cell-1.cells.${ROOT}`;
  const top: ResourceRecordSet = {
    Name: `${ROOT}.`, Type: 'A', SetIdentifier: 'tiered:cell-1', Weight: 80,
    AliasTarget: { DNSName: `${cellName}.`, HostedZoneId: 'Z1', EvaluateTargetHealth: true },
  };
  const topTags = { 'tiered.dev/managed-by': 'tiered', 'tiered.dev/resource': 'dns-record', 'tiered.dev/tier': 'tier-1', 'tiered.dev/cell': 'cell-1', 'tiered.dev/dns-tree': 'endpoint' };
  const cellTags = { ...owner('tiered'), 'tiered.dev/dns-tree': 'cell' };
  const live = dnsResources([
    top,
    txt(`_tiered-cells.${ROOT}`, 'tiered:cell-1', formatOwnershipTxt(topTags)),
    alias(cellName, 'tiered:cell-1/ig-1'),
    txt(`_tiered.${cellName}`, 'tiered:cell-1/ig-1', formatOwnershipTxt(cellTags)),
  ], 'tiered');
  assert.deepEqual(live.map((r) => [r.kind, r.ownership, r.ownership === 'foreign' ? '' : r.key]), [
    ['dns-record', 'ours', 'dnsRecord:tier-1/cell-1/*'],
    ['dns-ownership', 'ours', 'dnsOwnership:tier-1/cell-1/*'],
    ['dns-record', 'ours', 'dnsRecord:tier-1/cell-1/ig-1/@cell'],
    ['dns-ownership', 'ours', 'dnsOwnership:tier-1/cell-1/ig-1/@cell'],
  ]);
  assert.deepEqual(live[0]?.spec['alias'], { dnsName: cellName, hostedZoneId: 'Z1', evaluateTargetHealth: true });
  // A record at the endpoint with an infra group's SetIdentifier is not claimed by a cell's TXT.
  const stray = dnsResources([alias(ROOT, 'tiered:cell-1'), txt(`_tiered-cells.${ROOT}`, 'tiered:cell-1/ig-1', formatOwnershipTxt(topTags))], 'tiered');
  assert.equal(stray[0]?.ownership, 'foreign');
});
