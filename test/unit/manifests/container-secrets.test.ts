// ECS `secrets` in the workload (issue 13): names -> Secrets Manager / SSM ARNs, validated,
// merged tier -> tenant, compiled into the task definition and registered as valueFrom, so no
// secret value passes through the manifests, tiered or its plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIssue, parseManifestSources } from '../../../src/desired/manifests/manifests.js';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { taskDefinitionSpec } from '../../../src/live/ecs-specs.js';
import { registerTaskDefinitionInput } from '../../../src/reconcilers/ecs/task-definition.js';
import type { ResolvedSpec } from '../../../src/reconcilers/resolved-fields.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';
import { CELL_1_YAML } from '../../support/manifest-yaml.js';

const SM = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:tier-1/db-AbCdEf';
const SM_KEY = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:tier-1/db-AbCdEf:password::';
const SSM = 'arn:aws:ssm:us-east-1:111111111111:parameter/tier-1/api-key';

/** Tier tier-1 whose workload holds `workload` (flow-style fields), with cell-1 and ig-1. */
const tierYaml = (workload: string) => [
  `apiVersion: tiered.dev/v1alpha1\nkind: Tier\nmetadata: {name: tier-1}\nspec: {region: us-east-1, dns: {zone: example.com, endpoint: tier-1.example.com}, workload: {image: "app:1", ${workload}}}`,
  CELL_1_YAML,
  'apiVersion: tiered.dev/v1alpha1\nkind: InfraGroup\nmetadata: {name: ig-1}\nspec: {tier: tier-1, cell: cell-1, vpc: {id: vpc-0a1b2c3d}, subnets: {ids: [subnet-0a1b2c3d, subnet-1a2b3c4d]}, securityGroups: {name: tasks}, listener: {protocol: HTTP}}',
].join('\n---\n');
const tenantYaml = (workload: string) => `apiVersion: tiered.dev/v1alpha1\nkind: Tenant\nmetadata: {name: acme}\nspec: {tier: tier-1, workload: {${workload}}}`;

function load(tier: string, tenantWorkload = 'desiredCount: 2') {
  return parseManifestSources([
    { file: 'tier.yaml', text: tierYaml(tier) },
    { file: 'acme.yaml', text: tenantYaml(tenantWorkload) },
  ]);
}

test("a tier's secrets reach its tenants; a tenant's entry wins by name, secret or plain", () => {
  const result = load(`environment: {LOG_LEVEL: info, TOKEN: plain}, secrets: {DB_PASSWORD: "${SM_KEY}", API_KEY: "${SSM}"}`, `environment: {API_KEY: not-secret-here}, secrets: {TOKEN: "${SM}"}`);
  assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => formatIssue(e)).join('\n'));
  const w = result.set.tenants[0]!.spec.workload;
  assert.deepEqual(w.secrets, { DB_PASSWORD: SM_KEY, TOKEN: SM });
  assert.deepEqual(w.environment, { LOG_LEVEL: 'info', API_KEY: 'not-secret-here' });
});

test('a secret must be a Secrets Manager or SSM ARN, not a value; a name is in environment or secrets, never both; TENANT_ID is reserved', () => {
  const result = load(`environment: {DB_PASSWORD: x}, secrets: {DB_PASSWORD: "${SM}", PLAIN: hunter2, TENANT_ID: "${SSM}"}`);
  assert.equal(result.ok, false);
  const lines = result.ok ? [] : result.errors.map((e) => formatIssue(e));
  assert.ok(lines.some((l) => /^tier\.yaml:\d+:\d+: spec\.workload\.secrets\.PLAIN must be the ARN of a Secrets Manager secret/.test(l)), lines.join('\n'));
  const fixed = load(`environment: {DB_PASSWORD: x}, secrets: {DB_PASSWORD: "${SM}", TENANT_ID: "${SSM}"}`);
  const fixedLines = fixed.ok ? [] : fixed.errors.map((e) => e.message);
  assert.deepEqual(fixedLines, [
    'DB_PASSWORD is both in environment and in secrets; a container variable comes from one of them: remove it from one.',
    "TENANT_ID is reserved: tiered sets it to the tenant's name in every task, so a tier must not set it.",
  ]);
});

test('the task definition carries secrets as valueFrom, and reads back equal from a described revision', () => {
  const set = smallSet([tenant('acme', 1, { secrets: { DB_PASSWORD: SM, API_KEY: SSM } })]);
  const td = compileTopology(set, placeAll(set), NO_HINTS).resources.find((r) => r.kind === 'task-definition')!;
  assert.deepEqual((td.spec['container'] as Record<string, unknown>)['secrets'], { API_KEY: SSM, DB_PASSWORD: SM });
  const input = registerTaskDefinitionInput(td.spec as ResolvedSpec, {});
  assert.deepEqual(input.containerDefinitions?.[0]?.secrets, [
    { name: 'API_KEY', valueFrom: SSM },
    { name: 'DB_PASSWORD', valueFrom: SM },
  ]);
  assert.deepEqual(taskDefinitionSpec({ ...input, containerDefinitions: input.containerDefinitions }), td.spec);
});

// The spec hash a live task definition carries is pinned by a golden in topology/spec-hash.test.ts.
test('a workload without secrets compiles to the spec it had before secrets existed', () => {
  const set = smallSet([tenant('acme')]);
  const td = compileTopology(set, placeAll(set), NO_HINTS).resources.find((r) => r.kind === 'task-definition')!;
  assert.equal('secrets' in (td.spec['container'] as object), false);
  const input = registerTaskDefinitionInput(td.spec as ResolvedSpec, {});
  assert.equal(input.containerDefinitions?.[0]?.secrets, undefined);
});
