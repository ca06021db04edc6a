// The Application Auto Scaling operations tiered uses, for ECS services only. Scalable targets
// are read by resource id, 50 a call (the API's page); scaling policies 10 a page (its largest
// MaxResults), either all of the ECS namespace or those of one resource id.
import {
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import type {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommandInput,
  RegisterScalableTargetCommandInput,
  ScalableTarget,
  ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import { collectChunks, collectPages } from './paging.js';

/** AWS: DescribeScalableTargets returns at most 50 targets a page. */
export const SCALABLE_TARGETS_PAGE_SIZE = 50;
/** AWS: DescribeScalingPolicies returns at most 10 policies a page. */
export const SCALING_POLICIES_PAGE_SIZE = 10;

export interface AutoscalingApi {
  /** ECS scalable targets of these resource ids (`service/{cluster}/{service}`). */
  describeScalableTargets(resourceIds: readonly string[]): Promise<ScalableTarget[]>;
  /** ECS scaling policies, of one resource id or (absent) of the whole account. */
  describeScalingPolicies(resourceId?: string): Promise<ScalingPolicy[]>;
  registerScalableTarget(input: RegisterScalableTargetCommandInput): Promise<string | undefined>;
  deregisterScalableTarget(resourceId: string, scalableDimension: string): Promise<void>;
  putScalingPolicy(input: PutScalingPolicyCommandInput): Promise<string | undefined>;
  deleteScalingPolicy(policyName: string, resourceId: string, scalableDimension: string): Promise<void>;
}

export function autoscalingApi(client: ApplicationAutoScalingClient): AutoscalingApi {
  return {
    describeScalableTargets: (resourceIds) =>
      collectChunks(resourceIds, SCALABLE_TARGETS_PAGE_SIZE, (chunk) =>
        collectPages<ScalableTarget, string>(async (NextToken) => {
          const out = await client.send(
            new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: chunk, MaxResults: SCALABLE_TARGETS_PAGE_SIZE, NextToken }),
          );
          return { items: out.ScalableTargets, next: out.NextToken ?? undefined };
        }),
      ),
    describeScalingPolicies: (resourceId) =>
      collectPages<ScalingPolicy, string>(async (NextToken) => {
        const out = await client.send(
          new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId, MaxResults: SCALING_POLICIES_PAGE_SIZE, NextToken }),
        );
        return { items: out.ScalingPolicies, next: out.NextToken ?? undefined };
      }),
    registerScalableTarget: async (input) => (await client.send(new RegisterScalableTargetCommand(input))).ScalableTargetARN,
    deregisterScalableTarget: async (ResourceId, ScalableDimension) => {
      await client.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ResourceId, ScalableDimension: ScalableDimension as 'ecs:service:DesiredCount' }));
    },
    putScalingPolicy: async (input) => (await client.send(new PutScalingPolicyCommand(input))).PolicyARN,
    deleteScalingPolicy: async (PolicyName, ResourceId, ScalableDimension) => {
      await client.send(
        new DeleteScalingPolicyCommand({ ServiceNamespace: 'ecs', PolicyName, ResourceId, ScalableDimension: ScalableDimension as 'ecs:service:DesiredCount' }),
      );
    },
  };
}
