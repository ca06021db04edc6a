import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageToken, planPage, PAGE_RULES, type SlicedList } from '../../../src/local/proxy/page-sizes.js';
import { slicePage } from '../../../src/local/proxy/page-slices.js';
import type { RawRequest, RecognisedRequest } from '../../../src/local/proxy/types.js';

const TARGET_GROUPS = PAGE_RULES.elbv2!['DescribeTargetGroups'] as SlicedList;

const group = (n: number) =>
  `<member><TargetGroupName>tg-${n}</TargetGroupName><LoadBalancerArns><member>arn:lb/${n}</member><member>arn:lb/x</member></LoadBalancerArns></member>`;
const xml = (n: number, tail = '') =>
  `<DescribeTargetGroupsResponse><DescribeTargetGroupsResult><TargetGroups>${Array.from({ length: n }, (_, i) => group(i)).join('')}</TargetGroups>${tail}</DescribeTargetGroupsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>`;

test('an XML page keeps whole top-level members (their nested members too) and adds the next marker', () => {
  const first = slicePage(xml(5, '<NextMarker/>'), { rule: TARGET_GROUPS, offset: 0, size: 2 });
  assert.equal(first, `<DescribeTargetGroupsResponse><DescribeTargetGroupsResult><TargetGroups>${group(0)}${group(1)}</TargetGroups><NextMarker>${pageToken(2)}</NextMarker></DescribeTargetGroupsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>`);
  const last = slicePage(xml(5), { rule: TARGET_GROUPS, offset: 4, size: 2 });
  assert.equal(last, xml(5).replace(/<TargetGroups>.*<\/TargetGroups>/, `<TargetGroups>${group(4)}</TargetGroups>`));
});

test('a JSON page keeps its slice and carries the next token only while more follow', () => {
  const rule = PAGE_RULES.ecs!['ListServices'] as SlicedList;
  const body = JSON.stringify({ serviceArns: ['a', 'b', 'c'] });
  assert.deepEqual(JSON.parse(slicePage(body, { rule, offset: 0, size: 2 })), { serviceArns: ['a', 'b'], nextToken: pageToken(2) });
  assert.deepEqual(JSON.parse(slicePage(body, { rule, offset: 2, size: 2 })), { serviceArns: ['c'] });
});

const call = (service: RecognisedRequest['service'], operation: string): RecognisedRequest => ({
  service,
  operation,
  accessKeyId: undefined,
  region: 'us-east-1',
  mutating: false,
  resource: undefined,
});
const json = (body: unknown): RawRequest => ({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });

test('GetResources named by ResourcesPerPage alone is forwarded without moto\'s tag bound; with TagsPerPage, as asked', () => {
  const lifted = planPage(call('tagging', 'GetResources'), json({ ResourcesPerPage: 100 }));
  assert.ok('request' in lifted);
  assert.deepEqual(JSON.parse(lifted.request.body), { ResourcesPerPage: 100, TagsPerPage: Number.MAX_SAFE_INTEGER });
  const asked = json({ ResourcesPerPage: 100, TagsPerPage: 200 });
  assert.deepEqual(planPage(call('tagging', 'GetResources'), asked), { request: asked });
});

test('ListServices without maxResults pages by 10; a token not the proxy\'s is refused', () => {
  const plan = planPage(call('ecs', 'ListServices'), json({ cluster: 'c' }));
  assert.ok('request' in plan && plan.slice !== undefined);
  assert.deepEqual([plan.slice.offset, plan.slice.size], [0, 10]);
  const refused = planPage(call('ecs', 'ListServices'), json({ cluster: 'c', nextToken: 'moto-token' }));
  assert.ok('refusal' in refused && refused.refusal.code === 'InvalidParameterException');
});

test('ListResourceRecordSets asking more than 300 is forwarded asking 300', () => {
  const plan = planPage(call('route53', 'ListResourceRecordSets'), { method: 'GET', url: '/2013-04-01/hostedzone/Z1/rrset?maxitems=1000&name=a.', headers: {}, body: '' });
  assert.ok('request' in plan);
  assert.equal(plan.request.url, '/2013-04-01/hostedzone/Z1/rrset?maxitems=300&name=a.');
});
