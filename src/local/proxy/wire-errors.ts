// Error responses in each service's real wire shape, so the SDK parses them as AWS's own.
import type { FaultKind, ServiceOrUnknown } from './types.js';

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface WireError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

type Protocol = 'query' | 'ec2' | 'json' | 'restXml';

function protocolOf(service: ServiceOrUnknown): Protocol {
  switch (service) {
    case 'ec2':
      return 'ec2';
    case 'ecs':
    case 'dynamodb':
    case 'tagging':
    case 'logs':
    case 'autoscaling':
    case 'cloudwatch':
    case 'servicequotas':
      return 'json';
    case 'route53':
      return 'restXml';
    default:
      return 'query';
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';
const ELBV2_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/** Renders an error as `service` sends it. `requestId` is echoed in body and headers. */
export function wireError(service: ServiceOrUnknown, error: WireError, requestId: string): WireResponse {
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  switch (protocolOf(service)) {
    case 'json':
      return {
        status: error.status,
        headers: {
          'content-type': service === 'cloudwatch' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1',
          'x-amzn-errortype': error.code,
          'x-amzn-requestid': requestId,
          // CloudWatch speaks JSON but keeps its query-protocol error codes in this header.
          ...(service === 'cloudwatch' ? { 'x-amzn-query-error': `${error.code};${type}` } : {}),
        },
        body: JSON.stringify({ __type: error.code, message: error.message }),
      };
    case 'ec2':
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'restXml':
    case 'query': {
      const ns = service === 'route53' ? ROUTE53_NS : service === 'elbv2' ? ELBV2_NS : 'https://sts.amazonaws.com/doc/2011-06-15/';
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
  }
}

/** The throttling error each service really sends (docs/aws-behaviour.md §2). */
export function throttleError(service: ServiceOrUnknown): WireError {
  switch (service) {
    case 'ec2':
      return { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
    case 'ecs':
      return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
    case 'dynamodb':
      return {
        status: 400,
        code: 'ProvisionedThroughputExceededException',
        message: 'The level of configured provisioned throughput for the table was exceeded.',
      };
    case 'tagging':
      return { status: 400, code: 'ThrottledException', message: 'Rate exceeded' };
    case 'logs':
    case 'autoscaling':
      return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
    case 'servicequotas':
      return { status: 400, code: 'TooManyRequestsException', message: 'Rate exceeded' };
    default:
      return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
  }
}

/** A 500 in the service's own code. */
export function serverError(service: ServiceOrUnknown): WireError {
  const code: Partial<Record<ServiceOrUnknown, string>> = {
    ec2: 'InternalError',
    ecs: 'ServerException',
    dynamodb: 'InternalServerError',
    tagging: 'InternalServiceException',
    logs: 'ServiceUnavailableException',
    autoscaling: 'InternalServiceException',
    cloudwatch: 'InternalServiceError',
  };
  return { status: 500, code: code[service] ?? 'InternalFailure', message: 'We encountered an internal error. Please try again.' };
}

/** A 503 in the service's own code. */
export function unavailableError(service: ServiceOrUnknown): WireError {
  return { status: 503, code: service === 'ec2' ? 'Unavailable' : 'ServiceUnavailable', message: 'Service is unavailable. Please try again.' };
}

/** Route 53's answer while another change to the same zone is still being applied. */
export const PRIOR_REQUEST_NOT_COMPLETE: WireError = {
  status: 400,
  code: 'PriorRequestNotComplete',
  message: 'The request was rejected because Route 53 was still processing a prior request.',
};

/** A caller whose IAM policy lacks the action, in the service's own code. */
export function accessDeniedError(service: ServiceOrUnknown): WireError {
  const code: Partial<Record<ServiceOrUnknown, string>> = {
    ec2: 'UnauthorizedOperation',
    ecs: 'AccessDeniedException',
    tagging: 'AccessDeniedException',
    logs: 'AccessDeniedException',
    autoscaling: 'AccessDeniedException',
    dynamodb: 'AccessDeniedException',
  };
  return { status: 403, code: code[service] ?? 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/testing is not authorized to perform this action' };
}

/** The error an injected fault of `kind` produces, or undefined for `latency`. */
export function faultError(kind: FaultKind, service: ServiceOrUnknown): WireError | undefined {
  switch (kind) {
    case 'throttle':
      return throttleError(service);
    case 'server-error':
      return serverError(service);
    case 'unavailable':
      return unavailableError(service);
    case 'prior-request-not-complete':
      return PRIOR_REQUEST_NOT_COMPLETE;
    case 'access-denied':
      return accessDeniedError(service);
    case 'latency':
      return undefined;
  }
}
