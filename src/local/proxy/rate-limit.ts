// Token buckets per rule and account (and operation when the rule names one), on an injected
// clock so tests never depend on wall time.
import { matches, type RateLimitRule, type ServiceOrUnknown } from './types.js';

/** Milliseconds, monotonic. */
export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error(`token bucket: rate must be > 0 and burst >= 1 (got ${ratePerSecond}/s, burst ${burst})`);
    this.tokens = burst;
    this.last = clock();
  }

  /** Takes one token if there is one; false means the call is over the limit. */
  tryTake(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class RateLimiter {
  private rules: readonly RateLimitRule[] = [];
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly clock: Clock = monotonicClock) {}

  set(rules: readonly RateLimitRule[]): void {
    this.rules = rules;
    this.buckets.clear();
  }

  /** The first rule whose bucket is empty for this call, or undefined when every bucket allows it. */
  check(call: { readonly service: ServiceOrUnknown; readonly operation: string; readonly account: string }): RateLimitRule | undefined {
    let refused: RateLimitRule | undefined;
    this.rules.forEach((rule, i) => {
      if (refused || !matches(rule, call)) return;
      const key = `${i}|${call.account}|${rule.operation ? call.operation : '*'}`;
      let bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = new TokenBucket(rule.ratePerSecond, rule.burst, this.clock);
        this.buckets.set(key, bucket);
      }
      if (!bucket.tryTake()) refused = rule;
    });
    return refused;
  }
}

/** Route 53's documented per-account rate (5 requests per second), for callers that want realism. */
export const ROUTE53_ACCOUNT_RATE: RateLimitRule = { service: 'route53', ratePerSecond: 5, burst: 5 };
