// Validation of a tier endpoint's DNS tree (docs/dns-tree.md): past 100 infra groups a tier is
// valid with the two-level tree, up to 100 cells × 100 infra groups; beyond, the error names the
// tier's (or the cell's) file:line:col. A Cell's dnsWeight and a Tier's dns.tree are schema-checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestSources } from '../../../src/desired/manifests/manifests.js';

const tierYaml = (tree?: string) => `apiVersion: tiered.dev/v1alpha1
kind: Tier
metadata: {name: tier-1}
spec:
  region: us-east-1
  dns: {zone: example.com, endpoint: tier-1.example.com${tree !== undefined ? `, tree: ${tree}` : ''}}
  workload: {image: app:1}
`;

const cellYaml = (name: string, extra = '') => `---
apiVersion: tiered.dev/v1alpha1
kind: Cell
metadata: {name: ${name}}
spec: {tier: tier-1, accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/tiered"${extra}}
`;

const igYaml = (cell: string, name: string) => `---
apiVersion: tiered.dev/v1alpha1
kind: InfraGroup
metadata: {name: ${name}}
spec: {tier: tier-1, cell: ${cell}, vpc: {id: vpc-0a1b2c3d}, subnets: {ids: [subnet-0a1b2c3d, subnet-1a2b3c4d]}, securityGroups: {name: tasks}, listener: {protocol: HTTP}}
`;

/** A set in three files: the tier, the cells, the infra groups (`layout`: infra groups per cell). */
function validate(layout: readonly number[], options: { tree?: string; cellExtra?: string } = {}) {
  const cells = layout.map((_, c) => cellYaml(`cell-${c + 1}`, c === 0 ? (options.cellExtra ?? '') : '')).join('');
  const groups = layout.flatMap((n, c) => Array.from({ length: n }, (_, i) => igYaml(`cell-${c + 1}`, `ig-${i + 1}`))).join('');
  return parseManifestSources([
    { file: 'tier.yaml', text: tierYaml(options.tree) },
    { file: 'cells.yaml', text: cells.replace(/^---\n/, '') },
    { file: 'groups.yaml', text: groups.replace(/^---\n/, '') },
  ]);
}

const messages = (r: ReturnType<typeof validate>) => (r.ok ? [] : r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`));

test('3 cells × 40 infra groups (120) are valid: the endpoint takes the two-level tree', () => {
  assert.deepEqual(messages(validate([40, 40, 40])), []);
});

test('101 cells of infra groups are refused at the tier: its endpoint holds one record per cell', () => {
  assert.deepEqual(messages(validate(Array(101).fill(1) as number[])), [
    'tier.yaml:3:18: Tier tier-1 has infra groups in 101 cells, but its endpoint holds at most 100 weighted records, one per cell (Route 53; docs/dns-tree.md): at most 100 cells × 100 infra groups.',
  ]);
});

test('a cell of 101 infra groups is refused at the cell; at 100 it is valid', () => {
  assert.deepEqual(messages(validate([100, 1])), []);
  assert.deepEqual(messages(validate([1, 101])), [
    'cells.yaml:8:18: Cell cell-2 of tier tier-1 has 101 infra groups, but its cell name holds at most 100 weighted records, one per infra group (Route 53; docs/dns-tree.md). Move infra groups to another cell.',
  ]);
  // One cell of 101 in a one-level tier would pass the endpoint's 100 as well.
  assert.equal(messages(validate([101])).length, 1);
});

test('tree: cells takes the two-level tree at any size and holds it to the same limits; dnsWeight and tree are checked', () => {
  assert.deepEqual(messages(validate([2], { tree: 'cells', cellExtra: ', dnsWeight: 30' })), []);
  assert.deepEqual(messages(validate([2], { tree: 'cells', cellExtra: ', dnsWeight: 256' })), ['cells.yaml:4:110: spec.dnsWeight must be at most 255; found 256.']);
  assert.equal(messages(validate([2], { tree: 'always' })).length, 1);
  const set = validate([2]);
  assert.ok(set.ok);
  assert.equal(set.set.tiers[0]?.spec.dns.tree, 'auto', 'the default is written in');
});
