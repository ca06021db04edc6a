// One home for the AWS error codes tiered reacts to, and the classifier that turns any error
// from an SDK call into what the caller should do about it:
//   throttling — slow down and retry (the SDK already retried; the service is still refusing);
//   transient  — retry later: a server fault, a network failure, a state still settling;
//   conflict   — the world disagrees with the request (name or priority taken, still in use,
//                condition failed): re-observe before acting again;
//   not-found  — the thing named is gone (often fine when deleting);
//   terminal   — retrying the same request cannot help (permissions, validation, quotas).

export type AwsErrorClass = 'throttling' | 'transient' | 'terminal' | 'conflict' | 'not-found';

/** Throttling, as each service sends it (docs/aws-behaviour.md §2: wire shapes differ per service). */
export const THROTTLING_CODES = [
  'Throttling', // ELBv2, Route 53, STS
  'ThrottlingException', // ECS, DynamoDB
  'RequestLimitExceeded', // EC2
  'ThrottledException', // Tagging API
  'ProvisionedThroughputExceededException', // DynamoDB
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
] as const;

/** Worth retrying after a pause, though not a throttle. */
export const TRANSIENT_CODES = [
  'PriorRequestNotComplete', // Route 53: a change to the same zone is still being applied
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServerException', // ECS
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError', // SDK: the socket timed out
  'IDPCommunicationError',
  'OperationAbortedException', // CloudWatch Logs: another operation on the group is under way
  'ConcurrentUpdateException', // Application Auto Scaling: another change to the target is under way
] as const;

export const CONFLICT_CODES = [
  'ResourceInUse', // ELBv2: target group still used by a rule; DynamoDB (…Exception)
  'ResourceInUseException',
  'PriorityInUse',
  'DuplicateTargetGroupName',
  'DuplicateLoadBalancerName',
  'DuplicateListener',
  'DuplicateTagKeys',
  'ConditionalCheckFailedException', // DynamoDB: the lease is held by someone else
  'TransactionConflictException',
  'ClusterContainsServicesException',
  'ClusterContainsTasksException',
  'HostedZoneAlreadyExists',
  'ConflictingDomainExists',
  'DependencyViolation', // EC2: still referenced
  'IncorrectState',
  'IdempotentParameterMismatch', // EC2: a ClientToken reused with different parameters
  'ResourceAlreadyExistsException', // CloudWatch Logs: the log group exists
] as const;

export const NOT_FOUND_CODES = [
  'LoadBalancerNotFound',
  'ListenerNotFound',
  'RuleNotFound',
  'TargetGroupNotFound',
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'ServiceNotActiveException',
  'NoSuchHostedZone',
  'NoSuchChange',
  'NoSuchEntity',
  'ResourceNotFoundException', // DynamoDB, ECS (tags)
  'InvalidVpcID.NotFound',
  'InvalidSubnetID.NotFound',
  'InvalidGroup.NotFound',
  'InvalidVpcEndpointId.NotFound',
  'ObjectNotFoundException', // Application Auto Scaling: no such target or policy
  'ResourceNotFound', // CloudWatch: no such alarm
] as const;

/** Named so callers can say what they mean; anything else unknown and 4xx is terminal too. */
export const TERMINAL_CODES = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'ValidationError',
  'ValidationException',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'InvalidConfigurationRequest',
  'InvalidInput',
  'InvalidChangeBatch',
  'ClientException',
  'TooManyRules',
  'TooManyUniqueTargetGroupsPerLoadBalancer',
  'TooManyTargetGroups',
  'TooManyLoadBalancers',
  'TooManyListeners',
  'TooManyTargets',
  'TooManyActions',
  'TooManyConditionValues',
  'TargetGroupAssociationLimit',
  'VpcEndpointLimitExceeded',
] as const;

export type AwsErrorCode =
  | (typeof THROTTLING_CODES)[number]
  | (typeof TRANSIENT_CODES)[number]
  | (typeof CONFLICT_CODES)[number]
  | (typeof NOT_FOUND_CODES)[number]
  | (typeof TERMINAL_CODES)[number];

const CLASS_OF_CODE: ReadonlyMap<string, AwsErrorClass> = new Map<string, AwsErrorClass>([
  ...THROTTLING_CODES.map((c) => [c, 'throttling'] as const),
  ...TRANSIENT_CODES.map((c) => [c, 'transient'] as const),
  ...CONFLICT_CODES.map((c) => [c, 'conflict'] as const),
  ...NOT_FOUND_CODES.map((c) => [c, 'not-found'] as const),
  ...TERMINAL_CODES.map((c) => [c, 'terminal'] as const),
]);

/** Node's socket-level failures: the request may never have reached the service. */
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

function shape(err: unknown): SdkErrorShape {
  return typeof err === 'object' && err !== null ? (err) : {};
}

/** The service's error code as it came on the wire, or undefined for non-AWS errors. The SDK
 * v3 names modeled query/XML errors after their class (`TargetGroupNotFoundException`) and
 * keeps the wire code (`TargetGroupNotFound`) in `Code`; JSON and unmodeled errors carry the
 * code as `name` alone. */
export function awsErrorCode(err: unknown): string | undefined {
  const e = shape(err);
  if (typeof e.Code === 'string' && e.Code !== '') return e.Code;
  return typeof e.name === 'string' && e.name !== 'Error' && e.$metadata !== undefined ? e.name : undefined;
}

/** The codes `err` answers to: the wire code, and the class name without `Exception` when
 * only that is known (errors built by hand, e.g. in tests, have no `Code`). */
function codesOf(err: unknown): string[] {
  const code = awsErrorCode(err);
  if (code === undefined) return [];
  return code.endsWith('Exception') ? [code, code.slice(0, -'Exception'.length)] : [code];
}

export function httpStatus(err: unknown): number | undefined {
  const status = shape(err).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** True when `err` is the AWS error `code`. */
export function isAwsError(err: unknown, code: AwsErrorCode): boolean {
  return codesOf(err).includes(code);
}

/** Route 53 folds "already exists" and "not found" into InvalidChangeBatch; its bracketed
 * messages are the only way to tell them apart. */
function changeBatchClass(message: string): AwsErrorClass {
  if (/already exists/i.test(message)) return 'conflict';
  if (/not found/i.test(message)) return 'not-found';
  return 'terminal';
}

export function classifyAwsError(err: unknown): AwsErrorClass {
  const e = shape(err);
  const codes = codesOf(err);
  const message = typeof e.message === 'string' ? e.message : '';
  if (codes.includes('InvalidChangeBatch')) return changeBatchClass(message);
  for (const code of codes) {
    const known = CLASS_OF_CODE.get(code);
    if (known !== undefined) return known;
  }
  if (codes.some((c) => /NotFound/.test(c))) return 'not-found';
  // The SDK's own timeouts (connect, request) carry no AWS metadata: no answer came.
  if (e.name === 'TimeoutError') return 'transient';
  const status = httpStatus(err);
  if (status !== undefined && status >= 500) return 'transient';
  if (status === 429) return 'throttling';
  if (status === undefined && typeof e.code === 'string' && NETWORK_ERROR_CODES.has(e.code)) return 'transient';
  return 'terminal';
}
