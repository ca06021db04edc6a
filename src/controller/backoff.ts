// Retry delays: per-tier exponential backoff with jitter, and the jittered resync interval.
// Pure functions of their inputs; the random draw is passed in.

import type { Random } from './clock.js';

/** How a failed pass is treated. Classified by a function the daemon supplies. */
export type ErrorClass = 'throttling' | 'transient' | 'terminal';

export interface BackoffPolicy {
  /** Delay before the first retry of a transient failure. */
  readonly baseMs: number;
  /** Delay before the first retry of a throttled pass: longer, since the account's budget is shared. */
  readonly throttlingBaseMs: number;
  /** No retry waits longer than this. */
  readonly capMs: number;
  /** Share of the delay taken off at random (0–1), so tiers that failed together retry apart. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 1_000,
  throttlingBaseMs: 5_000,
  capMs: 5 * 60_000,
  jitter: 0.2,
};

/**
 * Delay before retrying after the `failures`-th consecutive failure (1 for the first), or
 * undefined for a terminal error: those wait for the next revision or resync instead of
 * hammering the API. The delay is base·2^(failures−1), capped, then reduced by up to
 * `jitter` of itself: it lies in [d·(1−jitter), d] and never exceeds the cap.
 */
export function retryDelayMs(
  policy: BackoffPolicy,
  errorClass: ErrorClass,
  failures: number,
  random: Random,
): number | undefined {
  if (errorClass === 'terminal') return undefined;
  const base = errorClass === 'throttling' ? policy.throttlingBaseMs : policy.baseMs;
  const exponent = Math.max(0, failures - 1);
  // 2^exponent overflows to Infinity long after it passed any sane cap; min() handles both.
  const raw = Math.min(policy.capMs, base * 2 ** exponent);
  return Math.round(raw * (1 - policy.jitter * random()));
}

/** `intervalMs` moved at random by up to ±`jitter` of itself (0.1 = ±10%). */
export function jitteredIntervalMs(intervalMs: number, jitter: number, random: Random): number {
  return Math.round(intervalMs * (1 + jitter * (2 * random() - 1)));
}
