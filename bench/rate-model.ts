// The proxy's model of AWS's shared API budget for the moto-backed scenarios: 25 ms per call,
// and per-account token buckets per service. AWS publishes per-operation limits for some
// services; these are round, conservative figures for a controller sharing its accounts with
// other tools (ELBv2 and ECS ~20/s, EC2 mutating ~20/s, the Tagging API ~10/s, Route 53 5/s).
import type { FaultRule, RateLimitRule } from '../src/local/proxy/types.js';
import type { CounterRow } from '../src/local/proxy/types.js';
import { CREATE_CALLS, zoneChangeCalls, type TopologyShape } from './read-floor.js';

export const LATENCY_MS = 25;
export const LATENCY: readonly FaultRule[] = [{ kind: 'latency', latencyMs: LATENCY_MS }];

export const RATE_LIMITS: readonly RateLimitRule[] = [
  { service: 'elbv2', ratePerSecond: 20, burst: 20 },
  { service: 'ecs', ratePerSecond: 20, burst: 20 },
  { service: 'ec2', ratePerSecond: 20, burst: 20 },
  { service: 'tagging', ratePerSecond: 10, burst: 10 },
  { service: 'route53', ratePerSecond: 5, burst: 5 },
];

export interface BucketFloor {
  readonly bucket: string;
  readonly calls: number;
  readonly seconds: number;
}

/**
 * The least time the calls could have taken under the buckets: for each bucket (rule ×
 * account), (calls that took a token − burst) ÷ rate; the floor is the slowest bucket.
 * Refused calls took no token and are not counted.
 */
export function rateFloor(rows: readonly CounterRow[], rules: readonly RateLimitRule[] = RATE_LIMITS): BucketFloor[] {
  const calls = new Map<string, number>();
  for (const row of rows) {
    if (row.outcome === 'rate-limited' || row.outcome === 'fault') continue;
    rules.forEach((rule, i) => {
      if (rule.service !== row.service || (rule.operation !== undefined && rule.operation !== row.operation)) return;
      const key = `${i}|${row.service}${rule.operation !== undefined ? `/${row.operation}` : ''}|${row.account}`;
      calls.set(key, (calls.get(key) ?? 0) + row.count);
    });
  }
  return [...calls]
    .map(([key, n]) => {
      const rule = rules[Number(key.split('|')[0])] as RateLimitRule;
      return { bucket: key.split('|').slice(1).join(' in '), calls: n, seconds: Math.max(0, n - rule.burst) / rule.ratePerSecond };
    })
    .sort((a, b) => b.seconds - a.seconds);
}

/**
 * The least time any controller could build `shape` in from empty under the buckets: each
 * cell account must make the calls that create each resource (CREATE_CALLS) against that service's
 * bucket in that account, and the DNS account the fewest ChangeResourceRecordSets against
 * Route 53's; a bucket serves `burst` at once, then `ratePerSecond`. The floor is the slowest
 * bucket. It follows from the topology and the limits alone, not from the calls tiered made: a
 * wasteful apply shows as a miss against it.
 */
export function minimumRateFloor(shape: TopologyShape, rules: readonly RateLimitRule[] = RATE_LIMITS): BucketFloor[] {
  const calls = new Map<string, { service: string; n: number }>();
  const count = (service: string, account: string, n: number): void => {
    const key = `${service} in ${account}`;
    calls.set(key, { service, n: (calls.get(key)?.n ?? 0) + n });
  };
  for (const [account, counts] of shape.accounts) {
    for (const [kind, n] of Object.entries(counts)) {
      for (const call of CREATE_CALLS[kind as keyof typeof CREATE_CALLS] ?? []) if (n !== undefined) count(call.service, account, n);
    }
  }
  for (const batch of shape.dnsBatches.values()) count('route53', 'the DNS account', zoneChangeCalls(batch));
  return [...calls]
    .map(([bucket, { service, n }]) => {
      const rule = rules.find((r) => r.service === service && r.operation === undefined);
      return { bucket, calls: n, seconds: rule === undefined ? 0 : Math.max(0, n - rule.burst) / rule.ratePerSecond };
    })
    .sort((a, b) => b.seconds - a.seconds);
}
