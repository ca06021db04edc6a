// The daemon's HTTP surface on node:http: /healthz, /readyz, /metrics, /status, and the status
// page at / (docs/status.md). Read-only, GET/HEAD only, no framework; everything it serves comes
// from the functions it is given.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LISTEN, parseListenAddress } from './listen-address.js';
import type { ReadinessReport } from './readiness.js';
import type { StatusSnapshot } from './status-store.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { statusPageAssets } from '../../status-page/assets.js';
import { statusPageHtml } from '../../status-page/html.js';

export interface HttpSurfaces {
  /** `host:port` (default 127.0.0.1:8080; port 0 picks a free port). */
  readonly listen?: string;
  readonly status: () => StatusSnapshot;
  readonly readiness: () => Promise<ReadinessReport>;
  readonly metrics: () => Promise<{ readonly contentType: string; readonly body: string }>;
  /** A tenant's resources for the status page's search (`/status/tenants/<name>`), if known. */
  readonly tenant?: (name: string) => unknown;
}

/** Where a tenant's resources are served: `/status/tenants/<name>`. */
export const TENANT_PATH = '/status/tenants/';

export interface RunningHttpServer {
  readonly host: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops listening and closes open connections (keep-alive ones included). */
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: `${JSON.stringify(value, null, 2)}\n`,
});

export async function startHttpServer(surfaces: HttpSurfaces): Promise<RunningHttpServer> {
  const { host, port } = parseListenAddress(surfaces.listen ?? DEFAULT_LISTEN);
  const routes: Record<string, () => Promise<Reply>> = {
    '/healthz': async () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok\n' }),
    '/readyz': async () => {
      const report = await surfaces.readiness();
      return json(report.ready ? 200 : 503, report);
    },
    '/metrics': async () => {
      const { contentType, body } = await surfaces.metrics();
      return { status: 200, contentType, body };
    },
    '/status': async () => json(200, surfaces.status()),
    '/': async () => ({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: statusPageHtml({ title: 'tiered status', script: { href: '/status-page.js' }, style: { href: '/status-page.css' } }),
    }),
    '/status-page.js': async () => ({ status: 200, contentType: 'text/javascript; charset=utf-8', body: statusPageAssets().script }),
    '/status-page.css': async () => ({ status: 200, contentType: 'text/css; charset=utf-8', body: statusPageAssets().style }),
    // Browsers ask for it unbidden: no icon, and no 404 in their console.
    '/favicon.ico': async () => ({ status: 204, contentType: 'image/x-icon', body: '' }),
  };
  const tenantRoute = async (encoded: string): Promise<Reply> => {
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      return json(400, { error: `not a tenant name: ${encoded}` });
    }
    const found = surfaces.tenant?.(name);
    return found === undefined ? json(404, { error: `no resources known for tenant ${name}` }) : json(200, found);
  };

  const handle = async (req: IncomingMessage): Promise<Reply> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = path.startsWith(TENANT_PATH)
      ? () => tenantRoute(path.slice(TENANT_PATH.length))
      : Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (route === undefined) return json(404, { error: `no such path: ${path}`, paths: Object.keys(routes) });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return { ...json(405, { error: `${req.method} not allowed` }), headers: { allow: 'GET, HEAD' } };
    }
    return route();
  };

  const server = createServer((req, res) => {
    handle(req)
      .catch((err: unknown) => json(500, { error: err instanceof Error ? err.message : String(err) }))
      .then((reply) => send(req, res, reply))
      // A client gone mid-reply makes writeHead/end throw: drop that socket, keep the server.
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    const refused = (err: NodeJS.ErrnoException): void => reject(err.code === 'EADDRINUSE' ? portInUse(host, port) : err);
    server.once('error', refused);
    server.listen(port, host, () => {
      server.off('error', refused);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Which port, and how to pick another (the operator's next step, not a stack trace). */
export function portInUse(host: string, port: number): Error {
  const where = host.includes(':') ? `[${host}]` : host;
  return new Error(
    `cannot listen on ${where}:${port}: port ${port} is already in use (another tiered run?). ` +
      `Pick another with --listen ${where}:${port + 1}, or --listen ${where}:0 for any free port.`,
  );
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': Buffer.byteLength(reply.body),
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}
