// Issue 11, bug 1: long (valid) tier, cell, infra group and tenant names make an ownership TXT
// value longer than 255 characters. Route 53 refuses such a string (the proxy answers as it
// does), so the value goes out as several strings and is read back joined; and a batch Route 53
// refuses is halved until the bad change stands alone, not replayed one change at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, assertInSync, withEngineAws } from '../../support/engine-harness.js';
import { manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

// DNS labels of 50 to 60 characters: valid names whose ownership value is 362 characters.
const TIER = `tier-${'t'.repeat(45)}`;
const CELL = `cell-${'c'.repeat(45)}`;
const IG = `ig-${'i'.repeat(47)}`;
const tenant = (n: number): string => `tenant-${n}-${'n'.repeat(51)}`;

function longNamed(tenants: number): ManifestSet {
  const b = manifestSet().tier(TIER).cell(TIER, CELL).infraGroup(TIER, CELL, IG);
  for (let n = 1; n <= tenants; n++) b.tenant(tenant(n));
  return b.build();
}

test('a tier of long names gets its DNS: ownership TXT values over 255 characters go out as strings of at most 255 and are read back as ours', async () => {
  const set = longNamed(3);
  assert.deepEqual((await bootstrapLocalAws(set, factory())).unresolvable, []);
  await applyConverged(set, factory());

  const dns = aws.clients().route53;
  const zoneId = (await dns.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }))).HostedZones![0]!.Id!;
  const records = (await dns.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];
  const ownership = records.filter((r) => r.Type === 'TXT' && r.Name?.startsWith('_tiered.'));
  assert.equal(ownership.length, 4, 'the tier endpoint and three tenants');
  for (const r of ownership) {
    const value = r.ResourceRecords?.[0]?.Value ?? '';
    const strings = [...value.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(strings.length >= 2, value);
    assert.ok(strings.every((s) => s.length <= 255), value);
    assert.match(strings.join(''), new RegExp(`^heritage=tiered,.*tiered.dev/infra-group=${IG}`));
  }
  assert.equal(records.filter((r) => r.Type === 'A').length, 4);
  // Not one change was refused on the way: no batch had to be taken apart.
  assert.equal(aws.proxy.count({ operation: 'ChangeResourceRecordSets', outcome: 'error' }), 0);
  await assertInSync(set, factory());
});
