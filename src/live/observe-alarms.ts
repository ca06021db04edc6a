// A cell's alarms of a tier (docs/design.md §11.3): a full pass reads every alarm whose name
// carries the cell's prefix, 100 a page; a scoped pass those the sweep found for its tenants, by
// name. Ownership comes from the sweep's tags (the Tagging API lists CloudWatch alarms); an alarm
// at one of our names without them is someone else's. Dimensions are read back into the desired
// spec's shape: an ELB dimension value becomes the full ARN again (account and region are the
// alarm's own).
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchApi } from '../aws/cloudwatch.js';
import { partitionOf } from '../desired/topology/task-definitions.js';
import type { LiveResource } from '../plan/live-resource.js';
import type { CellSite } from './observe-elbv2.js';
import type { Tags } from './tagged-index.js';
import type { LiveBody } from './tags.js';
import { tie } from './tags.js';

const ELB_DIMENSIONS: Readonly<Record<string, string>> = { TargetGroup: '', LoadBalancer: 'loadbalancer/' };

/** The alarm name in an alarm ARN (`…:alarm:{name}`). */
export function alarmNameOfArn(arn: string): string | undefined {
  const i = arn.indexOf(':alarm:');
  return i < 0 ? undefined : arn.slice(i + ':alarm:'.length);
}

export function alarmBody(a: MetricAlarm, tags: Tags, account: string): LiveBody {
  const name = a.AlarmName ?? '';
  const arn = a.AlarmArn ?? '';
  const region = arn.split(':')[3] ?? '';
  const elbArn = (prefix: string, value: string) => `arn:${partitionOf(region)}:elasticloadbalancing:${region}:${account}:${prefix}${value}`;
  const dimensions = Object.fromEntries(
    (a.Dimensions ?? []).map((d) => {
      const prefix = ELB_DIMENSIONS[d.Name ?? ''];
      return [d.Name ?? '', prefix === undefined ? (d.Value ?? '') : elbArn(prefix, d.Value ?? '')];
    }),
  );
  return {
    kind: 'alarm',
    account,
    aws: { name, arn },
    tags,
    spec: {
      name,
      namespace: a.Namespace ?? '',
      metricName: a.MetricName ?? '',
      statistic: a.Statistic ?? '',
      dimensions,
      periodSeconds: a.Period ?? 0,
      evaluationPeriods: a.EvaluationPeriods ?? 0,
      threshold: a.Threshold ?? 0,
      comparisonOperator: a.ComparisonOperator ?? '',
      treatMissingData: a.TreatMissingData ?? '',
      actions: [...(a.AlarmActions ?? [])].sort(),
    },
    attrs: { arn },
    ...(a.StateValue !== undefined ? { alarmState: a.StateValue } : {}),
  };
}

export async function observeAlarms(
  cloudwatch: CloudWatchApi,
  site: CellSite,
  tagged: ReadonlyMap<string, Tags>,
  prefix: string,
  scoped: boolean,
): Promise<LiveResource[]> {
  const names = [...tagged.keys()].flatMap((arn) => alarmNameOfArn(arn) ?? []).sort();
  const found = scoped ? (names.length === 0 ? [] : await cloudwatch.describeAlarms(names)) : await cloudwatch.describeAlarmsByPrefix(prefix);
  return found.map((a) => tie(alarmBody(a, tagged.get(a.AlarmArn ?? '') ?? {}, site.account), site.instanceId));
}
