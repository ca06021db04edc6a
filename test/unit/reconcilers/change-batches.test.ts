import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change } from '@aws-sdk/client-route-53';
import { changeCost, packChangeBatches } from '../../../src/reconcilers/route53/change-batches.js';

const txt = (action: 'CREATE' | 'UPSERT' | 'DELETE', name: string, value = '"heritage=tiered"'): Change => ({
  Action: action,
  ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: value }] },
});
const alias = (name: string): Change => ({
  Action: 'CREATE',
  ResourceRecordSet: {
    Name: name,
    Type: 'A',
    SetIdentifier: 'tiered:cell-1/ig-1',
    Weight: 50,
    AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'lb.elb.amazonaws.com', EvaluateTargetHealth: true },
  },
});

test('an UPSERT counts twice against the batch limits', () => {
  assert.deepEqual(changeCost(txt('UPSERT', 'a.example.com', 'abc')), { records: 2, chars: 6 });
  assert.deepEqual(changeCost(txt('CREATE', 'a.example.com', 'abc')), { records: 1, chars: 3 });
});

test('an alias record counts as one element with no value characters', () => {
  assert.deepEqual(changeCost(alias('a.example.com')), { records: 1, chars: 0 });
});

test('1,500 creates go out as two requests of at most 1,000 elements', () => {
  const changes = Array.from({ length: 1500 }, (_, i) => alias(`t${i}.example.com`));
  const batches = packChangeBatches(changes);
  assert.deepEqual(batches.map((b) => b.length), [1000, 500]);
});

test('600 upserts need two requests because each counts twice', () => {
  const changes = Array.from({ length: 600 }, (_, i) => txt('UPSERT', `t${i}.example.com`, 'x'));
  assert.deepEqual(packChangeBatches(changes).map((b) => b.length), [500, 100]);
});

test('the character limit splits batches of long values', () => {
  const long = 'v'.repeat(10000);
  const changes = [txt('CREATE', 'a', long), txt('CREATE', 'b', long), txt('CREATE', 'c', long), txt('CREATE', 'd', long)];
  assert.deepEqual(packChangeBatches(changes).map((b) => b.length), [3, 1]);
});

test('changes keep their order across batches', () => {
  const changes = Array.from({ length: 5 }, (_, i) => alias(`t${i}`));
  const flat = packChangeBatches(changes, { records: 2, chars: 100 }).flat();
  assert.deepEqual(flat.map((c) => c.ResourceRecordSet?.Name), ['t0', 't1', 't2', 't3', 't4']);
});
