// moto as tiered runs it deletes one weighted record, as Route 53 does, not every record of the
// zone that shares its SetIdentifier (moto 5.2.1's own behaviour; fixed by src/local/moto-fixes.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand, type Change } from '@aws-sdk/client-route-53';
import { withLocalAws } from '../../support/local-aws.js';

const aws = withLocalAws();

const weighted = (action: Change['Action'], name: string, weight: number): Change => ({
  Action: action,
  ResourceRecordSet: { Name: name, Type: 'TXT', SetIdentifier: 'shared', Weight: weight, TTL: 60, ResourceRecords: [{ Value: '"x"' }] },
});

test('deleting a weighted record removes only that name and type, not other records with its SetIdentifier', async () => {
  const { route53 } = aws.clients();
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'weighted-delete' }));
  const HostedZoneId = zone.HostedZone!.Id!;
  const names = ['a.example.com.', 'b.example.com.'];
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes: names.map((n) => weighted('CREATE', n, 1)) } }));
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes: [weighted('DELETE', 'a.example.com.', 1)] } }));
  const left = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId }))).ResourceRecordSets ?? [];
  assert.deepEqual(left.filter((r) => r.Type === 'TXT').map((r) => r.Name), ['b.example.com.']);
});
