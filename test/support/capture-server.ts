// A loopback HTTP server that records the raw requests it receives and answers 400 with an empty
// body, so a test can see exactly what an SDK client puts on the wire.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawRequest } from '../../src/local/proxy/types.js';

export interface CaptureServer {
  readonly url: string;
  /** Requests received so far, oldest first. */
  readonly requests: RawRequest[];
  stop(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: RawRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      requests.push({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
