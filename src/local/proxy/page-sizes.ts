// AWS's page sizes where moto departs from them, so a test or a bench counts the reads AWS would
// answer. Three ways moto departs, three remedies:
// - it ignores the page size and answers everything at once (DescribeTargetGroups,
//   DescribeListeners, ListServices, ListTaskDefinitions, ListClusters): the proxy cuts moto's
//   full answer into AWS-sized pages and hands out its own continuation token (page-slices.ts);
// - it honours any page size, above AWS's maximum too (DescribeLoadBalancers, DescribeRules,
//   GetResources): the proxy refuses a size AWS refuses, with AWS's error; and GetResources ends
//   its pages at 100 tags too when only ResourcesPerPage is named (about 13 of tiered's resources
//   a page), which AWS does only when TagsPerPage is named: the proxy lifts moto's tag bound;
// - it honours any size where AWS silently caps (ListResourceRecordSets 300,
//   ListHostedZonesByName 100): the proxy lowers the size asked to AWS's cap.
// Limits: botocore's service models (min/max of PageSize) and the API references (ECS "between
// 1 and 100", GetResources "a maximum value of 100", Route 53's ListResourceRecordSets 300 and
// ListHostedZonesByName 100).
import { formParams, jsonBody, pathOf } from './request-fields.js';
import type { RawRequest, RecognisedRequest, ServiceOrUnknown } from './types.js';
import type { WireError } from './wire-errors.js';

/** moto answers all; the proxy slices. `size` is the request's field, `token` the one it pages by. */
export interface SlicedList {
  readonly way: 'slice';
  readonly protocol: 'json' | 'query';
  /** The JSON field or XML element holding the list. */
  readonly list: string;
  readonly size: string;
  readonly token: string;
  /** The answer's field or element carrying the next token. */
  readonly nextToken: string;
  readonly max: number;
  /** The page size AWS answers with when the request names none. */
  readonly defaultSize: number;
}

/** moto honours the size, whatever it is; AWS refuses one above `max`. */
export interface RefusedAbove {
  readonly way: 'refuse-above';
  readonly protocol: 'json' | 'query';
  readonly size: string;
  readonly max: number;
  /** A second bound moto applies even when the request names only `size` (AWS applies one or
   * the other): lifted in the forwarded request when the request does not name it. */
  readonly liftsUnnamed?: string;
}

/** moto honours the size, whatever it is; AWS answers at most `max`. */
export interface CappedQuery {
  readonly way: 'cap';
  readonly size: string;
  readonly max: number;
}

export type PageRule = SlicedList | RefusedAbove | CappedQuery;

const ELBV2_MAX = 400;
const ECS_MAX = 100;

const elbv2Sliced = (list: string): SlicedList => ({
  way: 'slice',
  protocol: 'query',
  list,
  size: 'PageSize',
  token: 'Marker',
  nextToken: 'NextMarker',
  max: ELBV2_MAX,
  defaultSize: ELBV2_MAX,
});

const ecsSliced = (list: string, defaultSize: number): SlicedList => ({
  way: 'slice',
  protocol: 'json',
  list,
  size: 'maxResults',
  token: 'nextToken',
  nextToken: 'nextToken',
  max: ECS_MAX,
  defaultSize,
});

/** Per service and operation: how the proxy brings moto's paging to AWS's. */
export const PAGE_RULES: Readonly<Partial<Record<ServiceOrUnknown, Readonly<Record<string, PageRule>>>>> = {
  elbv2: {
    DescribeTargetGroups: elbv2Sliced('TargetGroups'),
    DescribeListeners: elbv2Sliced('Listeners'),
    DescribeLoadBalancers: { way: 'refuse-above', protocol: 'query', size: 'PageSize', max: ELBV2_MAX },
    DescribeRules: { way: 'refuse-above', protocol: 'query', size: 'PageSize', max: ELBV2_MAX },
  },
  ecs: {
    ListServices: ecsSliced('serviceArns', 10),
    ListTaskDefinitions: ecsSliced('taskDefinitionArns', 100),
    ListClusters: ecsSliced('clusterArns', 100),
  },
  tagging: {
    GetResources: { way: 'refuse-above', protocol: 'json', size: 'ResourcesPerPage', max: 100, liftsUnnamed: 'TagsPerPage' },
  },
  route53: {
    ListResourceRecordSets: { way: 'cap', size: 'maxitems', max: 300 },
    ListHostedZonesByName: { way: 'cap', size: 'maxitems', max: 100 },
  },
};

/** What the proxy does with one request: refuse it, or forward it (perhaps rewritten) and then
 * cut the answer to one page. */
export type PagePlan =
  | { readonly refusal: WireError }
  | { readonly request: RawRequest; readonly slice?: { readonly rule: SlicedList; readonly offset: number; readonly size: number } };

/** The size a request asks for, as written (undefined when it names none). */
function askedSize(rule: PageRule, request: RawRequest): number | undefined {
  const raw =
    rule.way === 'cap' ? new URL(request.url, 'http://proxy').searchParams.get(rule.size)
    : rule.protocol === 'json' ? jsonBody(request)[rule.size]
    : formParams(request).get(rule.size);
  return raw === undefined || raw === null ? undefined : Number(raw);
}

function askedToken(rule: SlicedList, request: RawRequest): string | undefined {
  const raw = rule.protocol === 'json' ? jsonBody(request)[rule.token] : formParams(request).get(rule.token);
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

function sizeRefusal(rule: SlicedList | RefusedAbove, size: number): WireError {
  if (rule.protocol === 'query') {
    const field = rule.size[0]!.toLowerCase() + rule.size.slice(1);
    const bound = size < 1 ? 'greater than or equal to 1' : `less than or equal to ${rule.max}`;
    return { status: 400, code: 'ValidationError', message: `1 validation error detected: Value '${size}' at '${field}' failed to satisfy constraint: Member must have value ${bound}` };
  }
  return { status: 400, code: 'InvalidParameterException', message: `${rule.size} must be between 1 and ${rule.max}` };
}

const TOKEN_PREFIX = 'tiered-proxy-page:';

/** The proxy's continuation token: the offset of the next page in moto's full answer. */
export function pageToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64');
}

function tokenOffset(token: string): number | undefined {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  const offset = Number(text.slice(TOKEN_PREFIX.length));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}

function invalidToken(rule: SlicedList, service: ServiceOrUnknown): WireError {
  if (service === 'ecs') return { status: 400, code: 'InvalidParameterException', message: `Invalid ${rule.token}` };
  return { status: 400, code: 'ValidationError', message: `Invalid ${rule.token}` };
}

function withCappedQuery(request: RawRequest, rule: CappedQuery, size: number | undefined): RawRequest {
  if (size !== undefined && size <= rule.max) return request;
  const url = new URL(request.url, 'http://proxy');
  url.searchParams.set(rule.size, String(rule.max));
  return { ...request, url: `${pathOf(request)}?${url.searchParams.toString()}` };
}

/** No bound moto applies that AWS would not: a JSON body with `liftsUnnamed` set past any page. */
function withLiftedBound(request: RawRequest, rule: RefusedAbove): RawRequest {
  if (rule.liftsUnnamed === undefined || rule.protocol !== 'json') return request;
  const body = jsonBody(request);
  if (body[rule.liftsUnnamed] !== undefined) return request;
  return { ...request, body: JSON.stringify({ ...body, [rule.liftsUnnamed]: Number.MAX_SAFE_INTEGER }) };
}

/** How one request is paged the AWS way (the request unchanged when AWS pages as moto does). */
export function planPage(call: RecognisedRequest, request: RawRequest): PagePlan {
  const rule = PAGE_RULES[call.service]?.[call.operation];
  if (rule === undefined) return { request };
  const size = askedSize(rule, request);
  if (rule.way === 'cap') return { request: withCappedQuery(request, rule, size) };
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > rule.max)) return { refusal: sizeRefusal(rule, size) };
  if (rule.way === 'refuse-above') return { request: size === undefined ? request : withLiftedBound(request, rule) };
  const token = askedToken(rule, request);
  const offset = token === undefined ? 0 : tokenOffset(token);
  if (offset === undefined) return { refusal: invalidToken(rule, call.service) };
  return { request, slice: { rule, offset, size: size ?? rule.defaultSize } };
}
