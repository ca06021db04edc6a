// The CloudWatch Logs operations tiered uses: the tier's log group in each cell account
// (docs/design.md §11.1). Log groups are found by name prefix, 50 a page (the API's largest
// `limit`); their tags come from the Tagging API sweep, not from here.
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient, LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { collectPages } from './paging.js';

/** AWS: DescribeLogGroups returns at most 50 groups a page. */
export const LOG_GROUPS_PAGE_SIZE = 50;

export interface LogsApi {
  /** Every log group whose name starts with `prefix`. */
  describeLogGroups(prefix: string): Promise<LogGroup[]>;
  createLogGroup(name: string, tags: Readonly<Record<string, string>>): Promise<void>;
  putRetentionPolicy(name: string, days: number): Promise<void>;
  deleteLogGroup(name: string): Promise<void>;
  /** `arn` without the `:*` DescribeLogGroups appends to it. */
  tagLogGroup(arn: string, tags: Readonly<Record<string, string>>): Promise<void>;
  listLogGroupTags(arn: string): Promise<Record<string, string>>;
}

/** The ARN a log group is tagged under: DescribeLogGroups' `arn` ends in `:*`, the tagging
 * calls want it without. */
export function logGroupTagArn(arn: string): string {
  return arn.endsWith(':*') ? arn.slice(0, -2) : arn;
}

export function logsApi(client: CloudWatchLogsClient): LogsApi {
  return {
    describeLogGroups: (prefix) =>
      collectPages<LogGroup, string>(async (nextToken) => {
        const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: LOG_GROUPS_PAGE_SIZE, nextToken }));
        return { items: out.logGroups, next: out.nextToken };
      }),
    createLogGroup: async (logGroupName, tags) => {
      await client.send(new CreateLogGroupCommand({ logGroupName, tags: { ...tags } }));
    },
    putRetentionPolicy: async (logGroupName, retentionInDays) => {
      await client.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays }));
    },
    deleteLogGroup: async (logGroupName) => {
      await client.send(new DeleteLogGroupCommand({ logGroupName }));
    },
    tagLogGroup: async (resourceArn, tags) => {
      await client.send(new TagResourceCommand({ resourceArn: logGroupTagArn(resourceArn), tags: { ...tags } }));
    },
    listLogGroupTags: async (resourceArn) => {
      const out = await client.send(new ListTagsForResourceCommand({ resourceArn: logGroupTagArn(resourceArn) }));
      return { ...(out.tags ?? {}) };
    },
  };
}
