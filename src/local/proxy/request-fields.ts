// Small readers over a raw request: headers, the SigV4 credential scope, form and JSON bodies.
import type { RawRequest } from './types.js';

export function header(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The access key id and service name of a SigV4 `Authorization` header. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly signingService: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/[^/]+\/([^/]+)\/([^/]+)\/aws4_request/;

export function credentialScope(request: RawRequest): CredentialScope | undefined {
  const match = CREDENTIAL.exec(header(request, 'authorization') ?? '');
  return match ? { accessKeyId: match[1]!, region: match[2]!, signingService: match[3]! } : undefined;
}

/** The form parameters of an awsQuery/ec2Query request (body, or query string for GETs). */
export function formParams(request: RawRequest): URLSearchParams {
  const contentType = header(request, 'content-type') ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) return new URLSearchParams(request.body);
  const query = request.url.indexOf('?');
  return new URLSearchParams(query >= 0 ? request.url.slice(query + 1) : '');
}

/** The JSON body of an awsJson request as an object, or an empty one when it is not JSON. */
export function jsonBody(request: RawRequest): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(request.body);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function pathOf(request: RawRequest): string {
  const query = request.url.indexOf('?');
  return query >= 0 ? request.url.slice(0, query) : request.url;
}
