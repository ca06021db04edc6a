// The corpus of broken manifests (test/fixtures/broken/<case>/): each case is a small directory
// with one mistake, and must give exactly these errors, at exactly these places.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { formatIssue, loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import type { ValidationResult } from '../../../src/desired/manifests/manifests.js';
import { repoPath } from '../../support/paths.js';

function errorLines(result: ValidationResult, dir: string): string[] {
  assert.equal(result.ok, false, 'the set should be invalid');
  // Messages that cite another place name its file as loaded; print both relative to the case.
  return result.ok ? [] : result.errors.map((e) => formatIssue(e, relative(dir, e.file)).replaceAll(`${dir}${sep}`, ''));
}

const CASES: readonly (readonly [string, readonly string[]])[] = [
  ["account-id-unquoted", [
    "tier.yaml:19:14: spec.accountId must be a string; found the number 111111111111. Quote it to keep it a string."]],
  ["alias-bomb", [
    "bomb.yaml:1:1: The document expands too many aliases (more than 50); this looks like an alias bomb and is refused."]],
  ["bad-api-version", [
    "tenant.yaml:1:13: apiVersion must be tiered.dev/v1alpha1; found the string \"tiered.dev/v1\"."]],
  ["bad-enum-routing", [
    "tier.yaml:11:12: spec.routing.match must be one of path, host, header; found the string \"cookie\"."]],
  ["bad-header-name", [
    "tier.yaml:12:13: spec.routing.header must be an HTTP header name of 1-40 token characters (letters, digits and !#$%&'*+.^_`|~-); found the string \"X Tenant Id\"."]],
  ["binary-content", [
    "image.yaml:2:7: Expected YAML text, found binary content (a NUL byte or bytes that are not UTF-8)."]],
  ["broken-tier-no-cascade", [
    "tier.yaml:10:10: spec.prune must be one of sync, upsert-only; found the string \"always\"."]],
  ["certificate-other-account", [
    "tier.yaml:32:47: listener.certificateArn is in account 999999999999, but the infra group's cell is account 111111111111; an ALB can only use certificates of its own account."]],
  ["cluster-name-too-long", [
    "tenant.yaml:4:9: Tenant \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" in infra group ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc/ggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg would get the ECS cluster name \"ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt-ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc-ggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-2\" (257 characters); ECS allows at most 255. Shorten the tenant, tier, cell or infra group name."]],
  ["clusters-over-load-balancer-room", [
    "tenant.yaml:7:13: Tenant \"tenant-a\" asks for 4 clusters, but no infra group of tier tier-1 can take more than 3 new target groups (4 less 25% headroom)."]],
  ["clusters-over-rule-limit", [
    "tenant.yaml:7:13: Tenant \"tenant-a\" asks for 4 clusters, but one listener rule of tier tier-1 forwards to at most 3 target groups (limits.targetGroupsPerRule); ask for at most 3."]],
  ["dangling-cell-tier", [
    "cell.yaml:6:9: Cell \"cell-2\" names tier \"tier-9\", which is not declared; declared tiers: tier-1."]],
  ["dangling-infragroup-cell", [
    "ig.yaml:7:9: InfraGroup \"ig-9\" names cell \"cell-2\", but tier tier-1 has no such cell (a cell of that name belongs to tier tier-2); its cells: cell-1."]],
  ["dangling-tenant-tier", [
    "tenant.yaml:6:9: Tenant \"tenant-a\" names tier \"tier-9\", which is not declared; declared tiers: tier-1."]],
  ["decommission-unconfirmed", [
    "tier.yaml:13:14: decommission.confirm must be the tier's own name, \"tier-1\", to delete the whole tier; found \"tier-2\"."]],
  ["dns-weight-out-of-range", [
    "tier.yaml:33:14: spec.dnsWeight must be at most 255; found 300."]],
  ["duplicate-cell-in-tier", [
    "tier.yaml:16:9: Cell \"cell-1\" is declared twice in tier tier-1; the first is at more.yaml:1:1."]],
  ["duplicate-tenant", [
    "b.yaml:4:9: Tenant \"tenant-a\" is declared twice; the first is at a.yaml:1:1."]],
  ["empty-file", [
    "empty.yaml:1:1: The file holds only empty documents (3); expected at least one manifest document. An emptied file would silently drop what it declared: delete the file instead."]],
  ["endpoint-collision", [
    "tier-2.yaml:9:15: Tier tier-2 uses the endpoint api.example.com, which tier tier-1 already uses; every tier needs its own endpoint."]],
  ["endpoint-outside-zone", [
    "tier.yaml:9:15: dns.endpoint \"tier-1.example.org\" is not inside the hosted zone \"example.com\"."]],
  ["environment-value-not-string", [
    "tier.yaml:13:13: spec.workload.environment.PORT must be a string; found the number 8080. Quote it to keep it a string."]],
  ["errors-in-several-files", [
    "a.yaml:7:13: spec.clusters must be at least 1; found 0.",
    "b.yaml:7:12: spec.suspend must be true or false; found the string \"yes\"."]],
  ["header-routing-without-header", [
    "tier.yaml:11:5: spec.routing is missing the required field header."]],
  ["headroom-leaves-nothing", [
    "tier.yaml:12:22: headroomPercent 90 leaves no room for new tenants: 0 of 5 tenants per infra group are placeable. Lower the headroom or raise the limit."]],
  ["host-header-too-long", [
    "tenant.yaml:4:9: Tenant \"tenant-a\" would be routed by the host name tenant-a.eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff.example.com (148 characters); an ALB host-header condition holds at most 128."]],
  ["http-with-certificate", [
    "tier.yaml:32:46: listener.certificateArn is only used with protocol HTTPS; found protocol HTTP. Remove it or use HTTPS."]],
  ["https-without-certificate", [
    "tier.yaml:32:13: spec.listener is missing the required field certificateArn."]],
  ["missing-kind", [
    "tenant.yaml:1:1: The document is missing kind; expected one of Tier, Cell, InfraGroup, Tenant."]],
  ["missing-required-field", [
    "tenant.yaml:6:3: spec is missing the required field tier."]],
  ["name-not-dns-label", [
    "tenant.yaml:4:9: metadata.name must be a DNS label: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit; found the string \"Tenant_A\"."]],
  ["not-a-mapping", [
    "list.yaml:1:1: Expected a manifest (a mapping with apiVersion, kind, metadata and spec); found a list."]],
  ["pin-ambiguous-infragroup", [
    "tenant.yaml:7:27: Tenant \"tenant-a\" is pinned to infra group \"ig-1\", which exists in several cells of tier tier-1 (cell-1, cell-2); add placement.cell to say which."]],
  ["pin-unknown-infragroup", [
    "tenant.yaml:7:27: Tenant \"tenant-a\" is pinned to infra group \"ig-7\", but tier tier-1 has no such infra group; its infra groups: ig-1."]],
  ["resource-ref-two-ways", [
    "tier.yaml:29:8: spec.vpc must give exactly one of name or id; found 2 fields."]],
  ["role-account-mismatch", [
    "tier.yaml:20:12: roleArn is in account 999999999999, but the cell's accountId is 111111111111; a cell's role must live in its own account."]],
  ["six-clusters", [
    "tenant.yaml:7:13: Tenant \"tenant-a\" asks for 6 clusters, but one listener rule of tier tier-1 forwards to at most 5 target groups (limits.targetGroupsPerRule); ask for at most 5."]],
  ["syntax-duplicate-key", [
    "tenant.yaml:8:3: YAML syntax error: Map keys must be unique."]],
  ["syntax-tab-indentation", [
    "tenant.yaml:9:1: YAML syntax error: Tabs are not allowed as indentation."]],
  ["syntax-unclosed-quote", [
    "tenant.yaml:10:1: YAML syntax error: Missing closing \"quote."]],
  ["tenant-dns-name-too-long", [
    "tenant.yaml:4:9: Tenant \"tenant-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" would get the DNS name tenant-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.example.com (254 characters); a DNS name is at most 253."]],
  ["tenant-name-is-tier-endpoint", [
    "tenant.yaml:4:9: Tenant \"blue\" would get the DNS name blue.tier-1.example.com, which is the endpoint of tier tier-2."]],
  ["tenant-sets-tenant-id", [
    "tenant.yaml:9:18: TENANT_ID is reserved: tiered sets it to the tenant's name in every task, so a tenant must not set it."]],
  ["tier-sets-tenant-id", [
    "tier.yaml:12:30: TENANT_ID is reserved: tiered sets it to the tenant's name in every task, so a tier must not set it."]],
  ["unknown-field", [
    "tenant.yaml:7:3: spec has an unknown field \"cluster\"; expected one of: tier, clusters, workload, alarms, placement, suspend, migration."]],
  ["unknown-kind", [
    "service.yaml:2:7: kind must be one of Tier, Cell, InfraGroup, Tenant; found the string \"Service\"."]],
  ["wrong-type-clusters", [
    "tenant.yaml:7:13: spec.clusters must be a whole number; found the string \"two\"."]],
];

for (const [name, expected] of CASES) {
  test(`broken manifests: ${name}`, async () => {
    const dir = repoPath('test', 'fixtures', 'broken', name);
    assert.deepEqual(errorLines(await loadManifestSet(dir), dir), expected);
  });
}

test('broken manifests: oversized (a file over 1 MiB is refused unread)', async () => {
  // Generated rather than committed: a megabyte of fixture would only weigh on every clone.
  const dir = await mkdtemp(join(tmpdir(), 'tiered-oversized-'));
  try {
    await cp(repoPath('test', 'fixtures', 'broken', 'six-clusters', 'tier.yaml'), join(dir, 'tier.yaml'));
    await writeFile(join(dir, 'big.yaml'), `# ${'x'.repeat(1024 * 1024 + 100)}\n`);
    assert.deepEqual(errorLines(await loadManifestSet(dir), dir), [
      'big.yaml:1:1: The file is 1.0 MiB; a manifest file may be at most 1 MiB. Split it into several files.',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
