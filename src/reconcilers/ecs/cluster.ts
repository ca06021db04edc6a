// A tenant's dedicated ECS cluster. CreateCluster is idempotent by name. Deleting it right after
// its service is refused while the service's tasks drain (the target group's deregistration
// delay): the delete then ends pending and the tier is looked at again (pending.ts).
import type { CreateClusterCommandInput } from '@aws-sdk/client-ecs';
import { awsErrorCode, isAwsError } from '../../aws/errors.js';
import { PendingError } from '../pending.js';
import type { Reconciler } from '../reconciler.js';
import { liveArn, ReconcileError, required, specToSend } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { str } from '../resolved-fields.js';
import { ecsTags } from './ecs-tags.js';

export function createClusterInput(spec: ResolvedSpec, tags: Readonly<Record<string, string>>): CreateClusterCommandInput {
  return { clusterName: str(spec, 'name'), tags: ecsTags(tags) };
}

export const clusterReconciler: Reconciler = {
  async create(env, desired) {
    const out = await env.mutate(() => env.clients.ecs.createCluster(createClusterInput(specToSend(env.store, desired), desired.tags)));
    return { arn: required(out.cluster?.clusterArn, 'clusterArn') };
  },
  async update(_env, action) {
    // The name is the only field, and it is the identity: a different name is another cluster.
    throw new ReconcileError('ReplacementRefused', `ECS cluster ${action.aws.name} cannot be renamed`);
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.ecs.tagResource(arn, ecsTags(action.desired.tags)));
    return { ...action.live.attrs, arn };
  },
  async delete(env, action) {
    try {
      await env.mutate(() => env.clients.ecs.deleteCluster(liveArn(action)));
    } catch (err) {
      if (isAwsError(err, 'ClusterContainsServicesException') || isAwsError(err, 'ClusterContainsTasksException')) {
        throw new PendingError('Draining', `ECS cluster ${action.aws.name} still drains its service's tasks (${awsErrorCode(err) ?? 'refused'}); its delete waits for the next pass`);
      }
      if (!isAwsError(err, 'ClusterNotFoundException')) throw err;
    }
  },
};
