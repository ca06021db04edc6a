// The hook through which every AWS call tiered makes can be counted (the daemon's /metrics):
// an SDK middleware at the `initialize` step, so one logical call is reported once, after the
// SDK's own retries, with how many attempts it took and how it ended.
import type { Pluggable } from '@smithy/types';
import { awsErrorCode, classifyAwsError } from './errors.js';
import type { AwsErrorClass } from './errors.js';

export type AwsService = 'elbv2' | 'ecs' | 'ec2' | 'route53' | 'tagging' | 'sts' | 'dynamodb' | 'logs' | 'autoscaling' | 'cloudwatch' | 'servicequotas';

export interface AwsCall {
  readonly service: AwsService;
  /** The API operation, e.g. `DescribeTargetGroups`. */
  readonly operation: string;
  readonly region: string;
  /** The role the call was made as; absent for the controller's own identity. */
  readonly roleArn?: string;
  /** HTTP attempts, retries included. */
  readonly attempts: number;
  readonly outcome: 'ok' | AwsErrorClass;
  readonly errorCode?: string;
}

export type CallObserver = (call: AwsCall) => void;

export interface CallSite {
  readonly service: AwsService;
  readonly region: string;
  readonly roleArn?: string;
}

function attemptsOf(value: unknown): number {
  const attempts = (value as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}

/** A plugin for `client.middlewareStack.use(…)` or a credential provider's `clientPlugins`.
 * It fits every client, so its input/output types are `any`, as in the SDK's own cross-service
 * plugin slots (`clientPlugins: Pluggable<any, any>[]`): each client's stack is invariant in
 * its own union types, and no narrower type is assignable to all of them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: no narrower type fits every client
export type AnyClientPlugin = Pluggable<any, any>;

export function callObserverPlugin(site: CallSite, observe: CallObserver): AnyClientPlugin {
  const report = (operation: string, attempts: number, outcome: AwsCall['outcome'], errorCode?: string): void => {
    const call: AwsCall = {
      ...site,
      operation,
      attempts,
      outcome,
      ...(errorCode === undefined ? {} : { errorCode }),
    };
    // Metrics must never change the outcome of the call they describe.
    try {
      observe(call);
    } catch {
      /* ignored: see above */
    }
  };
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          try {
            const result = await next(args);
            report(operation, attemptsOf(result.output), 'ok');
            return result;
          } catch (err) {
            report(operation, attemptsOf(err), classifyAwsError(err), awsErrorCode(err));
            throw err;
          }
        },
        // A fixed name with override: the credential provider re-applies its plugins on every
        // refresh, and a second copy would count each call twice.
        { step: 'initialize', name: 'tieredCallObserver', override: true },
      );
    },
  };
}
