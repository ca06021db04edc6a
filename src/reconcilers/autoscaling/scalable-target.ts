// An autoscaled ECS service's scalable target (docs/design.md §11.2). RegisterScalableTarget is
// an upsert by resource id and dimension, so create, drift and a lost answer are the same call;
// our tags go with the first registration only (AWS takes no Tags when updating a target).
// Deregistering takes the target's policies with it; the service's count is then the manifest's
// again (the service's own update sets it).
import type { RegisterScalableTargetCommandInput } from '@aws-sdk/client-application-auto-scaling';
import { isAwsError } from '../../aws/errors.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { upsertReconciler } from './upsert.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { num, str } from '../resolved-fields.js';

export function registerInput(spec: ResolvedSpec, tags?: Readonly<Record<string, string>>): RegisterScalableTargetCommandInput {
  return {
    ServiceNamespace: 'ecs',
    ResourceId: str(spec, 'resourceId'),
    ScalableDimension: str(spec, 'scalableDimension') as RegisterScalableTargetCommandInput['ScalableDimension'],
    MinCapacity: num(spec, 'minCapacity'),
    MaxCapacity: num(spec, 'maxCapacity'),
    ...(tags !== undefined ? { Tags: { ...tags } } : {}),
  };
}

async function register(env: ActionEnv, spec: ResolvedSpec, tags?: Readonly<Record<string, string>>) {
  const arn = await env.mutate(() => env.clients.autoscaling.registerScalableTarget(registerInput(spec, tags)), ['ConcurrentUpdateException']);
  return { arn: arn ?? str(spec, 'resourceId') };
}

export const scalableTargetReconciler: Reconciler = upsertReconciler(register, async (env, spec) => {
  try {
    await env.mutate(
      () => env.clients.autoscaling.deregisterScalableTarget(str(spec, 'resourceId'), str(spec, 'scalableDimension')),
      ['ConcurrentUpdateException'],
    );
  } catch (err) {
    if (!isAwsError(err, 'ObjectNotFoundException')) throw err;
  }
});
