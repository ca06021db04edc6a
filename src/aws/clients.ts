// Builds tiered's AWS clients for a region, as the controller itself (the SDK's default
// credential chain) or as a cell's role. Everything about how tiered talks to AWS is decided
// here: timeouts, retries (the SDK's, the only layer for throttles and transient faults),
// credentials, the caller's identity in the user agent, the lease fence and the counting hooks.
// Endpoints are NOT: the SDK reads
// AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself for every client built here, including
// the STS client inside the role credential provider (checked with SDK v3.11xx), which is how
// local AWS is reached without this code knowing about it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { attemptFencePlugin } from './attempt-fence.js';
import { attemptObserverPlugin } from './attempt-observer.js';
import type { AttemptObserver } from './attempt-observer.js';
import { callObserverPlugin } from './call-observer.js';
import type { AnyClientPlugin, AwsService, CallObserver, CallSite } from './call-observer.js';
import { assumedRoleCredentials } from './credentials.js';
import { dynamoDbApi } from './dynamodb.js';
import type { DynamoDbApi } from './dynamodb.js';
import { ec2Api } from './ec2.js';
import type { Ec2Api } from './ec2.js';
import { ecsApi } from './ecs.js';
import type { EcsApi } from './ecs.js';
import { elbv2Api } from './elbv2.js';
import type { Elbv2Api } from './elbv2.js';
import { autoscalingApi } from './autoscaling.js';
import type { AutoscalingApi } from './autoscaling.js';
import { cloudWatchApi } from './cloudwatch.js';
import type { CloudWatchApi } from './cloudwatch.js';
import { logsApi } from './logs.js';
import type { LogsApi } from './logs.js';
import { route53Api } from './route53.js';
import type { Route53Api } from './route53.js';
import { serviceQuotasApi } from './service-quotas.js';
import type { ServiceQuotasApi } from './service-quotas.js';
import { stsApi } from './sts.js';
import type { StsApi } from './sts.js';
import { taggingApi } from './tagging.js';
import type { TaggingApi } from './tagging.js';

/** Attempts per call, first included, before an error reaches tiered (SDK default: 3). A
 * controller shares its accounts' rate limits with everything else, so it is more patient. */

/** The region a client gets when neither the manifests nor the environment name one. */
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_MAX_ATTEMPTS = 5;

/** How long a TCP connection may take to open. AWS endpoints connect in milliseconds; longer
 * means a network fault, which the SDK retries on a new connection. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/** How long one attempt may take, from sending to the last byte of the answer. AWS control-plane
 * calls answer within a few seconds; an attempt past this is abandoned and retried by the SDK,
 * so a call that never answers cannot stall a pass. Also bounds how long a write already on the
 * wire can outlive its lease (docs/leases.md). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface AwsTimeouts {
  readonly connectMs: number;
  readonly requestMs: number;
}

export interface AwsClientOptions {
  /** Attempts per call in the SDK's retry strategy. */
  readonly maxAttempts?: number;
  readonly timeouts?: Partial<AwsTimeouts>;
  /** Called once per API call, after retries (see call-observer.ts). */
  readonly onCall?: CallObserver;
  /** Called once per HTTP attempt (see attempt-observer.ts). */
  readonly onAttempt?: AttemptObserver;
  /** Who is calling, appended to the user agent as `tiered-caller/<id>` (a replica's lease
   * holder id), so that an audit trail or local AWS's call log can tell replicas apart. */
  readonly callerId?: string;
  /** The controller's own identity; absent = the SDK's default credential chain. */
  readonly credentials?: AwsCredentialIdentityProvider;
}

export interface AwsTarget {
  readonly region: string;
  /** Act as this role (a cell's roleArn, a tier's dns.roleArn); absent = as the controller. */
  readonly roleArn?: string;
}

export interface AwsClients {
  readonly elbv2: Elbv2Api;
  readonly ecs: EcsApi;
  readonly ec2: Ec2Api;
  readonly route53: Route53Api;
  readonly tagging: TaggingApi;
  readonly sts: StsApi;
  readonly dynamodb: DynamoDbApi;
  readonly logs: LogsApi;
  readonly autoscaling: AutoscalingApi;
  readonly cloudwatch: CloudWatchApi;
  readonly serviceQuotas: ServiceQuotasApi;
}

export interface AwsClientFactory {
  /** The clients for one region and identity; the same target gives the same clients. */
  clients(target: AwsTarget): AwsClients;
  /** Closes every client built so far (their sockets would otherwise keep the process alive). */
  destroy(): void;
}

interface SdkClient {
  readonly middlewareStack: { use(plugin: AnyClientPlugin): void };
  destroy(): void;
}

export type RetryMode = 'standard' | 'adaptive';

export interface SdkConfig {
  readonly region: string;
  readonly maxAttempts: number;
  readonly retryMode: RetryMode;
  readonly requestHandler: { readonly connectionTimeout: number; readonly requestTimeout: number; readonly throwOnRequestTimeout: true };
  readonly customUserAgent?: [string, string][];
  readonly credentials?: AwsCredentialIdentityProvider;
}

/** Adaptive mode adds a client-side token bucket that slows a client down after AWS throttles
 * it. One client serves one account and region, which is exactly the scope of the per-account
 * rate limits of the control planes tiered writes to. The lease table and STS stay standard:
 * a renewal must never wait behind a throttled apply's bucket. */
const RETRY_MODE: Readonly<Record<AwsService, RetryMode>> = {
  elbv2: 'adaptive',
  ecs: 'adaptive',
  ec2: 'adaptive',
  route53: 'adaptive',
  tagging: 'adaptive',
  autoscaling: 'adaptive',
  cloudwatch: 'adaptive',
  servicequotas: 'adaptive',
  logs: 'adaptive',
  sts: 'standard',
  dynamodb: 'standard',
};

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** The SDK settings every client tiered makes shares (the role credential provider's STS
 * client included). */
export function sdkConfig(region: string, options: AwsClientOptions, service: AwsService): SdkConfig {
  const timeouts = { connectMs: DEFAULT_CONNECT_TIMEOUT_MS, requestMs: DEFAULT_REQUEST_TIMEOUT_MS, ...options.timeouts };
  return {
    region,
    maxAttempts: positive('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    retryMode: RETRY_MODE[service],
    requestHandler: {
      connectionTimeout: positive('connect timeout (ms)', timeouts.connectMs),
      requestTimeout: positive('request timeout (ms)', timeouts.requestMs),
      throwOnRequestTimeout: true,
    },
    ...(options.callerId === undefined ? {} : { customUserAgent: [['tiered-caller', options.callerId]] }),
  };
}

/** The middleware every client carries: the lease fence, then the counting hooks. */
export function clientPlugins(site: CallSite, options: AwsClientOptions): AnyClientPlugin[] {
  return [
    attemptFencePlugin(),
    ...(options.onAttempt === undefined ? [] : [attemptObserverPlugin(site, options.onAttempt)]),
    ...(options.onCall === undefined ? [] : [callObserverPlugin(site, options.onCall)]),
  ];
}

export function createAwsClientFactory(options: AwsClientOptions = {}): AwsClientFactory {
  sdkConfig(DEFAULT_REGION, options, 'sts'); // validates the options now, not at first use
  const built: SdkClient[] = [];
  const roleCredentials = new Map<string, AwsCredentialIdentityProvider>();
  const sets = new Map<string, AwsClients>();

  function credentialsFor(target: AwsTarget): AwsCredentialIdentityProvider | undefined {
    if (target.roleArn === undefined) return options.credentials;
    const key = `${target.region}|${target.roleArn}`;
    let provider = roleCredentials.get(key);
    if (provider === undefined) {
      provider = assumedRoleCredentials(target.roleArn, {
        clientConfig: sdkConfig(target.region, options, 'sts'),
        clientPlugins: clientPlugins({ service: 'sts', region: target.region }, options),
        ...(options.credentials === undefined ? {} : { masterCredentials: options.credentials }),
      });
      roleCredentials.set(key, provider);
    }
    return provider;
  }

  function build(target: AwsTarget): AwsClients {
    const credentials = credentialsFor(target);
    // Each SDK client is made on first use: most passes touch only some services.
    function lazy<C extends SdkClient, A>(service: AwsService, make: (c: SdkConfig) => C, wrap: (c: C) => A): () => A {
      let api: A | undefined;
      return () => {
        if (api === undefined) {
          const client = make({ ...sdkConfig(target.region, options, service), ...(credentials === undefined ? {} : { credentials }) });
          const site = { service, region: target.region, ...(target.roleArn === undefined ? {} : { roleArn: target.roleArn }) };
          for (const plugin of clientPlugins(site, options)) client.middlewareStack.use(plugin);
          built.push(client);
          api = wrap(client);
        }
        return api;
      };
    }
    const elbv2 = lazy('elbv2', (c) => new ElasticLoadBalancingV2Client(c), elbv2Api);
    const ecs = lazy('ecs', (c) => new ECSClient(c), ecsApi);
    const ec2 = lazy('ec2', (c) => new EC2Client(c), ec2Api);
    const route53 = lazy('route53', (c) => new Route53Client(c), route53Api);
    const tagging = lazy('tagging', (c) => new ResourceGroupsTaggingAPIClient(c), taggingApi);
    const sts = lazy('sts', (c) => new STSClient(c), stsApi);
    const dynamodb = lazy('dynamodb', (c) => new DynamoDBClient(c), dynamoDbApi);
    const logs = lazy('logs', (c) => new CloudWatchLogsClient(c), logsApi);
    const autoscaling = lazy('autoscaling', (c) => new ApplicationAutoScalingClient(c), autoscalingApi);
    const cloudwatch = lazy('cloudwatch', (c) => new CloudWatchClient(c), cloudWatchApi);
    const serviceQuotas = lazy('servicequotas', (c) => new ServiceQuotasClient(c), serviceQuotasApi);
    return {
      get elbv2() {
        return elbv2();
      },
      get ecs() {
        return ecs();
      },
      get ec2() {
        return ec2();
      },
      get route53() {
        return route53();
      },
      get tagging() {
        return tagging();
      },
      get sts() {
        return sts();
      },
      get dynamodb() {
        return dynamodb();
      },
      get logs() {
        return logs();
      },
      get autoscaling() {
        return autoscaling();
      },
      get cloudwatch() {
        return cloudwatch();
      },
      get serviceQuotas() {
        return serviceQuotas();
      },
    };
  }

  return {
    clients(target) {
      const key = `${target.region}|${target.roleArn ?? ''}`;
      let set = sets.get(key);
      if (set === undefined) {
        set = build(target);
        sets.set(key, set);
      }
      return set;
    },
    destroy() {
      for (const client of built.splice(0)) client.destroy();
    },
  };
}
