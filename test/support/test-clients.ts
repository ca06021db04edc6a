// SDK v3 clients for every service tiered uses, pointed at one endpoint with dummy credentials.
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';

export const TEST_REGION = 'us-east-1';

export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** Dummy credentials: moto accepts any, and these fall in moto's default account. */
export const TEST_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIATIEREDTEST000001', secretAccessKey: 'tiered-test-secret' };

export interface ClientOptions {
  readonly credentials?: AwsCredentialIdentity;
  /** SDK attempts per call; 1 by default so an injected fault reaches the test unretried. */
  readonly maxAttempts?: number;
  readonly region?: string;
}

export interface TestClients {
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly ecs: ECSClient;
  readonly ec2: EC2Client;
  readonly route53: Route53Client;
  readonly sts: STSClient;
  readonly dynamodb: DynamoDBClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly logs: CloudWatchLogsClient;
  readonly autoscaling: ApplicationAutoScalingClient;
  readonly cloudwatch: CloudWatchClient;
  readonly servicequotas: ServiceQuotasClient;
}

export function startTestClients(endpoint: string, options: ClientOptions = {}): TestClients {
  const config = {
    endpoint,
    region: options.region ?? TEST_REGION,
    credentials: options.credentials ?? TEST_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
  };
  return {
    elbv2: new ElasticLoadBalancingV2Client(config),
    ecs: new ECSClient(config),
    ec2: new EC2Client(config),
    route53: new Route53Client(config),
    sts: new STSClient(config),
    dynamodb: new DynamoDBClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
    logs: new CloudWatchLogsClient(config),
    autoscaling: new ApplicationAutoScalingClient(config),
    cloudwatch: new CloudWatchClient(config),
    servicequotas: new ServiceQuotasClient(config),
  };
}

export function destroyClients(clients: TestClients): void {
  for (const client of Object.values(clients)) (client as { destroy(): void }).destroy();
}
