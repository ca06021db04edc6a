// A tenant cluster's CloudWatch metric alarm (docs/design.md §11.3). PutMetricAlarm creates or
// replaces an alarm by name, so a create first makes sure the name is free or already ours (a
// lost answer): putting over someone else's alarm would replace it. Tags go with the create
// (CloudWatch ignores them when the alarm exists); an update puts the whole alarm again.
import type { Dimension, PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { isAwsError } from '../../aws/errors.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import type { Attrs } from '../attr-store.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { liveArn, provesOurs, ReconcileError, specToSend, tagList } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { num, obj, str, strs } from '../resolved-fields.js';

/** The resource part of an ELB ARN, as CloudWatch's dimensions take it: `targetgroup/{name}/{id}`
 * for a target group, `app/{name}/{id}` for a load balancer. */
export function elbDimensionValue(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith('loadbalancer/') ? resource.slice('loadbalancer/'.length) : resource;
}

function dimensions(spec: ResolvedSpec): Dimension[] {
  const d = obj(spec, 'dimensions');
  return Object.keys(d).sort().map((Name) => {
    const value = str(d, Name);
    return { Name, Value: value.startsWith('arn:') ? elbDimensionValue(value) : value };
  });
}

export function putAlarmInput(spec: ResolvedSpec, tags?: Readonly<Record<string, string>>): PutMetricAlarmCommandInput {
  return {
    AlarmName: str(spec, 'name'),
    Namespace: str(spec, 'namespace'),
    MetricName: str(spec, 'metricName'),
    Statistic: str(spec, 'statistic') as PutMetricAlarmCommandInput['Statistic'],
    Dimensions: dimensions(spec),
    Period: num(spec, 'periodSeconds'),
    EvaluationPeriods: num(spec, 'evaluationPeriods'),
    Threshold: num(spec, 'threshold'),
    ComparisonOperator: str(spec, 'comparisonOperator') as PutMetricAlarmCommandInput['ComparisonOperator'],
    TreatMissingData: str(spec, 'treatMissingData'),
    ActionsEnabled: true,
    AlarmActions: strs(spec, 'actions'),
    ...(tags !== undefined ? { Tags: tagList(tags) } : {}),
  };
}

async function put(env: ActionEnv, spec: ResolvedSpec, tags?: Readonly<Record<string, string>>): Promise<Attrs> {
  await env.mutate(() => env.clients.cloudwatch.putMetricAlarm(putAlarmInput(spec, tags)));
  return {};
}

/** Refuses a create over an alarm of that name that is not ours. */
async function nameIsFreeOrOurs(env: ActionEnv, desired: DesiredResource, name: string): Promise<void> {
  const [found] = await env.read(() => env.clients.cloudwatch.describeAlarms([name]));
  if (found?.AlarmArn === undefined) return;
  const arn = found.AlarmArn;
  const tags = await env.read(() => env.clients.cloudwatch.listAlarmTags(arn));
  if (!provesOurs(tags, desired, env.instanceId)) throw new ReconcileError('AlarmExists', `alarm ${name} exists and is not ours`);
}

export const alarmReconciler: Reconciler = {
  async create(env, desired) {
    const spec = specToSend(env.store, desired);
    await nameIsFreeOrOurs(env, desired, str(spec, 'name'));
    return put(env, spec, desired.tags);
  },
  async update(env, action) {
    return put(env, specToSend(env.store, action.desired));
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.cloudwatch.tagAlarm(arn, action.desired.tags));
    return put(env, specToSend(env.store, action.desired));
  },
  async delete(env, action) {
    try {
      await env.mutate(() => env.clients.cloudwatch.deleteAlarms([action.live.aws.name]));
    } catch (err) {
      if (!isAwsError(err, 'ResourceNotFound')) throw err;
    }
  },
};
