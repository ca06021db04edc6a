// Recognises a request's service and operation for every protocol tiered uses:
// restXml (Route 53) by method + path, awsQuery/ec2Query by `Action=`, awsJson by `X-Amz-Target`.
import { isReadOperation } from '../../aws/operation-kind.js';
import { credentialScope, formParams, header, jsonBody, pathOf } from './request-fields.js';
import { route53Operation, route53Resource } from './route53-routes.js';
import type { RawRequest, RecognisedRequest, ServiceName, ServiceOrUnknown } from './types.js';

/** SigV4 signing names of the services, as they appear in the credential scope. */
const SIGNING_NAMES: Readonly<Record<string, ServiceName>> = {
  route53: 'route53',
  elasticloadbalancing: 'elbv2',
  sts: 'sts',
  ec2: 'ec2',
  ecs: 'ecs',
  dynamodb: 'dynamodb',
  tagging: 'tagging',
  logs: 'logs',
  'application-autoscaling': 'autoscaling',
  monitoring: 'cloudwatch',
  servicequotas: 'servicequotas',
};

/** awsJson target prefixes, for requests without a usable signature. */
const TARGET_PREFIXES: Readonly<Record<string, ServiceName>> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  DynamoDB_20120810: 'dynamodb',
  ResourceGroupsTaggingAPI_20170126: 'tagging',
  Logs_20140328: 'logs',
  AnyScaleFrontendService: 'autoscaling',
  GraniteServiceVersion20100801: 'cloudwatch',
  ServiceQuotasV20190624: 'servicequotas',
};

/** awsQuery/ec2Query API versions, likewise. */
const QUERY_VERSIONS: Readonly<Record<string, ServiceName>> = {
  '2015-12-01': 'elbv2',
  '2011-06-15': 'sts',
  '2016-11-15': 'ec2',
};

export function isMutating(operation: string): boolean {
  return !isReadOperation(operation);
}

/** Request fields that name what a mutating call touches, most specific first. */
const QUERY_HINTS = ['RuleArn', 'ListenerArn', 'TargetGroupArn', 'LoadBalancerArn', 'Name', 'ResourceArns.member.1', 'VpcEndpointId.1', 'VpcId', 'RoleArn'];
const JSON_HINTS = [
  'service', 'serviceName', 'cluster', 'clusterName', 'family', 'taskDefinition', 'TableName', 'resourceArn', 'ResourceARNList',
  'logGroupName', 'PolicyName', 'ResourceId', 'AlarmName', 'AlarmNames',
];

function serviceOf(request: RawRequest, signingService: string | undefined): ServiceOrUnknown {
  if (signingService !== undefined && SIGNING_NAMES[signingService]) return SIGNING_NAMES[signingService];
  const target = header(request, 'x-amz-target');
  if (target) return TARGET_PREFIXES[target.split('.')[0]!] ?? 'unknown';
  if (pathOf(request).startsWith('/2013-04-01/')) return 'route53';
  return QUERY_VERSIONS[formParams(request).get('Version') ?? ''] ?? 'unknown';
}

interface Named {
  readonly operation: string;
  readonly resource: string | undefined;
}

function jsonOperation(request: RawRequest): Named {
  const target = header(request, 'x-amz-target') ?? '';
  const body = jsonBody(request);
  const hint = JSON_HINTS.map((k) => body[k]).find((v) => v !== undefined);
  return {
    operation: target.split('.')[1] ?? 'Unknown',
    resource: Array.isArray(hint) ? String(hint[0]) : typeof hint === 'string' ? hint : undefined,
  };
}

function queryOperation(request: RawRequest): Named {
  const params = formParams(request);
  const hint = QUERY_HINTS.map((k) => params.get(k)).find((v) => v !== null);
  return { operation: params.get('Action') ?? 'Unknown', resource: hint ?? undefined };
}

function restXmlOperation(request: RawRequest): Named {
  const path = pathOf(request);
  return { operation: route53Operation(request.method, path) ?? 'Unknown', resource: route53Resource(path) };
}

function named(service: ServiceOrUnknown, request: RawRequest): Named {
  switch (service) {
    case 'route53':
      return restXmlOperation(request);
    case 'ecs':
    case 'dynamodb':
    case 'tagging':
    case 'logs':
    case 'autoscaling':
    case 'cloudwatch':
    case 'servicequotas':
      return jsonOperation(request);
    case 'elbv2':
    case 'sts':
    case 'ec2':
      return queryOperation(request);
    case 'unknown':
      return header(request, 'x-amz-target') ? jsonOperation(request) : queryOperation(request);
  }
}

export function recognise(request: RawRequest): RecognisedRequest {
  const scope = credentialScope(request);
  const service = serviceOf(request, scope?.signingService);
  const { operation, resource } = named(service, request);
  const mutating = isMutating(operation);
  return {
    service,
    operation,
    accessKeyId: scope?.accessKeyId,
    region: scope?.region ?? 'us-east-1',
    mutating,
    resource: mutating ? resource?.slice(0, 200) : undefined,
  };
}
