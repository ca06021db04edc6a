// The contract of applyPlan: what the caller hands in (clients, instance id, the daemon's lease
// guard, lanes, abort) and what comes back (one outcome per action of the plan).
import type { AwsClientFactory, AwsTarget } from '../aws/clients.js';
import type { ResourceKind } from '../desired/topology/resource.js';
import type { Action, Verb } from '../plan/action.js';
import type { RetryPolicy } from './retry.js';

/** `pending`: AWS refused for a state that settles by itself but slowly (ECS tasks draining,
 * src/reconcilers/pending.ts): not a failure; the tier is looked at again. */
export type ActionStatus = 'succeeded' | 'failed' | 'pending' | 'skipped' | 'held' | 'aborted';

export interface ActionError {
  /** The AWS error code when AWS refused (e.g. `PriorityInUse`), else a tiered code. */
  readonly code?: string;
  readonly message: string;
}

export interface ActionOutcome {
  readonly actionId: string;
  readonly action: Verb;
  readonly kind: ResourceKind;
  readonly key: string;
  readonly status: ActionStatus;
  readonly error?: ActionError;
  /** For `skipped`: the failed action that kept this one from running. */
  readonly blockedBy?: string;
  /** For `pending`: when to look again. */
  readonly retryAfterMs?: number;
}

export type ProgressEvent =
  | { readonly type: 'started'; readonly actionId: string; readonly kind: ResourceKind; readonly verb: Verb }
  | { readonly type: 'settled'; readonly outcome: ActionOutcome };

export interface ApplyContext {
  readonly factory: AwsClientFactory;
  /** The value of `tiered.dev/managed-by`: what "ours" means when an answer must be checked. */
  readonly instanceId: string;
  /** Concurrency per lane (`elbv2`, `ecs`, `ec2`, `route53`); for `route53` it bounds the
   * ChangeResourceRecordSets/GetChange calls in flight, not the records queued. */
  readonly laneConcurrency?: Readonly<Record<string, number>>;
  /** The daemon's lease write-guard: awaited before every mutating call; a rejection fails
   * the action that was about to mutate. */
  readonly beforeMutation?: (action: Action) => Promise<void>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Region and role per account id (from the Cell manifests), for deletes: a live resource
   * names only its account. Without an entry, the plan's other actions in that account are
   * asked; a delete in an account nothing else of the plan touches then fails. */
  readonly accounts?: ReadonlyMap<string, AwsTarget>;
  /** Our own backoff for states that settle (tests shorten it). */
  readonly retry?: Partial<RetryPolicy>;
}

export interface ApplyResult {
  /** One per action of the plan, in plan order. */
  readonly outcomes: readonly ActionOutcome[];
  /** True when every action that was not held succeeded. Held actions are report-only by the
   * operator's choice (suspend, deletion guard) or wait for a missing reference; they are
   * reported, not counted against convergence. */
  readonly converged: boolean;
}
