// The vocabulary shared by the proxy's parts: services, recognised requests, rules and records.

/** The AWS services tiered talks to, by the proxy's short names. */
export type ServiceName = 'route53' | 'elbv2' | 'sts' | 'ec2' | 'ecs' | 'dynamodb' | 'tagging' | 'logs' | 'autoscaling' | 'cloudwatch' | 'servicequotas';

/** The service of a request, or `unknown` when the proxy cannot tell (it still forwards it). */
export type ServiceOrUnknown = ServiceName | 'unknown';

/** A request as the proxy's pure parts see it: the whole body is buffered. */
export interface RawRequest {
  readonly method: string;
  /** Path plus query string, as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** What a request is: its service and operation, who sends it, and what it touches. */
export interface RecognisedRequest {
  readonly service: ServiceOrUnknown;
  readonly operation: string;
  /** The SigV4 access key id, or undefined for unsigned requests. Never the secret. */
  readonly accessKeyId: string | undefined;
  /** The region of the SigV4 credential scope (us-east-1 for unsigned requests). */
  readonly region: string;
  readonly mutating: boolean;
  /** For mutating calls: a short name or ARN from the request, to tell calls apart in the log. */
  readonly resource: string | undefined;
}

/** How a call ended, as counted. */
export type Outcome =
  | 'ok' // moto answered 2xx/3xx
  | 'error' // moto answered an error
  | 'fault' // the proxy injected an error
  | 'rate-limited' // a rate limit refused it
  | 'quota-refused' // an ALB quota refused it
  | 'answer-lost'; // moto acted, then the proxy lost its answer (lost-answers.ts)

/** One entry of the call log. */
export interface CallRecord {
  readonly seq: number;
  readonly service: ServiceOrUnknown;
  readonly operation: string;
  readonly account: string;
  readonly status: number;
  readonly outcome: Outcome;
  readonly mutating: boolean;
  /** The error code the caller received, if any (status 0: the connection was dropped). */
  readonly errorCode?: string;
  readonly resource?: string;
  /** When the answer was sent, ms since the epoch: lets a bench time a pass from its calls. */
  readonly at: number;
  /** When the request arrived, ms since the epoch (before any modelled latency). */
  readonly receivedAt?: number;
  /** Who sent it and which SDK attempt it was (caller.ts). */
  readonly caller?: string;
  /** The tier whose pass sent it, as its user agent says (caller.ts). */
  readonly tier?: string;
  readonly invocation?: string;
  readonly attempt?: number;
  readonly maxAttempts?: number;
}

/** A counter row: calls with the same service, operation, account and outcome. */
export interface CounterRow {
  readonly service: ServiceOrUnknown;
  readonly operation: string;
  readonly account: string;
  readonly outcome: Outcome;
  readonly count: number;
}

/** Which calls a rule applies to; an absent field matches anything. */
export interface CallMatch {
  readonly service?: ServiceName;
  readonly operation?: string;
  readonly account?: string;
}

/**
 * A fault to inject. `throttle` is the service's own throttling error, `server-error` a 500,
 * `unavailable` a 503, `prior-request-not-complete` Route 53's busy-zone error, `latency` a delay
 * before forwarding (the call then proceeds normally), `access-denied` the 403 of a caller whose
 * policy lacks the action.
 */
export type FaultKind = 'throttle' | 'server-error' | 'unavailable' | 'prior-request-not-complete' | 'latency' | 'access-denied';

export interface FaultRule extends CallMatch {
  readonly kind: FaultKind;
  /** Chance of firing per matching call, 0..1; 1 when absent. */
  readonly probability?: number;
  /** Fire at most this many times, then stop; unlimited when absent. */
  readonly times?: number;
  /** For `latency`: fixed delay in ms plus up to `jitterMs` more, drawn from the seeded random. */
  readonly latencyMs?: number;
  readonly jitterMs?: number;
}

/** A token bucket per account (and per operation when `operation` is set) for matching calls. */
export interface RateLimitRule extends CallMatch {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** Bucket size: how many calls may burst at once. */
  readonly burst: number;
}

/** The ALB quotas moto does not enforce. */
export interface QuotaLimits {
  /** Target groups in one forward action (AWS: 5, not adjustable). */
  readonly targetGroupsPerForwardAction: number;
  /** Unique target groups per load balancer across its listeners and rules (AWS: 100). */
  readonly uniqueTargetGroupsPerLoadBalancer: number;
  /** Rules per load balancer, default rules excluded (AWS: 100, adjustable). */
  readonly rulesPerLoadBalancer: number;
}

export const AWS_DEFAULT_QUOTAS: QuotaLimits = {
  targetGroupsPerForwardAction: 5,
  uniqueTargetGroupsPerLoadBalancer: 100,
  rulesPerLoadBalancer: 100,
};

/** True when every field set in `match` equals the call's. */
export function matches(
  match: CallMatch,
  call: { readonly service: ServiceOrUnknown; readonly operation: string; readonly account: string },
): boolean {
  return (
    (match.service === undefined || match.service === call.service) &&
    (match.operation === undefined || match.operation === call.operation) &&
    (match.account === undefined || match.account === call.account)
  );
}
