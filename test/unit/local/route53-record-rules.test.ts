// The proxy's Route 53 rules, pure: a batch read change by change against the zone's records
// (at most 100 weighted records of a name and type; an alias into the zone needs its target
// first), and TestDNSAnswer following aliases into the zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesOf, namesToRead, recordRulesRefusal, recordSetsOf, type ChangeFacts, type RecordSetFacts } from '../../../src/local/proxy/route53-record-rules.js';
import { resolveAnswer, type DnsQuestion } from '../../../src/local/proxy/test-dns-answer.js';

const weighted = (name: string, id: string): RecordSetFacts => ({ name, type: 'A', setIdentifier: id, weighted: true });
const change = (action: string, r: RecordSetFacts): ChangeFacts => ({ action, ...r });

test('a change batch and a listing are read as Route 53 writes them', () => {
  const body = '<ChangeBatch><Changes><Change><Action>CREATE</Action><ResourceRecordSet><Name>Tier-1.Example.com</Name><Type>A</Type><SetIdentifier>tiered:cell-1</SetIdentifier><Weight>3</Weight>'
    + '<AliasTarget><HostedZoneId>/hostedzone/Z1</HostedZoneId><DNSName>cell-1.cells.tier-1.example.com</DNSName><EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet></Change>'
    + '<Change><Action>DELETE</Action><ResourceRecordSet><Name>x.example.com.</Name><Type>TXT</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>"v"</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>';
  assert.deepEqual(changesOf(body), [
    { action: 'CREATE', name: 'tier-1.example.com.', type: 'A', setIdentifier: 'tiered:cell-1', weighted: true, alias: { hostedZoneId: 'Z1', dnsName: 'cell-1.cells.tier-1.example.com.' } },
    { action: 'DELETE', name: 'x.example.com.', type: 'TXT', setIdentifier: undefined, weighted: false, alias: undefined },
  ]);
  assert.deepEqual(namesToRead('Z1', changesOf(body)), ['tier-1.example.com.', 'cell-1.cells.tier-1.example.com.']);
  assert.deepEqual(namesToRead('Z2', changesOf(body)), ['tier-1.example.com.'], 'an alias into another zone (an ALB\'s) needs no read');
  assert.equal(recordSetsOf('<ListResourceRecordSetsResponse><ResourceRecordSets><ResourceRecordSet><Name>a.example.com.</Name><Type>A</Type><SetIdentifier>s</SetIdentifier><Weight>1</Weight></ResourceRecordSet></ResourceRecordSets></ListResourceRecordSetsResponse>').length, 1);
});

test('weighted records of a name: 100 pass, a 101st is refused, one out and one in pass; other names and types count apart', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => weighted('e.', `s${i}`));
  assert.equal(recordRulesRefusal('Z1', [change('CREATE', weighted('e.', 's99'))], hundred.slice(0, 99)), undefined);
  const refused = recordRulesRefusal('Z1', [change('CREATE', weighted('e.', 'new'))], hundred);
  assert.equal(refused?.code, 'InvalidChangeBatch');
  assert.match(refused?.message ?? '', /name='e\.', type='A', set-identifier='new'.*100 weighted records/);
  assert.equal(recordRulesRefusal('Z1', [change('DELETE', weighted('e.', 's0')), change('CREATE', weighted('e.', 'new'))], hundred), undefined);
  // Checked as the batch goes: the create first would hold 101 for a moment.
  assert.notEqual(recordRulesRefusal('Z1', [change('CREATE', weighted('e.', 'new')), change('DELETE', weighted('e.', 's0'))], hundred), undefined);
  assert.equal(recordRulesRefusal('Z1', [change('CREATE', weighted('f.', 'new')), change('CREATE', { ...weighted('e.', 'new'), type: 'TXT' })], hundred), undefined);
  assert.equal(recordRulesRefusal('Z1', [change('UPSERT', weighted('e.', 's5'))], hundred), undefined, 'an UPSERT of a record held adds none');
});

test('an alias into the zone needs its target before the batch; into another zone, nothing is checked', () => {
  const toCell = (zone: string) => change('CREATE', { ...weighted('tier.', 'tiered:cell-1'), alias: { hostedZoneId: zone, dnsName: 'cell-1.cells.tier.' } });
  const refused = recordRulesRefusal('/hostedzone/Z1', [toCell('Z1')], []);
  assert.equal(refused?.message, "[Tried to create an alias that targets cell-1.cells.tier., type A in zone Z1, but it doesn't exist.]");
  assert.notEqual(recordRulesRefusal('Z1', [change('CREATE', weighted('cell-1.cells.tier.', 's')), toCell('Z1')], []), undefined, 'made in the same batch is too late');
  assert.equal(recordRulesRefusal('Z1', [toCell('Z1')], [weighted('cell-1.cells.tier.', 'tiered:cell-1/ig-1')]), undefined);
  assert.equal(recordRulesRefusal('Z1', [toCell('ZALB')], []), undefined);
  assert.notEqual(recordRulesRefusal('Z1', [toCell('Z1')], [{ ...weighted('cell-1.cells.tier.', 's'), type: 'TXT' }]), undefined, 'a target of another type is none');
});

const listing = (records: string[]) => `<ListResourceRecordSetsResponse><ResourceRecordSets>${records.join('')}</ResourceRecordSets></ListResourceRecordSetsResponse>`;
const aliasXml = (name: string, id: string, weight: number, zone: string, target: string) =>
  `<ResourceRecordSet><Name>${name}</Name><Type>A</Type><SetIdentifier>${id}</SetIdentifier><Weight>${weight}</Weight><AliasTarget><HostedZoneId>${zone}</HostedZoneId><DNSName>${target}</DNSName><EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>`;

test('TestDNSAnswer follows an alias into the zone to the ALB; a cell that answers nothing is passed over', async () => {
  const zone: Record<string, string> = {
    'tier.example.com': listing([aliasXml('tier.example.com.', 'tiered:cell-1', 90, 'Z1', 'cell-1.cells.tier.example.com.'), aliasXml('tier.example.com.', 'tiered:cell-2', 10, 'Z1', 'cell-2.cells.tier.example.com.')]),
    'cell-1.cells.tier.example.com.': listing([]),
    'cell-2.cells.tier.example.com.': listing([aliasXml('cell-2.cells.tier.example.com.', 'tiered:cell-2/ig-1', 1, 'ZALB', 'lb-2.elb.local.')]),
  };
  const asked: string[] = [];
  const list = async (q: DnsQuestion) => {
    asked.push(q.name);
    return zone[q.name] ?? listing([]);
  };
  assert.deepEqual(await resolveAnswer({ zoneId: 'Z1', name: 'tier.example.com', type: 'A' }, list), ['lb-2.elb.local.']);
  assert.deepEqual(asked, ['tier.example.com', 'cell-1.cells.tier.example.com.', 'cell-2.cells.tier.example.com.']);
  assert.equal(await resolveAnswer({ zoneId: 'Z1', name: 'cell-1.cells.tier.example.com.', type: 'A' }, list), undefined);
});
