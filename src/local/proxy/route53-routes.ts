// Route 53 (restXml): the operation is named by method + path, matched against botocore's table.
import { route53Operations } from './route53-operations.js';

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
  /** Literal path segments; a route with more of them wins over a looser one. */
  readonly literals: number;
}

function compile(method: string, uri: string, operation: string): Route {
  const path = uri.split('?')[0]!.replace(/\/$/, '');
  const segments = path.split('/').filter((s) => s !== '');
  const source = segments
    .map((s) => (s.endsWith('+}') ? '.+' : s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return {
    method,
    pattern: new RegExp(`^/${source}/?$`),
    operation,
    literals: segments.filter((s) => !s.startsWith('{')).length,
  };
}

const routes: readonly Route[] = route53Operations
  .map(([method, uri, operation]) => compile(method, uri, operation))
  .sort((a, b) => b.literals - a.literals);

/** The Route 53 operation for a method and path, or undefined when none matches. */
export function route53Operation(method: string, path: string): string | undefined {
  return routes.find((r) => r.method === method && r.pattern.test(path))?.operation;
}

/** The hosted zone or resource id in a Route 53 path, used as the log's resource hint. */
export function route53Resource(path: string): string | undefined {
  const match = /\/2013-04-01\/(?:hostedzone|change|healthcheck|tags\/[^/]+)\/([^/]+)/.exec(path);
  return match?.[1];
}
