// A target-tracking policy on an autoscaled ECS service (docs/design.md §11.2). PutScalingPolicy
// is an upsert by name on the target: create and drift are the same call.
import type { PutScalingPolicyCommandInput } from '@aws-sdk/client-application-auto-scaling';
import { ECS_SCALABLE_DIMENSION } from '../../desired/topology/autoscaling.js';
import { isAwsError } from '../../aws/errors.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { upsertReconciler } from './upsert.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { num, optNum, str } from '../resolved-fields.js';

export function putPolicyInput(spec: ResolvedSpec): PutScalingPolicyCommandInput {
  const scaleIn = optNum(spec, 'scaleInCooldown');
  const scaleOut = optNum(spec, 'scaleOutCooldown');
  return {
    ServiceNamespace: 'ecs',
    PolicyName: str(spec, 'policyName'),
    ResourceId: str(spec, 'resourceId'),
    ScalableDimension: ECS_SCALABLE_DIMENSION,
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: num(spec, 'targetValue'),
      PredefinedMetricSpecification: { PredefinedMetricType: str(spec, 'metric') as 'ECSServiceAverageCPUUtilization' },
      ...(scaleIn !== undefined ? { ScaleInCooldown: scaleIn } : {}),
      ...(scaleOut !== undefined ? { ScaleOutCooldown: scaleOut } : {}),
    },
  };
}

async function put(env: ActionEnv, spec: ResolvedSpec) {
  const arn = await env.mutate(() => env.clients.autoscaling.putScalingPolicy(putPolicyInput(spec)), ['ConcurrentUpdateException']);
  return arn === undefined ? {} : { arn };
}

export const scalingPolicyReconciler: Reconciler = upsertReconciler(put, async (env, spec) => {
  try {
    await env.mutate(
      () => env.clients.autoscaling.deleteScalingPolicy(str(spec, 'policyName'), str(spec, 'resourceId'), ECS_SCALABLE_DIMENSION),
      ['ConcurrentUpdateException'],
    );
  } catch (err) {
    // Deregistering the target took it already.
    if (!isAwsError(err, 'ObjectNotFoundException')) throw err;
  }
});
