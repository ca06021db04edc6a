// Loading a valid set: the examples, defaults, tenant overrides, and what the loader ignores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifestSet, parseManifestSources } from '../../../src/desired/manifests/manifests.js';
import type { ValidationResult } from '../../../src/desired/manifests/manifests.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { repoPath } from '../../support/paths.js';
import { CELL_1_YAML } from '../../support/manifest-yaml.js';

const TIER = `apiVersion: tiered.dev/v1alpha1
kind: Tier
metadata: {name: tier-1}
spec:
  region: us-east-1
  dns: {zone: example.com, endpoint: tier-1.example.com}
  workload:
    image: app:1
    environment: {CACHE_ENDPOINT: cache.internal, LOG_LEVEL: info}
---
${CELL_1_YAML}
---
apiVersion: tiered.dev/v1alpha1
kind: InfraGroup
metadata: {name: ig-1}
spec:
  tier: tier-1
  cell: cell-1
  vpc: {id: vpc-0a1b2c3d}
  subnets: {ids: [subnet-0a1b2c3d, subnet-1a2b3c4d]}
  securityGroups: {name: tasks}
  listener: {protocol: HTTP}
`;

const TENANT = `apiVersion: tiered.dev/v1alpha1
kind: Tenant
metadata: {name: tenant-a}
spec:
  tier: tier-1
`;

function validSet(result: ValidationResult): ManifestSet {
  if (!result.ok) assert.fail(`expected a valid set, got:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.set;
}

test('the example manifests validate: 3 tiers, tier-1 with 2 cells of 2 infra groups, 12 tenants', async () => {
  const set = validSet(await loadManifestSet(repoPath('manifests', 'examples')));
  assert.deepEqual(set.tiers.map((t) => t.name), ['tier-1', 'tier-2', 'tier-3']);
  assert.equal(set.cells.filter((c) => c.spec.tier === 'tier-1').length, 2);
  assert.equal(set.infraGroups.filter((g) => g.spec.tier === 'tier-1').length, 4);
  assert.equal(set.tenants.length, 12);
  assert.deepEqual([...new Set(set.tenants.map((t) => t.spec.clusters))].sort(), [1, 2, 3, 4, 5]);
});

test('the example manifests load without warnings', async () => {
  const result = await loadManifestSet(repoPath('manifests', 'examples'));
  assert.deepEqual(result.warnings, []);
});

test('a tier without limits, routing, placement, prune or suspend gets the documented defaults', () => {
  const tier = validSet(parseManifestSources([{ file: 'm.yaml', text: `${TIER}---\n${TENANT}` }])).tiers[0];
  assert.deepEqual(tier?.spec.limits, {
    targetGroupsPerLoadBalancer: 100,
    rulesPerListener: 100,
    targetGroupsPerRule: 5,
    tenantsPerInfraGroup: 50,
    headroomPercent: 10,
  });
  assert.deepEqual(tier?.spec.routing, { match: 'path' });
  assert.deepEqual(tier?.spec.placement, { strategy: 'spread' });
  assert.equal(tier?.spec.prune, 'sync');
  assert.equal(tier?.spec.suspend, false);
  assert.deepEqual(tier?.spec.downstreams, []);
});

test('a tier workload fills cpu, memory, port, count, health check, deregistration delay and role names by default', () => {
  const workload = validSet(parseManifestSources([{ file: 'm.yaml', text: TIER }])).tiers[0]?.spec.workload;
  assert.deepEqual(workload, {
    image: 'app:1',
    cpu: 256,
    memory: 512,
    port: 8080,
    desiredCount: 2,
    healthCheckPath: '/',
    deregistrationDelaySeconds: 30,
    latencyBaselineMs: 150,
    taskRoleName: 'tier-1-task',
    executionRoleName: 'tier-1-exec',
    environment: { CACHE_ENDPOINT: 'cache.internal', LOG_LEVEL: 'info' },
    secrets: {},
  });
});

test('a tier fills the reference alarms, a tenant override replaces fields of them, and a tenant without one shares the tier’s', () => {
  const tierText = TIER.replace('spec:\n  region', 'spec:\n  alarms:\n    actions: {critical: [arn:aws:sns:us-east-1:111111111111:page]}\n  region');
  const tenants = ['a', 'b'].map((n) => TENANT.replace('tenant-a', n)).join('---\n') + '  alarms: {memoryWarningPercent: 60}\n';
  const set = validSet(parseManifestSources([{ file: 'm.yaml', text: `${tierText}---\n${tenants}` }]));
  const tier = set.tiers[0]!;
  assert.deepEqual(tier.spec.alarms, {
    enabled: true, memoryWarningPercent: 70, memoryCriticalPercent: 85, latencyFactor: 2, target5xxCount: 10, unhealthyHosts: 0,
    periodSeconds: 60, evaluationPeriods: 5, actions: { warning: [], critical: ['arn:aws:sns:us-east-1:111111111111:page'] },
  });
  const [a, b] = [...set.tenants].sort((x, y) => (x.name < y.name ? -1 : 1));
  assert.equal(a!.spec.alarms, tier.spec.alarms);
  assert.deepEqual(b!.spec.alarms, { ...tier.spec.alarms, memoryWarningPercent: 60 });
});

test('a zone written as a Z-id becomes an id reference, a zone name a name reference', () => {
  const byId = TIER.replace('zone: example.com', 'zone: Z0123456789ABC');
  const [named] = validSet(parseManifestSources([{ file: 'm.yaml', text: TIER }])).tiers;
  const [identified] = validSet(parseManifestSources([{ file: 'm.yaml', text: byId }])).tiers;
  assert.deepEqual(named?.spec.dns.zone, { name: 'example.com' });
  assert.deepEqual(identified?.spec.dns.zone, { id: 'Z0123456789ABC' });
});

test('an HTTP listener without a port listens on 80, an HTTPS one on 443', () => {
  const https = TIER.replace(
    'listener: {protocol: HTTP}',
    "listener: {protocol: HTTPS, certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/0a1b'}",
  );
  const [http] = validSet(parseManifestSources([{ file: 'm.yaml', text: TIER }])).infraGroups;
  const [tls] = validSet(parseManifestSources([{ file: 'm.yaml', text: https }])).infraGroups;
  assert.deepEqual(http?.spec.listener, { protocol: 'HTTP', port: 80 });
  assert.equal(tls?.spec.listener.port, 443);
});

test("a tenant's workload is its tier's with the tenant's fields replacing and its environment merged", () => {
  const tenant = `${TENANT}  workload:\n    desiredCount: 4\n    environment: {LOG_LEVEL: debug, EXTRA: "1"}\n`;
  const [t] = validSet(parseManifestSources([{ file: 'm.yaml', text: `${TIER}---\n${tenant}` }])).tenants;
  assert.equal(t?.spec.workload.desiredCount, 4);
  assert.equal(t?.spec.workload.image, 'app:1');
  assert.deepEqual(t?.spec.workload.environment, { CACHE_ENDPOINT: 'cache.internal', LOG_LEVEL: 'debug', EXTRA: '1' });
});

test('a tenant gets one cluster, no pin and suspend false by default, and no TENANT_ID from the loader', () => {
  const [t] = validSet(parseManifestSources([{ file: 'm.yaml', text: `${TIER}---\n${TENANT}` }])).tenants;
  assert.equal(t?.spec.clusters, 1);
  assert.deepEqual(t?.spec.placement, {});
  assert.equal(t?.spec.suspend, false);
  assert.equal(Object.hasOwn(t?.spec.workload.environment ?? {}, 'TENANT_ID'), false);
});

test('every document remembers the file, line and column where it starts', () => {
  const set = validSet(parseManifestSources([{ file: 'm.yaml', text: `${TIER}---\n${TENANT}` }]));
  assert.deepEqual(set.cells[0]?.source, { file: 'm.yaml', line: 11, col: 1 });
  assert.deepEqual(set.tenants[0]?.source, { file: 'm.yaml', line: 27, col: 1 });
});

test('empty documents beside real ones (a trailing ---) are ignored', () => {
  const set = validSet(parseManifestSources([{ file: 'm.yaml', text: `---\n${TIER}---\n---\n` }]));
  assert.equal(set.tiers.length, 1);
});

test('errors carry the document and field path as well as the position', () => {
  const result = parseManifestSources([{ file: 'm.yaml', text: `${TIER}---\n${TENANT}  clusters: 9\n` }]);
  assert.equal(result.ok, false);
  assert.deepEqual(result.ok ? [] : result.errors, [
    {
      file: 'm.yaml',
      line: 32,
      col: 13,
      document: 'Tenant/tenant-a',
      path: 'spec.clusters',
      message:
        'Tenant "tenant-a" asks for 9 clusters, but one listener rule of tier tier-1 forwards to at most 5 target groups (limits.targetGroupsPerRule); ask for at most 5.',
    },
  ]);
});

test('no sources at all is an error, not an empty set that would delete everything', () => {
  const result = parseManifestSources([]);
  assert.equal(result.ok, false);
});

test('two cells of one tier in the same account give a warning, not an error', () => {
  const second = `---\napiVersion: tiered.dev/v1alpha1\nkind: Cell\nmetadata: {name: cell-2}\nspec: {tier: tier-1, accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/tiered"}\n`;
  const result = parseManifestSources([{ file: 'm.yaml', text: TIER + second }]);
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.warnings.map((w) => `${w.line}:${w.col} ${w.message}`),
    ['30:33 Cells cell-1 and cell-2 of tier tier-1 share account 111111111111; a cell is meant to be its own account, so they share its quotas.'],
  );
});

test('the loader reads *.yaml and *.yml in sorted order and ignores other files and hidden folders', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tiered-load-'));
  try {
    await mkdir(join(dir, 'tenants'));
    await mkdir(join(dir, '.git'));
    await writeFile(join(dir, 'tier.yml'), TIER);
    await writeFile(join(dir, 'tenants', 'b.yaml'), TENANT.replace('tenant-a', 'tenant-b'));
    await writeFile(join(dir, 'tenants', 'a.yaml'), TENANT);
    await writeFile(join(dir, 'README.md'), '# not a manifest: {');
    await writeFile(join(dir, 'values.json'), '{"not": "a manifest"}');
    await writeFile(join(dir, '.git', 'config.yaml'), 'broken: [');
    const set = validSet(await loadManifestSet(dir));
    assert.deepEqual(set.tenants.map((t) => t.source.file), [join(dir, 'tenants', 'a.yaml'), join(dir, 'tenants', 'b.yaml')]);
    assert.equal(set.tiers[0]?.source.file, join(dir, 'tier.yml'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a directory with no manifest files is an error naming the directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tiered-empty-'));
  try {
    const result = await loadManifestSet(dir);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => [e.file, e.line, e.message]), [
      [dir, 0, `No *.yaml or *.yml files were found under ${dir}; expected at least one manifest.`],
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("all of a document's errors in one run: schema errors and the cross-field rules beside them", () => {
  const text = `${TIER}---\n${TENANT}  suspend: "yes"\n  workload:\n    cpu: 1000\n    environment: {TENANT_ID: x, LOG_LEVEL: 7}\n`;
  const result = parseManifestSources([{ file: 'm.yaml', text }]);
  assert.equal(result.ok, false);
  const found = (result.ok ? [] : result.errors).map((e) => `${e.line}:${e.col} ${e.path ?? ''}`);
  assert.deepEqual(found, ['32:12 spec.suspend', '34:10 spec.workload.cpu', '35:30 spec.workload.environment.TENANT_ID', '35:44 spec.workload.environment.LOG_LEVEL']);
});
