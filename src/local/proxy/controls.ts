// What a test or the CLI can do with a running proxy.
import type { CallFilter } from './counters.js';
import type { DeploymentFailure } from './deployment-failures.js';
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
  setRateLimits(rules: readonly RateLimitRule[]): void;
  setQuotas(limits: Partial<QuotaLimits>): void;
  /** ECS services whose deployment DescribeServices reports as FAILED (deployment-failures.ts). */
  setDeploymentFailures(failures: readonly DeploymentFailure[]): void;
  quotas(): QuotaLimits;
  /** Counters, faults, rate limits, quotas (to AWS defaults), deployment failures and learnt
   * access keys all cleared. */
  reset(): void;
}
