// A state AWS settles by itself, but later than a pass should wait for: a removed tenant's ECS
// tasks drain for the target group's deregistration delay (300 s by AWS's default), and until
// they are gone DeleteCluster is refused. Such an action ends *pending*, not failed: the pass
// reports it, the daemon runs the tier again after `retryAfterMs`, and nothing counts as a
// failure for the backoff (docs/aws-behaviour.md §17).
import { ReconcileError } from './reconciler.js';

/** How soon a tier with a pending action is looked at again. */
export const PENDING_RECHECK_MS = 15_000;

export class PendingError extends ReconcileError {
  constructor(code: string, message: string, readonly retryAfterMs: number = PENDING_RECHECK_MS) {
    super(code, message);
    this.name = 'PendingError';
  }
}

export function isPending(err: unknown): err is PendingError {
  return err instanceof PendingError;
}
