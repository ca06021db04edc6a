// tiered's own bounded backoff, for states that settle by themselves and that no SDK retries: a
// target group still "in use" just after its rule went, a cluster whose service is still
// draining. Throttles and transient faults are the SDK's alone (its retry strategy, adaptive
// where rate limits are per account: src/aws/clients.ts); wrapping them again here would
// multiply the attempts of one call (5 SDK attempts x 6 of ours = 30 HTTP requests).
import { isAwsError } from '../aws/errors.js';
import type { AwsErrorCode } from '../aws/errors.js';

export interface RetryPolicy {
  /** Attempts, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Delay before attempt `n + 1` after `n` failures: doubling, capped, with up to 25% taken
 * off at random so that actions that failed together retry apart. */
export function backoffDelayMs(policy: RetryPolicy, failures: number, random: () => number = Math.random): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(full * (1 - 0.25 * random()));
}

/** The error an aborted wait rejects with: the signal's reason (an AbortError by default). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `call`; while it fails with one of `settlingCodes`, waits and runs it again, up to the
 * policy's attempts. Any other error, throttles and server faults included, goes straight up. */
export async function retrySettling<T>(
  call: () => Promise<T>,
  options: { readonly policy: RetryPolicy; readonly settlingCodes: readonly AwsErrorCode[]; readonly signal?: AbortSignal | undefined },
): Promise<T> {
  for (let failures = 0; ; ) {
    try {
      return await call();
    } catch (err) {
      failures++;
      if (failures >= options.policy.attempts || !options.settlingCodes.some((code) => isAwsError(err, code))) throw err;
      await sleep(backoffDelayMs(options.policy, failures), options.signal);
    }
  }
}
