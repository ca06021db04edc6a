// A tenant cluster's target group. The health check is fixed in place; a change of protocol,
// port, target type or VPC needs a new target group, and the name hashes those fields
// (src/desired/naming.ts), so it arrives as a create beside the old one and a delete of the old
// one once the rule and service moved (src/live/superseded.ts). An update that asks for a
// replacement under the same name cannot happen then, and is refused if it ever does.
import type { CreateTargetGroupCommandInput, ModifyTargetGroupCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError } from '../../aws/errors.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import { TAG } from '../../desired/tags.js';
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

/** The ELBv2 attribute behind the spec's `deregistrationDelay` (seconds). */
export const DEREGISTRATION_DELAY_ATTRIBUTE = 'deregistration_delay.timeout_seconds';

/** Sets the deregistration delay, then records it in a tag: the tag is what observation reads
 * (one comes with the tagging sweep; the attribute would cost a read per target group), so it
 * is written only once the attribute is, and a crash in between leaves the tag missing — drift
 * the next pass sets again. CreateTargetGroup takes no attributes, hence the two calls. */
async function setDeregistrationDelay(env: ActionEnv, arn: string, spec: ResolvedSpec): Promise<void> {
  const seconds = String(num(spec, 'deregistrationDelay'));
  await env.mutate(() => env.clients.elbv2.modifyTargetGroupAttributes(arn, { [DEREGISTRATION_DELAY_ATTRIBUTE]: seconds }));
  await env.mutate(() => env.clients.elbv2.addTags({ ResourceArns: [arn], Tags: [{ Key: TAG.deregistrationDelay, Value: seconds }] }));
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
    const spec = specToSend(env.store, desired);
    const input = createTargetGroupInput(spec, desired.tags);
    let attrs: Attrs;
    try {
      const out = await env.mutate(() => env.clients.elbv2.createTargetGroup(input));
      attrs = { arn: required(out.TargetGroups?.[0]?.TargetGroupArn, 'TargetGroupArn') };
    } catch (err) {
      if (!isAwsError(err, 'DuplicateTargetGroupName')) throw err;
      attrs = await existingTargetGroup(env, desired, required(input.Name, 'Name'));
    }
    await setDeregistrationDelay(env, required(attrs.arn, 'arn'), spec);
    return attrs;
  },
  async update(env, action) {
    if (action.replace) {
      throw new ReconcileError(
        'ReplacementRefused',
        `target group ${action.aws.name} needs replacing (${[...driftedFields(action.changes)].join(', ')} changed) ` +
          'but its desired name is the live one: the name no longer hashes the replacement fields (src/desired/naming.ts)',
      );
    }
    const drifted = driftedFields(action.changes);
    const arn = liveArn(action);
    const spec = specToSend(env.store, action.desired);
    if (drifted.has('healthCheck')) await env.mutate(() => env.clients.elbv2.modifyTargetGroup(modifyHealthCheckInput(arn, spec)));
    if (drifted.has('deregistrationDelay')) await setDeregistrationDelay(env, arn, spec);
    return action.live.attrs;
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.elbv2.addTags({ ResourceArns: [arn], Tags: tagList(action.desired.tags) }));
    const drifted = driftedFields(action.changes);
    const spec = specToSend(env.store, action.desired);
    if (drifted.has('healthCheck')) await env.mutate(() => env.clients.elbv2.modifyTargetGroup(modifyHealthCheckInput(arn, spec)));
    if (drifted.has('deregistrationDelay')) await setDeregistrationDelay(env, arn, spec);
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
