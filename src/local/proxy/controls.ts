// What a test or the CLI can do with a running proxy.
import type { CallFilter } from './counters.js';
import type { DrainingOptions } from './ecs-draining.js';
import type { LostAnswerRule } from './lost-answers.js';
import type { DeploymentFailure } from './deployment-failures.js';
import type { AppliedQuotaRule } from './service-quotas.js';
import type { TargetHealthFault } from './target-health.js';
import type { CallRecord, CounterRow, FaultRule, QuotaLimits, RateLimitRule } from './types.js';

export interface ProxyControls {
  counters(): readonly CounterRow[];
  /** Calls matching the filter, summed from the counters. */
  count(filter?: CallFilter): number;
  /** The call log, oldest first, optionally filtered. */
  calls(filter?: CallFilter): readonly CallRecord[];
  resetCounters(): void;
  setFaults(rules: readonly FaultRule[]): void;
  clearFaults(): void;
  /** Replaces the lost-answer rules ([] loses none). */
  setLostAnswers(rules: readonly LostAnswerRule[]): void;
  /** How many GetChange answers say PENDING per change before INSYNC (0: moto's INSYNC at once). */
  setRoute53PendingPolls(polls: number): void;
  setRateLimits(rules: readonly RateLimitRule[]): void;
  setQuotas(limits: Partial<QuotaLimits>): void;
  /** ECS services whose deployment DescribeServices reports as FAILED (deployment-failures.ts). */
  setDeploymentFailures(failures: readonly DeploymentFailure[]): void;
  /** Target groups whose targets DescribeTargetHealth reports unhealthy (target-health.ts). */
  setTargetHealth(faults: readonly TargetHealthFault[]): void;
  quotas(): QuotaLimits;
  /** Applied values Service Quotas' GetServiceQuota answers (service-quotas.ts); replaces the
   * earlier rules ([] leaves AWS's defaults). */
  setServiceQuotas(rules: readonly AppliedQuotaRule[]): void;
  /** ECS draining (docs/aws-behaviour.md §17); off by default and after reset. */
  setDraining(options: DrainingOptions): void;
  /** Counters, faults, lost answers, draining, rate limits, quotas (to AWS defaults), applied service quotas, deployment
   * failures and learnt access keys all cleared. */
  reset(): void;
}
