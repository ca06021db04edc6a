// Why a pass failed, as the scheduler's backoff needs it: throttling (back off longer),
// transient (retry soon), terminal (wait for a new revision or the resync: retrying the same
// request cannot help, and hammering the API would only spend the account's shared budget).
import { classifyAwsError } from '../aws/errors.js';
import type { AwsErrorClass } from '../aws/errors.js';
import type { ErrorClass } from './backoff.js';
import { isLeaseLostError } from './leases/lease-types.js';

/** A pass that ended without converging: what went wrong, already classified. */
export class PassFailedError extends Error {
  override readonly name = 'PassFailedError';
  constructor(
    readonly errorClass: ErrorClass,
    readonly problems: readonly string[],
    /** The pass could not read live state (so it planned nothing): /status says AWS is unreadable. */
    readonly unreadable = false,
  ) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}`);
  }
}

function fromAwsClass(c: AwsErrorClass): ErrorClass {
  // A conflict or a vanished resource is settled by observing again: a retry soon does that.
  return c === 'throttling' ? 'throttling' : c === 'terminal' ? 'terminal' : 'transient';
}

/** Node's socket failures carry no AWS code: the request may never have reached AWS. */
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up|timed out/i;

/**
 * The class of one problem as the engine reports it: an AWS code when AWS answered. Without a
 * code it is our own finding (a missing VPC, subnet, hosted zone: a missing reference, which
 * waits for the operator) unless the message is a network failure.
 */
export function classifyProblem(code: string | undefined, message: string): ErrorClass {
  if (code !== undefined) return fromAwsClass(classifyAwsError({ Code: code, code, message }));
  return NETWORK.test(message) ? 'transient' : 'terminal';
}

/** The class that decides the retry when several problems ended one pass: a throttle anywhere
 * backs the tier off; any transient problem is worth a retry; terminal only if all are. */
export function worstClass(classes: readonly ErrorClass[]): ErrorClass {
  if (classes.includes('throttling')) return 'throttling';
  if (classes.includes('transient')) return 'transient';
  return 'terminal';
}

export function classifyPassError(error: unknown): ErrorClass {
  if (error instanceof PassFailedError) return error.errorClass;
  // This replica lost the tier: whoever holds it now does the work; not ours to retry. But a
  // write window that closed while the lease may still be renewed (a late renewal) is retried
  // soon: the next pass writes under the renewed lease, or only observes if it was lost.
  if (isLeaseLostError(error)) return error.reason === 'expired' ? 'transient' : 'terminal';
  return fromAwsClass(classifyAwsError(error));
}
