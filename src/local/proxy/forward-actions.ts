// Reads the target groups of forward actions out of ELBv2 awsQuery form parameters, and derives
// the load balancer an ELBv2 ARN belongs to. Pure.

/**
 * The target groups of each action under `prefix` (`Actions` or `DefaultActions`), one set per
 * action: `TargetGroupArn` and every `ForwardConfig.TargetGroups.member.M.TargetGroupArn`.
 */
export function actionTargetGroups(params: URLSearchParams, prefix: string): ReadonlyMap<string, ReadonlySet<string>> {
  const actions = new Map<string, Set<string>>();
  const pattern = new RegExp(`^${prefix}\\.member\\.(\\d+)\\.(?:TargetGroupArn|ForwardConfig\\.TargetGroups\\.member\\.\\d+\\.TargetGroupArn)$`);
  for (const [key, value] of params) {
    const index = pattern.exec(key)?.[1];
    if (index === undefined) continue;
    const set = actions.get(index) ?? new Set<string>();
    set.add(value);
    actions.set(index, set);
  }
  return actions;
}

/** Target groups of one live action as the SDK returns it. */
export function liveActionTargetGroups(action: {
  readonly TargetGroupArn?: string | undefined;
  readonly ForwardConfig?: { readonly TargetGroups?: readonly { readonly TargetGroupArn?: string | undefined }[] | undefined } | undefined;
}): string[] {
  const arns = (action.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn);
  return [action.TargetGroupArn, ...arns].filter((a): a is string => a !== undefined);
}

/**
 * The load balancer ARN of a load balancer, listener or listener-rule ARN:
 * `…:listener-rule/app/name/lbId/listenerId/ruleId` → `…:loadbalancer/app/name/lbId`.
 */
export function loadBalancerArnOf(arn: string): string | undefined {
  const match = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)(?:loadbalancer|listener|listener-rule)\/(app|net|gwy)\/([^/]+)\/([^/]+)/.exec(arn);
  return match ? `${match[1]}loadbalancer/${match[2]}/${match[3]}/${match[4]}` : undefined;
}

