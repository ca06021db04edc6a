// The tier's log group in a cell account (docs/design.md §11.1). CreateLogGroup carries our
// tags; a group that already exists is ours only when its tags prove it (a create whose answer
// was lost), never by its name. Retention is set after create and on drift; `deleteWithTier`
// lives in a tag, since the manifest that set it is gone by the time it is read.
import { isAwsError } from '../../aws/errors.js';
import { TAG } from '../../desired/tags.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import { partitionOf } from '../../desired/topology/task-definitions.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { driftedFields, provesOurs, ReconcileError, required, specToSend } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { bool, num, str } from '../resolved-fields.js';

/** The tags of a log group: ownership plus the delete-with-tier flag. */
export function logGroupTags(desired: DesiredResource, spec: ResolvedSpec): Record<string, string> {
  return { ...desired.tags, [TAG.deleteWithTier]: String(bool(spec, 'deleteWithTier')) };
}

/** The ARN of the desired group in its cell's account, for the tagging calls (no `:*`). */
function groupArn(desired: DesiredResource, name: string): string {
  const scope = desired.scope;
  if (scope.kind !== 'account') throw new Error(`log group ${name} has no account scope`);
  return `arn:${partitionOf(scope.region)}:logs:${scope.region}:${scope.account}:log-group:${name}`;
}

async function createOrProve(env: ActionEnv, desired: DesiredResource, spec: ResolvedSpec): Promise<void> {
  const name = str(spec, 'name');
  try {
    await env.mutate(() => env.clients.logs.createLogGroup(name, logGroupTags(desired, spec)));
  } catch (err) {
    if (!isAwsError(err, 'ResourceAlreadyExistsException')) throw err;
    const tags = await env.read(() => env.clients.logs.listLogGroupTags(groupArn(desired, name)));
    if (!provesOurs(tags, desired, env.instanceId)) {
      throw new ReconcileError('LogGroupExists', `log group ${name} exists and is not ours`);
    }
  }
}

export const logGroupReconciler: Reconciler = {
  async create(env, desired) {
    const spec = specToSend(env.store, desired);
    await createOrProve(env, desired, spec);
    await env.mutate(() => env.clients.logs.putRetentionPolicy(str(spec, 'name'), num(spec, 'retentionInDays')));
    return { arn: groupArn(desired, str(spec, 'name')) };
  },
  async update(env, action) {
    if (action.replace) {
      throw new ReconcileError('ReplacementRefused', `log group ${action.aws.name} cannot be renamed: its log data stays where it is`);
    }
    const spec = specToSend(env.store, action.desired);
    const fields = driftedFields(action.changes);
    const arn = required(action.live.aws.arn, `the ARN of ${action.key}`);
    if (fields.has('retentionInDays')) await env.mutate(() => env.clients.logs.putRetentionPolicy(action.live.aws.name, num(spec, 'retentionInDays')));
    if (fields.has('deleteWithTier')) await env.mutate(() => env.clients.logs.tagLogGroup(arn, logGroupTags(action.desired, spec)));
    return action.live.attrs;
  },
  async adopt(env, action) {
    const spec = specToSend(env.store, action.desired);
    const arn = required(action.live.aws.arn, `the ARN of ${action.key}`);
    await env.mutate(() => env.clients.logs.tagLogGroup(arn, logGroupTags(action.desired, spec)));
    if (driftedFields(action.changes).has('retentionInDays')) {
      await env.mutate(() => env.clients.logs.putRetentionPolicy(action.live.aws.name, num(spec, 'retentionInDays')));
    }
    return { ...action.live.attrs, arn };
  },
  async delete(env, action) {
    try {
      await env.mutate(() => env.clients.logs.deleteLogGroup(action.live.aws.name));
    } catch (err) {
      if (!isAwsError(err, 'ResourceNotFoundException')) throw err;
    }
  },
};
