// The proxy's TestDNSAnswer, which moto lacks (docs/aws-behaviour.md §14): answered from the
// zone's records, the heaviest weighted one, an alias by its target's name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsQuestion, recordSetsPath, testDnsAnswerXml } from '../../../src/local/proxy/test-dns-answer.js';

const alias = (set: string, weight: number, target: string) =>
  `<ResourceRecordSet><Name>acme.example.com.</Name><Type>A</Type><SetIdentifier>${set}</SetIdentifier><Weight>${weight}</Weight><AliasTarget><HostedZoneId>Z1</HostedZoneId><DNSName>${target}</DNSName><EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>`;
const listing = (records: string) => `<ListResourceRecordSetsResponse><ResourceRecordSets>${records}</ResourceRecordSets></ListResourceRecordSetsResponse>`;

test('the question comes from the query string, and is asked of moto as a record listing of that name', () => {
  const q = dnsQuestion('/2013-04-01/testdnsanswer?hostedzoneid=Z123&recordname=acme.example.com&recordtype=A');
  assert.deepEqual(q, { zoneId: 'Z123', name: 'acme.example.com', type: 'A' });
  assert.ok(q !== undefined);
  assert.equal(recordSetsPath(q), '/2013-04-01/hostedzone/Z123/rrset?name=acme.example.com&type=A&maxitems=300');
  assert.equal(dnsQuestion('/2013-04-01/testdnsanswer?recordname=x'), undefined);
});

test('the heaviest weighted alias answers with its target; weight 0 never; another name is NXDOMAIN', () => {
  const q = { zoneId: 'Z1', name: 'acme.example.com', type: 'A' };
  const xml = testDnsAnswerXml(listing(alias('tiered:cell-1/ig-1', 10, 'lb-1.elb.local.') + alias('tiered:cell-1/ig-2', 90, 'lb-2.elb.local.')), q);
  assert.match(xml, /<RecordData><RecordDataEntry>lb-2\.elb\.local\.<\/RecordDataEntry><\/RecordData><ResponseCode>NOERROR<\/ResponseCode>/);
  assert.match(testDnsAnswerXml(listing(alias('a', 0, 'lb-1.elb.local.')), q), /<ResponseCode>NXDOMAIN<\/ResponseCode>/);
  assert.match(testDnsAnswerXml(listing(alias('a', 1, 'lb-1.elb.local.')), { ...q, name: 'other.example.com' }), /NXDOMAIN/);
});
