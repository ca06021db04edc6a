// The CloudWatch operations tiered uses: metric alarms (docs/design.md §11.3). DescribeAlarms is
// read by name prefix, 100 a page (its largest MaxRecords), or by up to 100 names a call.
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient, MetricAlarm, PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { collectChunks, collectPages } from './paging.js';

/** AWS: DescribeAlarms returns at most 100 alarms a page, and takes at most 100 names. */
export const ALARMS_PAGE_SIZE = 100;
/** AWS: DeleteAlarms takes at most 100 names. */
export const ALARMS_PER_DELETE = 100;

export interface CloudWatchApi {
  /** Metric alarms whose names start with `prefix`. */
  describeAlarmsByPrefix(prefix: string): Promise<MetricAlarm[]>;
  /** Metric alarms by name. */
  describeAlarms(names: readonly string[]): Promise<MetricAlarm[]>;
  putMetricAlarm(input: PutMetricAlarmCommandInput): Promise<void>;
  deleteAlarms(names: readonly string[]): Promise<void>;
  listAlarmTags(arn: string): Promise<Record<string, string>>;
  tagAlarm(arn: string, tags: Readonly<Record<string, string>>): Promise<void>;
}

export function cloudWatchApi(client: CloudWatchClient): CloudWatchApi {
  const page = (filter: { AlarmNamePrefix?: string; AlarmNames?: string[] }) =>
    collectPages<MetricAlarm, string>(async (NextToken) => {
      const out = await client.send(new DescribeAlarmsCommand({ ...filter, AlarmTypes: ['MetricAlarm'], MaxRecords: ALARMS_PAGE_SIZE, NextToken }));
      return { items: out.MetricAlarms, next: out.NextToken };
    });
  return {
    describeAlarmsByPrefix: (prefix) => page({ AlarmNamePrefix: prefix }),
    describeAlarms: (names) => collectChunks(names, ALARMS_PAGE_SIZE, (chunk) => page({ AlarmNames: chunk })),
    putMetricAlarm: async (input) => {
      await client.send(new PutMetricAlarmCommand(input));
    },
    deleteAlarms: async (names) => {
      await collectChunks(names, ALARMS_PER_DELETE, async (chunk) => {
        await client.send(new DeleteAlarmsCommand({ AlarmNames: chunk }));
        return [];
      });
    },
    tagAlarm: async (ResourceARN, tags) => {
      await client.send(new TagResourceCommand({ ResourceARN, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
    },
    listAlarmTags: async (ResourceARN) => {
      const out = await client.send(new ListTagsForResourceCommand({ ResourceARN }));
      return Object.fromEntries((out.Tags ?? []).flatMap((t) => (t.Key === undefined ? [] : [[t.Key, t.Value ?? '']])));
    },
  };
}
