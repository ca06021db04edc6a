// A cell's log groups of a tier (docs/design.md §11.1): DescribeLogGroups by name prefix, for the
// name the tier wants and every name the sweep found tagged as ours (a group the tier has since
// renamed). Ownership comes from the sweep's tags, so no tag read per group; a group at the
// wanted name that the sweep did not return is someone else's (a conflict, or one to adopt).
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { LogsApi } from '../aws/logs.js';
import { logGroupTagArn } from '../aws/logs.js';
import { TAG } from '../desired/tags.js';
import type { LiveResource } from '../plan/live-resource.js';
import type { CellSite } from './observe-elbv2.js';
import type { Tags } from './tagged-index.js';
import type { LiveBody } from './tags.js';
import { tie } from './tags.js';

/** The group name in a log group ARN (`…:log-group:{name}`, with or without `:*`). */
export function logGroupNameOfArn(arn: string): string | undefined {
  const m = /:log-group:(.+?)(:\*)?$/.exec(arn);
  return m?.[1];
}

export function logGroupBody(g: LogGroup, tags: Tags, account: string): LiveBody {
  const name = g.logGroupName ?? '';
  const arn = g.logGroupArn ?? logGroupTagArn(g.arn ?? '');
  return {
    kind: 'log-group',
    account,
    aws: { name, arn },
    tags,
    // AWS leaves retentionInDays out for a group that never expires: 0 is no valid setting.
    spec: { name, retentionInDays: g.retentionInDays ?? 0, deleteWithTier: tags[TAG.deleteWithTier] === 'true' },
    attrs: { arn },
  };
}

export async function observeLogGroups(logs: LogsApi, site: CellSite, tagged: ReadonlyMap<string, Tags>, wanted: readonly string[]): Promise<LiveResource[]> {
  const tagsByName = new Map<string, Tags>();
  for (const [arn, tags] of tagged) {
    const name = logGroupNameOfArn(arn);
    if (name !== undefined) tagsByName.set(name, tags);
  }
  const names = [...new Set([...wanted, ...tagsByName.keys()])].sort();
  const out: LiveResource[] = [];
  for (const name of names) {
    for (const g of await logs.describeLogGroups(name)) {
      if (g.logGroupName !== name) continue; // a prefix also finds longer names
      out.push(tie(logGroupBody(g, tagsByName.get(name) ?? {}, site.account), site.instanceId));
    }
  }
  return out;
}
