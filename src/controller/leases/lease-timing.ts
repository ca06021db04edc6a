// How a lease's times fit together (docs/leases.md). A holder may send a mutating attempt only
// while now + request timeout < lease end - safety margin, so every attempt it sends has ended
// (answered or abandoned) before another replica, whose clock differs by less than the margin,
// can take the lease. Renewal must come early enough that a healthy holder never reaches that
// write deadline: it is sent at half the room left, so a renewal may take as long again.

/** The renewal interval never goes below this: a DynamoDB write per tier per half second. */
export const MIN_RENEW_INTERVAL_MS = 500;

export interface LeaseTimingInput {
  readonly durationMs: number;
  readonly requestTimeoutMs: number;
  /** Default: a fifth of the duration, at most 3 s. */
  readonly safetyMarginMs?: number;
}

export interface LeaseTiming {
  readonly durationMs: number;
  readonly requestTimeoutMs: number;
  readonly safetyMarginMs: number;
  readonly renewIntervalMs: number;
  /** How long after a renewal is sent its tenure may still send a mutating attempt. */
  readonly writeWindowMs: number;
}

export function defaultSafetyMarginMs(durationMs: number): number {
  return Math.min(3_000, Math.floor(durationMs / 5));
}

/** The timing of a lease, or a RangeError naming what to change. */
export function leaseTiming(input: LeaseTimingInput): LeaseTiming {
  const { durationMs, requestTimeoutMs } = input;
  const safetyMarginMs = input.safetyMarginMs ?? defaultSafetyMarginMs(durationMs);
  const writeWindowMs = durationMs - safetyMarginMs - requestTimeoutMs;
  if (writeWindowMs < 2 * MIN_RENEW_INTERVAL_MS) {
    throw new RangeError(
      `lease duration ${durationMs} ms must exceed the request timeout (${requestTimeoutMs} ms) plus the ` +
        `safety margin (${safetyMarginMs} ms) by at least ${2 * MIN_RENEW_INTERVAL_MS} ms: ` +
        'raise --lease-duration or lower --request-timeout',
    );
  }
  const renewIntervalMs = Math.max(MIN_RENEW_INTERVAL_MS, Math.min(Math.floor(durationMs / 3), Math.floor(writeWindowMs / 2)));
  return { durationMs, requestTimeoutMs, safetyMarginMs, renewIntervalMs, writeWindowMs };
}
