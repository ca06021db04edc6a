// Route 53 refuses a TXT character-string over 255 characters (InvalidChangeBatch,
// CharacterStringTooLong) and takes a long value split into several strings; moto 5.2.1 takes
// both, so the proxy answers for Route 53 (src/local/proxy/route53-txt-strings.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand, type Change } from '@aws-sdk/client-route-53';
import { withLocalAws } from '../../support/local-aws.js';

const aws = withLocalAws();

const txt = (name: string, value: string): Change => ({
  Action: 'CREATE',
  ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: value }] },
});

test('a TXT string of 256 characters fails the whole batch as Route 53 does; 255 and 255+1 in two strings pass', async () => {
  const { route53 } = aws.clients({ maxAttempts: 1 });
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'txt-strings' }));
  const HostedZoneId = zone.HostedZone!.Id!;
  const long = 'x'.repeat(256);
  await assert.rejects(
    route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes: [txt('ok.example.com', '"fine"'), txt('bad.example.com', `"${long}"`)] } })),
    (err: Error & { name: string }) => {
      assert.equal(err.name, 'InvalidChangeBatch');
      assert.match(err.message, /CharacterStringTooLong \(Value is too long\)/);
      return true;
    },
  );
  const split = `"${long.slice(0, 255)}" "${long.slice(255)}"`;
  await route53.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId,
    ChangeBatch: { Changes: [txt('ok.example.com', `"${'y'.repeat(255)}"`), txt('split.example.com', split)] },
  }));
  const records = (await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId }))).ResourceRecordSets ?? [];
  const values = Object.fromEntries(records.filter((r) => r.Type === 'TXT').map((r) => [r.Name, r.ResourceRecords?.[0]?.Value]));
  assert.equal(values['split.example.com.'], split, 'the strings come back as written');
  assert.equal(values['bad.example.com.'], undefined, 'nothing of the refused batch was applied');
  assert.equal(aws.proxy.count({ operation: 'ChangeResourceRecordSets', outcome: 'error' }), 1);
});
