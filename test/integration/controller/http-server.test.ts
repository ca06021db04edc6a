import { strict as assert } from 'node:assert';
import { Agent, get as httpGet } from 'node:http';
import { test } from 'node:test';
import { ControllerMetrics } from '../../../src/controller/http/metrics.js';
import { daemonReadinessChecks, evaluateReadiness } from '../../../src/controller/http/readiness.js';
import { startHttpServer, type RunningHttpServer } from '../../../src/controller/http/server.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text.js';

interface Fixture {
  readonly store: StatusStore;
  readonly server: RunningHttpServer;
  aws: boolean;
}

async function withServer(fn: (f: Fixture) => Promise<void>): Promise<void> {
  const metrics = new ControllerMetrics();
  const store = new StatusStore(metrics);
  const fixture = { store, aws: true } as { store: StatusStore; server: RunningHttpServer; aws: boolean };
  const checks = daemonReadinessChecks(store, () => fixture.aws);
  fixture.server = await startHttpServer({
    listen: '127.0.0.1:0',
    status: () => store.snapshot(),
    readiness: () => evaluateReadiness(checks),
    metrics: () => metrics.render(),
  });
  try {
    await fn(fixture);
  } finally {
    await fixture.server.close();
  }
}

async function get(server: RunningHttpServer, path: string, method = 'GET') {
  const res = await fetch(`${server.url}${path}`, { method });
  return { status: res.status, type: res.headers.get('content-type'), allow: res.headers.get('allow'), body: await res.text() };
}

test('/healthz answers 200 while the process is alive, ready or not', async () => {
  await withServer(async ({ server }) => {
    const res = await get(server, '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'ok\n');
  });
});

test('/readyz is 503 naming the failing checks, and 200 once they pass', async () => {
  await withServer(async (f) => {
    f.aws = false;
    let res = await get(f.server, '/readyz');
    assert.equal(res.status, 503);
    assert.match(res.type ?? '', /^application\/json/);
    const body = JSON.parse(res.body) as { ready: boolean; checks: Record<string, { ok: boolean }> };
    assert.equal(body.ready, false);
    assert.deepEqual(Object.entries(body.checks).filter(([, c]) => !c.ok).map(([n]) => n), ['source', 'aws', 'leases']);
    f.store.setRevision('main@abc', 'abc');
    f.store.setLeases(['tier-1']);
    f.aws = true;
    res = await get(f.server, '/readyz');
    assert.equal(res.status, 200);
    f.aws = false;
    assert.equal((await get(f.server, '/readyz')).status, 503, 'flips back when AWS stops answering');
  });
});

test('/metrics serves Prometheus text with the controller series', async () => {
  await withServer(async ({ server, store }) => {
    store.recordPass('tier-1', 'applied', 2000, { 'target-group': 1 }, { revision: 'main@abc' });
    const res = await get(server, '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.type ?? '', /^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusText(res.body);
    assert.equal(sampleValue(families, 'tiered_passes_total', { tier: 'tier-1', result: 'applied' }), 1);
    assert.ok(families.has('process_resident_memory_bytes'));
  });
});

test('/status serves the store snapshot as JSON', async () => {
  await withServer(async ({ server, store }) => {
    store.setRevision('main@abc', 'abcdef');
    store.recordPass('tier-1', 'in-sync', 12, {}, { revision: 'main@abc' });
    const res = await get(server, '/status');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), JSON.parse(JSON.stringify(store.snapshot())));
  });
});

test('unknown paths are 404, other methods 405, HEAD has no body', async () => {
  await withServer(async ({ server }) => {
    assert.equal((await get(server, '/nope')).status, 404);
    const post = await get(server, '/status', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.allow, 'GET, HEAD');
    const head = await get(server, '/healthz', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal((await get(server, '/healthz?probe=1')).status, 200, 'the query string is ignored');
  });
});

test('close stops listening and ends keep-alive connections', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  const server = await startHttpServer({
    listen: '127.0.0.1:0',
    status: () => store.snapshot(),
    readiness: () => evaluateReadiness([]),
    metrics: () => metrics.render(),
  });
  // A keep-alive connection left open by a client must not keep close() waiting.
  const agent = new Agent({ keepAlive: true });
  let open = false;
  try {
    // Boxed: resolving with the bare promise would wait for it.
    const { socketClosed } = await new Promise<{ socketClosed: Promise<void> }>((resolve, reject) => {
      let closed: Promise<void> = Promise.resolve();
      const req = httpGet(`${server.url}/healthz`, { agent }, (res) =>
        res.resume().once('end', () => resolve({ socketClosed: closed })),
      );
      req.once('socket', (s) => {
        open = true;
        closed = new Promise<void>((r) => s.once('close', () => ((open = false), r())));
      });
      req.once('error', reject);
    });
    assert.equal(open, true, 'the client keeps the connection open after the response');
    // The agent unrefs pooled sockets, so something must keep the loop alive while we wait.
    const keepAlive = setInterval(() => undefined, 1_000);
    try {
      await server.close();
      await socketClosed;
    } finally {
      clearInterval(keepAlive);
    }
  } finally {
    agent.destroy();
    if (open) await server.close().catch(() => undefined);
  }
  await assert.rejects(fetch(`${server.url}/healthz`));
});

test('a port in use is an error from start, not a crash later', async () => {
  const store = new StatusStore();
  const surfaces = { status: () => store.snapshot(), readiness: () => evaluateReadiness([]), metrics: async () => ({ contentType: 'text/plain', body: '' }) };
  const first = await startHttpServer({ ...surfaces, listen: '127.0.0.1:0' });
  try {
    await assert.rejects(startHttpServer({ ...surfaces, listen: `127.0.0.1:${first.port}` }), (err: Error) => {
      assert.equal(
        err.message,
        `cannot listen on 127.0.0.1:${first.port}: port ${first.port} is already in use (another tiered run?). Pick another with --listen 127.0.0.1:${first.port + 1}, or --listen 127.0.0.1:0 for any free port.`,
      );
      return true;
    });
  } finally {
    await first.close();
  }
});
