// The status page's HTTP surface: `/` and its assets with a Content-Security-Policy that allows
// no inline code and nothing from elsewhere, nosniff on every answer, and a tenant's resources
// at /status/tenants/<name>.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../../src/controller/http/security-headers.js';
import { startHttpServer } from '../../../src/controller/http/server.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';

async function withServer(fn: (url: string, store: StatusStore) => Promise<void>): Promise<void> {
  const store = new StatusStore();
  const server = await startHttpServer({
    listen: '127.0.0.1:0',
    status: () => store.snapshot(),
    readiness: async () => ({ ready: true, checks: {} }),
    metrics: async () => ({ contentType: 'text/plain', body: '' }),
    tenant: (name) => store.tenantSummary(name),
  });
  try {
    await fn(server.url, store);
  } finally {
    await server.close();
  }
}

test('the CSP allows only same-origin scripts, styles and fetches, and no framing, forms or plugins', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
  assert.equal(directives.get('default-src'), "'self'");
  assert.equal(directives.get('script-src'), "'self'");
  assert.equal(directives.get('style-src'), "'self'");
  assert.equal(directives.get('connect-src'), "'self'");
  assert.equal(directives.get('object-src'), "'none'");
  assert.equal(directives.get('frame-ancestors'), "'none'");
  assert.equal(directives.get('base-uri'), "'none'");
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*|https?:|data:/);
});

test('/, its script and stylesheet, and /status carry the CSP and nosniff', async () => {
  await withServer(async (url) => {
    for (const [path, type] of [['/', 'text/html'], ['/status-page.js', 'text/javascript'], ['/status-page.css', 'text/css'], ['/status', 'application/json']] as const) {
      const res = await fetch(`${url}${path}`);
      assert.equal(res.status, 200, path);
      assert.ok(res.headers.get('content-type')?.startsWith(type), `${path}: ${res.headers.get('content-type')}`);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.ok((await res.text()).length > 0, path);
    }
  });
});

test('a tenant\'s resources are served by name; an unknown one is 404', async () => {
  await withServer(async (url, store) => {
    store.setTenantSummaries('tier-1', [{ tenant: 'acme', tier: 'tier-1', infraGroups: ['tier-1/cell-1/ig-1'], clusters: [], services: [], targetGroups: [], rules: [{ infraGroup: 'tier-1/cell-1/ig-1', priority: 7, condition: 'host-header acme.example.com' }], dnsRecords: [] }]);
    const found = await fetch(`${url}/status/tenants/acme`);
    assert.equal(found.status, 200);
    assert.equal(((await found.json()) as { rules: { priority: number }[] }).rules[0]?.priority, 7);
    assert.equal((await fetch(`${url}/status/tenants/nobody`)).status, 404);
    assert.equal((await fetch(`${url}/status/tenants/%E0%A4%A`)).status, 400);
  });
});
