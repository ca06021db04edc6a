// Enforces the ALB quotas moto leaves out, answering with AWS's own error codes. Checks that need
// the current state ask moto directly (not through the proxy, so they are not counted), with the
// caller's access key so they see the caller's account. Checked writes to one load balancer are
// serialised, so two concurrent CreateRule calls cannot both slip under a limit.
import {
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeRules,
  type Action,
  type Listener,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { actionTargetGroups, liveActionTargetGroups, loadBalancerArnOf } from './forward-actions.js';
import { KeyedQueue } from './keyed-queue.js';
import type { WireError } from './wire-errors.js';
import { AWS_DEFAULT_QUOTAS, type QuotaLimits } from './types.js';

/** The ELBv2 writes that can break a quota, and where their actions are. */
const CHECKED: Readonly<Record<string, { readonly actions: string; readonly addsRule: boolean }>> = {
  CreateRule: { actions: 'Actions', addsRule: true },
  ModifyRule: { actions: 'Actions', addsRule: false },
  CreateListener: { actions: 'DefaultActions', addsRule: false },
  ModifyListener: { actions: 'DefaultActions', addsRule: false },
};

export function isQuotaChecked(operation: string): boolean {
  return operation in CHECKED;
}

/** The load balancer a checked write touches, for serialising writes to it. */
export function quotaScope(operation: string, params: URLSearchParams): string | undefined {
  const arn = params.get('LoadBalancerArn') ?? params.get('ListenerArn') ?? params.get('RuleArn');
  return isQuotaChecked(operation) && arn ? loadBalancerArnOf(arn) : undefined;
}

function validationError(message: string): WireError {
  // AWS documents the 5-per-action limit but not its error code; ValidationError is the code
  // ELBv2 uses for request validation. Unconfirmed against the real service.
  return { status: 400, code: 'ValidationError', message };
}

/** Refusal for a forward action with too many target groups. Pure. */
export function forwardActionRefusal(params: URLSearchParams, operation: string, limits: QuotaLimits): WireError | undefined {
  const spec = CHECKED[operation];
  if (!spec) return undefined;
  for (const groups of actionTargetGroups(params, spec.actions).values()) {
    if (groups.size > limits.targetGroupsPerForwardAction) {
      return validationError(
        `A forward action can have at most ${limits.targetGroupsPerForwardAction} target groups, but ${groups.size} were specified`,
      );
    }
  }
  return undefined;
}

interface LiveLoadBalancer {
  readonly listeners: readonly Listener[];
  readonly rules: readonly Rule[];
}

export class QuotaEnforcer {
  private limits: QuotaLimits = AWS_DEFAULT_QUOTAS;
  private readonly queue = new KeyedQueue();

  constructor(private readonly motoUrl: string) {}

  setLimits(limits: Partial<QuotaLimits>): void {
    for (const [name, value] of Object.entries(limits)) {
      if (!(Number.isInteger(value) && value >= 0)) throw new Error(`quota ${name}: expected a non-negative integer, got ${String(value)}`);
    }
    this.limits = { ...this.limits, ...limits };
  }

  /** Back to AWS's defaults, then `limits` on top. */
  reset(limits: Partial<QuotaLimits>): void {
    this.limits = AWS_DEFAULT_QUOTAS;
    this.setLimits(limits);
  }

  currentLimits(): QuotaLimits {
    return this.limits;
  }

  /** Runs `work` after every earlier checked write to the same load balancer has finished. */
  serialise<T>(scope: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(scope, work);
  }

  /** The error AWS would answer for this write, or undefined when it is within every quota. */
  async refusal(operation: string, params: URLSearchParams, accessKeyId: string | undefined, region: string): Promise<WireError | undefined> {
    const spec = CHECKED[operation];
    if (!spec) return undefined;
    const perAction = forwardActionRefusal(params, operation, this.limits);
    if (perAction) return perAction;
    const loadBalancerArn = quotaScope(operation, params);
    if (!loadBalancerArn) return undefined;
    const live = await this.describe(loadBalancerArn, accessKeyId ?? 'proxy-quota-check', region);
    if (!live) return undefined; // unknown load balancer: moto answers the not-found error itself
    const replaced = params.get('RuleArn') ?? params.get('ListenerArn');

    if (spec.addsRule) {
      const rules = live.rules.filter((r) => !r.IsDefault).length;
      if (rules + 1 > this.limits.rulesPerLoadBalancer) {
        return { status: 400, code: 'TooManyRules', message: `The load balancer already has the maximum of ${this.limits.rulesPerLoadBalancer} rules` };
      }
    }

    const unique = new Set<string>();
    const keep = (actions: readonly Action[] | undefined): void => {
      for (const action of actions ?? []) for (const arn of liveActionTargetGroups(action)) unique.add(arn);
    };
    for (const listener of live.listeners) if (listener.ListenerArn !== replaced || operation !== 'ModifyListener') keep(listener.DefaultActions);
    for (const rule of live.rules) if (!rule.IsDefault && (rule.RuleArn !== replaced || operation !== 'ModifyRule')) keep(rule.Actions);
    for (const groups of actionTargetGroups(params, spec.actions).values()) for (const arn of groups) unique.add(arn);
    if (unique.size > this.limits.uniqueTargetGroupsPerLoadBalancer) {
      return {
        status: 400,
        code: 'TooManyUniqueTargetGroupsPerLoadBalancer',
        message: `You have reached the maximum number of unique target groups (${this.limits.uniqueTargetGroupsPerLoadBalancer}) per load balancer`,
      };
    }
    return undefined;
  }

  private async describe(loadBalancerArn: string, accessKeyId: string, region: string): Promise<LiveLoadBalancer | undefined> {
    const client = new ElasticLoadBalancingV2Client({
      endpoint: this.motoUrl,
      region,
      // moto does not verify signatures; the key id alone selects the caller's account.
      credentials: { accessKeyId, secretAccessKey: 'unused-by-moto' },
      maxAttempts: 1,
    });
    try {
      const listeners: Listener[] = [];
      for await (const page of paginateDescribeListeners({ client }, { LoadBalancerArn: loadBalancerArn })) listeners.push(...(page.Listeners ?? []));
      const rules: Rule[] = [];
      for (const listener of listeners) {
        for await (const page of paginateDescribeRules({ client }, { ListenerArn: listener.ListenerArn })) rules.push(...(page.Rules ?? []));
      }
      return { listeners, rules };
    } catch (error) {
      if ((error as { name?: string }).name === 'LoadBalancerNotFoundException' || (error as { name?: string }).name === 'LoadBalancerNotFound') return undefined;
      throw error;
    } finally {
      client.destroy();
    }
  }
}
