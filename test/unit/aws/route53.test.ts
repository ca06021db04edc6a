import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { absoluteName, route53Api } from '../../../src/aws/route53.js';

function setup() {
  const mock = mockClient(Route53Client);
  return { mock, api: route53Api(new Route53Client({ region: 'us-east-1' })) };
}

test('record listing follows the NextRecordName/Type/Identifier cursor, 300 per page', async () => {
  const { mock, api } = setup();
  mock
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'a.example.com.' })
    .resolves({
      ResourceRecordSets: [{ Name: 'a.example.com.', Type: 'A' }],
      IsTruncated: true,
      NextRecordName: 'b.example.com.',
      NextRecordType: 'A',
      NextRecordIdentifier: 'tiered:c1/ig1',
      MaxItems: 300,
    })
    .on(ListResourceRecordSetsCommand, { StartRecordName: 'b.example.com.' })
    .resolves({ ResourceRecordSets: [{ Name: 'b.example.com.', Type: 'A' }], IsTruncated: false, MaxItems: 300 });
  const records = await api.listResourceRecordSets('Z1', { startRecordName: 'a.example.com.' });
  assert.deepEqual(records.map((r) => r.Name), ['a.example.com.', 'b.example.com.']);
  const second = mock.commandCalls(ListResourceRecordSetsCommand)[1]?.args[0].input;
  assert.deepEqual(second, {
    HostedZoneId: 'Z1',
    MaxItems: 300,
    StartRecordName: 'b.example.com.',
    StartRecordType: 'A',
    StartRecordIdentifier: 'tiered:c1/ig1',
  });
  mock.restore();
});

test('record listing stops after the page where stopAfter first holds', async () => {
  const { mock, api } = setup();
  mock.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [{ Name: 'z.other.com.', Type: 'A' }],
    IsTruncated: true,
    NextRecordName: 'zz.other.com.',
    MaxItems: 300,
  });
  await api.listResourceRecordSets('Z1', { stopAfter: (r) => r.Name === 'z.other.com.' });
  assert.equal(mock.commandCalls(ListResourceRecordSetsCommand).length, 1);
  mock.restore();
});

test('hostedZonesNamed keeps only exact (case- and dot-insensitive) matches', async () => {
  const { mock, api } = setup();
  mock.on(ListHostedZonesByNameCommand).resolves({
    HostedZones: [
      { Id: '/hostedzone/Z1', Name: 'example.com.', CallerReference: 'a' },
      { Id: '/hostedzone/Z2', Name: 'example.org.', CallerReference: 'b' },
    ],
    IsTruncated: false,
    MaxItems: 100,
  });
  const zones = await api.hostedZonesNamed('Example.COM');
  assert.deepEqual(zones.map((z) => z.Id), ['/hostedzone/Z1']);
  assert.equal(mock.commandCalls(ListHostedZonesByNameCommand)[0]?.args[0].input.DNSName, 'example.com.');
  mock.restore();
});

test('hostedZonesNamed pages on while the page ends on the wanted name', async () => {
  const { mock, api } = setup();
  mock
    .on(ListHostedZonesByNameCommand, { HostedZoneId: undefined })
    .resolves({
      HostedZones: [{ Id: 'Z1', Name: 'example.com.', CallerReference: 'a' }],
      IsTruncated: true,
      NextDNSName: 'example.com.',
      NextHostedZoneId: 'Z2',
      MaxItems: 1,
    })
    .on(ListHostedZonesByNameCommand, { HostedZoneId: 'Z2' })
    .resolves({ HostedZones: [{ Id: 'Z2', Name: 'example.com.', CallerReference: 'b' }], IsTruncated: false, MaxItems: 1 });
  const zones = await api.hostedZonesNamed('example.com');
  assert.deepEqual(zones.map((z) => z.Id), ['Z1', 'Z2']);
  mock.restore();
});

test('absoluteName lowercases and adds the trailing dot once', () => {
  assert.equal(absoluteName('Tier-1.Example.com'), 'tier-1.example.com.');
  assert.equal(absoluteName('example.com.'), 'example.com.');
});
