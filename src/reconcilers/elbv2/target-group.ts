// A tenant cluster's target group. The health check is fixed in place; a change of protocol,
// port, target type or VPC needs a new target group, which cannot take the same deterministic
// name while the old one lives (names are unique per account): tiered reports that instead of
// guessing a second name (see the report of this branch).
import type { CreateTargetGroupCommandInput, ModifyTargetGroupCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError } from '../../aws/errors.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import type { Attrs } from '../attr-store.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { driftedFields, liveArn, ReconcileError, required, specToSend, tagList } from '../reconciler.js';
import { elbv2InTheWay, existingOurs } from '../existing-ours.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { num, obj, str } from '../resolved-fields.js';

export function createTargetGroupInput(spec: ResolvedSpec, tags: Readonly<Record<string, string>>): CreateTargetGroupCommandInput {
  const hc = obj(spec, 'healthCheck');
  return {
    Name: str(spec, 'name'),
    Protocol: str(spec, 'protocol') as CreateTargetGroupCommandInput['Protocol'],
    Port: num(spec, 'port'),
    TargetType: str(spec, 'targetType') as CreateTargetGroupCommandInput['TargetType'],
    VpcId: str(spec, 'vpcId'),
    HealthCheckProtocol: str(hc, 'protocol') as CreateTargetGroupCommandInput['HealthCheckProtocol'],
    HealthCheckPath: str(hc, 'path'),
    Tags: tagList(tags),
  };
}

export function modifyHealthCheckInput(arn: string, spec: ResolvedSpec): ModifyTargetGroupCommandInput {
  const hc = obj(spec, 'healthCheck');
  return {
    TargetGroupArn: arn,
    HealthCheckProtocol: str(hc, 'protocol') as ModifyTargetGroupCommandInput['HealthCheckProtocol'],
    HealthCheckPath: str(hc, 'path'),
  };
}

/** DuplicateTargetGroupName: the target group a lost create answer left, if its tags say ours. */
async function existingTargetGroup(env: ActionEnv, desired: DesiredResource, name: string): Promise<Attrs> {
  const [tg] = await env.read(() => env.clients.elbv2.describeTargetGroups({ names: [name] }));
  const arn = tg?.TargetGroupArn;
  const inTheWay = await elbv2InTheWay(env, arn, arn);
  return { arn: existingOurs(env, desired, inTheWay, { code: 'DuplicateTargetGroupName', message: `target group ${name} exists and is not ours` }) };
}

export const targetGroupReconciler: Reconciler = {
  async create(env, desired) {
    const input = createTargetGroupInput(specToSend(env.store, desired), desired.tags);
    try {
      const out = await env.mutate(() => env.clients.elbv2.createTargetGroup(input));
      return { arn: required(out.TargetGroups?.[0]?.TargetGroupArn, 'TargetGroupArn') };
    } catch (err) {
      if (isAwsError(err, 'DuplicateTargetGroupName')) return existingTargetGroup(env, desired, required(input.Name, 'Name'));
      throw err;
    }
  },
  async update(env, action) {
    if (action.replace) {
      throw new ReconcileError(
        'ReplacementRefused',
        `target group ${action.aws.name} needs replacing (${[...driftedFields(action.changes)].join(', ')} changed) ` +
          'and its name is taken by the live one: delete the tenant from this infra group and re-add it, or delete the target group',
      );
    }
    if (driftedFields(action.changes).has('healthCheck')) {
      const arn = liveArn(action);
      await env.mutate(() => env.clients.elbv2.modifyTargetGroup(modifyHealthCheckInput(arn, specToSend(env.store, action.desired))));
    }
    return action.live.attrs;
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.elbv2.addTags({ ResourceArns: [arn], Tags: tagList(action.desired.tags) }));
    if (driftedFields(action.changes).has('healthCheck')) {
      await env.mutate(() => env.clients.elbv2.modifyTargetGroup(modifyHealthCheckInput(arn, specToSend(env.store, action.desired))));
    }
    return { ...action.live.attrs, arn };
  },
  async delete(env, action) {
    try {
      // Right after its rule or service went, ELBv2 may still call it in use for a moment.
      await env.mutate(() => env.clients.elbv2.deleteTargetGroup(liveArn(action)), ['ResourceInUse']);
    } catch (err) {
      if (!isAwsError(err, 'TargetGroupNotFound')) throw err;
    }
  },
};
