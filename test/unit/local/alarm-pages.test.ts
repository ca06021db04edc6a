// The proxy pages moto's DescribeAlarms answer as CloudWatch does (docs/aws-behaviour.md §14).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageDescribeAlarms } from '../../../src/local/proxy/alarm-pages.js';

const answer = JSON.stringify({ MetricAlarms: Array.from({ length: 250 }, (_, i) => ({ AlarmName: `a${i}` })), CompositeAlarms: [] });

test('pages of MaxRecords with a NextToken until the last, which has none', () => {
  const names = (page: string) => (JSON.parse(page) as { MetricAlarms: { AlarmName: string }[] }).MetricAlarms.map((a) => a.AlarmName);
  const first = JSON.parse(pageDescribeAlarms({ MaxRecords: 100 }, answer)) as { NextToken?: string };
  assert.equal(names(pageDescribeAlarms({ MaxRecords: 100 }, answer)).length, 100);
  const second = pageDescribeAlarms({ MaxRecords: 100, NextToken: first.NextToken }, answer);
  assert.deepEqual(names(second)[0], 'a100');
  const third = JSON.parse(pageDescribeAlarms({ MaxRecords: 100, NextToken: (JSON.parse(second) as { NextToken: string }).NextToken }, answer)) as { MetricAlarms: unknown[]; NextToken?: string };
  assert.equal(third.MetricAlarms.length, 50);
  assert.equal(third.NextToken, undefined);
  // Without MaxRecords, CloudWatch's default page of 50.
  assert.equal(names(pageDescribeAlarms({}, answer)).length, 50);
});
