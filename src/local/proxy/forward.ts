// Sends a buffered request on to moto and buffers its answer.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { RawRequest } from './types.js';

export interface ForwardedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Hop-by-hop headers are the proxy's own business, not moto's. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'host', 'content-length']);

export function forward(target: URL, request: RawRequest, body: Buffer): Promise<ForwardedResponse> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers.host = target.host;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (c: Buffer) => chunks.push(c));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: Buffer.concat(chunks) }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The error code in an AWS error body of any protocol, for the call log. */
export function errorCodeOf(body: string): string | undefined {
  const xml = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  if (xml) return xml;
  const json = /"__type"\s*:\s*"([^"]+)"/.exec(body)?.[1];
  return json?.split('#').pop();
}
