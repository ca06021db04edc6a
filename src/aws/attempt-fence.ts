// The last check before a mutating HTTP attempt leaves the process: an SDK middleware below the
// SDK's retry middleware, so the first attempt and every SDK retry pass through it. Which fence
// applies is carried by the async context of the work that makes the call (AsyncLocalStorage),
// not by the client: one client per account and region serves every tier's pass at once, and
// each pass runs under its own tier's lease. Work outside any fence (plan, observe, the lease
// table's own conditional writes) is never fenced. docs/leases.md states the guarantee.
// The same middleware names the fence's tier in the attempt's user agent (`tiered-tier/<tier>`),
// beside the replica's `tiered-caller/<id>`: an audit trail (CloudTrail records the user agent)
// or local AWS's call log then shows which replica wrote for which tier, and when.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext } from '@smithy/types';
import type { AnyClientPlugin } from './call-observer.js';
import { isReadOperation } from './operation-kind.js';

/** Throws (the attempt is not sent) when the caller may no longer write. Synchronous: it reads
 * a local deadline, never the network, so it costs nothing per attempt. */
export interface AttemptFence {
  check(operation: string): void;
  /** The tier whose lease this fence enforces, named in the user agent of each attempt. */
  readonly tier?: string;
}

/** The user-agent token that names the tier a call was made for. */
export const TIER_AGENT_PREFIX = 'tiered-tier/';

const current = new AsyncLocalStorage<AttemptFence>();

/** Runs `work` with every mutating attempt it makes, however deep, checked by `fence`. */
export function runFenced<T>(fence: AttemptFence, work: () => Promise<T>): Promise<T> {
  return current.run(fence, work);
}

export function attemptFencePlugin(): AnyClientPlugin {
  return {
    applyToStack(stack) {
      stack.addRelativeTo(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a middleware of every client's stack (see AnyClientPlugin)
        (next: FinalizeHandler<any, any>, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<any>) => {
          const fence = current.getStore();
          if (fence !== undefined) {
            const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
            if (!isReadOperation(operation)) fence.check(operation);
            if (fence.tier !== undefined) nameTier(args.request, fence.tier);
          }
          return next(args);
        },
        { name: 'tieredAttemptFence', relation: 'after', toMiddleware: 'retryMiddleware', override: true },
      );
    },
  };
}

/** Appends the tier to the attempt's user agent, once (an SDK retry may pass the same request). */
function nameTier(request: unknown, tier: string): void {
  const headers = (request as { headers?: Record<string, string | undefined> } | undefined)?.headers;
  if (headers === undefined || typeof headers !== 'object') return;
  const token = `${TIER_AGENT_PREFIX}${tier}`;
  const agent = headers['user-agent'];
  if (agent !== undefined && !agent.split(' ').includes(token)) headers['user-agent'] = `${agent} ${token}`;
}
