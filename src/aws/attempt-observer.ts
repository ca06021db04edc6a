// Counts HTTP attempts, not logical calls: an SDK middleware right below the SDK's retry
// middleware sees each attempt (the first and every retry) and how it ended, so /metrics can
// say how often AWS throttled or failed even when a retry then succeeded.
import type { FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext } from '@smithy/types';
import type { AnyClientPlugin, AwsService, CallSite } from './call-observer.js';
import { awsErrorCode, classifyAwsError } from './errors.js';
import type { AwsErrorClass } from './errors.js';

export interface AwsAttempt {
  readonly service: AwsService;
  readonly operation: string;
  readonly region: string;
  readonly roleArn?: string;
  /** 1 for the first attempt of a call, n for its (n - 1)th retry. */
  readonly attempt: number;
  readonly outcome: 'ok' | AwsErrorClass;
  readonly errorCode?: string;
  /** For a retry: the class of the failed attempt it retries. */
  readonly retryOf?: AwsErrorClass;
}

export type AttemptObserver = (attempt: AwsAttempt) => void;

export function attemptObserverPlugin(site: CallSite, observe: AttemptObserver): AnyClientPlugin {
  // The SDK hands every attempt of one call the same context: the last failure's class is kept
  // there, so a retry can say what it retries.
  const lastFailure = new WeakMap<HandlerExecutionContext, AwsErrorClass>();
  return {
    applyToStack(stack) {
      stack.addRelativeTo(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a middleware of every client's stack (see AnyClientPlugin)
        (next: FinalizeHandler<any, any>, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<any>) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          // The retry middleware counts attempts in the context it hands down.
          const attempt = attemptNumber(args.request);
          const retryOf = attempt > 1 ? lastFailure.get(context) : undefined;
          const report = (outcome: AwsAttempt['outcome'], errorCode?: string): void => {
            if (outcome !== 'ok') lastFailure.set(context, outcome);
            try {
              observe({
                ...site,
                operation,
                attempt,
                outcome,
                ...(errorCode === undefined ? {} : { errorCode }),
                ...(retryOf === undefined ? {} : { retryOf }),
              });
            } catch {
              // Metrics must never change the outcome of the call they describe.
            }
          };
          try {
            const result = await next(args);
            report('ok');
            return result;
          } catch (err) {
            report(classifyAwsError(err), awsErrorCode(err));
            throw err;
          }
        },
        // Inside the fence (added before it runs first): a fenced attempt is never sent, so it
        // is not an attempt AWS saw.
        { name: 'tieredAttemptObserver', relation: 'after', toMiddleware: 'tieredAttemptFence', override: true },
      );
    },
  };
}

/** The attempt number the SDK writes in the `amz-sdk-request: attempt=n; max=m` header. */
function attemptNumber(request: unknown): number {
  const headers = (request as { headers?: Record<string, string> } | undefined)?.headers ?? {};
  const match = /attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '');
  return match ? Number(match[1]) : 1;
}
