// Validation of account quotas (docs/capacity.md §3): what no placement can get around is
// refused at the file:line:col of the cell (or infra group, or tenant) at fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIssue, parseManifestSources } from '../../../src/desired/manifests/manifests.js';

const TIER = (downstreams = 0, desired = 2) => `apiVersion: tiered.dev/v1alpha1
kind: Tier
metadata: {name: tier-1}
spec:
  region: us-east-1
  dns: {zone: example.com, endpoint: tier-1.example.com}
  downstreams:${downstreams === 0 ? ' []' : ''}
${Array.from({ length: downstreams }, (_, i) => `    - {name: d-${i}, serviceName: com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f6071${i % 10}, port: ${6000 + i}}`).join('\n')}
  workload: {image: app:1, desiredCount: ${desired}}
`;

const CELL = (name: string, account: string, quotas = '') => `apiVersion: tiered.dev/v1alpha1
kind: Cell
metadata: {name: ${name}}
spec:
  tier: tier-1
  accountId: "${account}"
  roleArn: "arn:aws:iam::${account}:role/tiered"
${quotas === '' ? '' : `  quotas: ${quotas}\n`}`;

let vpcs = 0;
const IG = (name: string, cell: string, vpc = `vpc-${(++vpcs).toString(16).padStart(8, '0')}`) => `apiVersion: tiered.dev/v1alpha1
kind: InfraGroup
metadata: {name: ${name}}
spec: {tier: tier-1, cell: ${cell}, vpc: {id: ${vpc}}, subnets: {ids: [subnet-0a1b2c3d, subnet-1a2b3c4d]}, securityGroups: {name: tasks}, listener: {protocol: HTTP}}
`;

const TENANT = (name: string, clusters: number) => `apiVersion: tiered.dev/v1alpha1
kind: Tenant
metadata: {name: ${name}}
spec: {tier: tier-1, clusters: ${clusters}}
`;

function errorsOf(...docs: string[]): string[] {
  const result = parseManifestSources([{ file: 'm.yaml', text: docs.join('---\n') }]);
  return result.ok ? [] : result.errors.map((e) => formatIssue(e));
}

test('more infra groups in one account than its ALB quota is an error at the cell', () => {
  const errors = errorsOf(TIER(), CELL('cell-1', '111111111111', '{loadBalancers: 2}'), IG('ig-1', 'cell-1'), IG('ig-2', 'cell-1'), IG('ig-3', 'cell-1'));
  assert.deepEqual(errors, [
    'm.yaml:16:14: account 111111111111 in us-east-1 (cells tier-1/cell-1) has 3 infra groups, one ALB each, but Application Load Balancers per Region (elasticloadbalancing L-53DA6B97) is 2 (set in spec.quotas). Move infra groups to another cell\'s account, or raise the quota and set spec.quotas.loadBalancers.',
  ]);
});

test('two infra groups sharing a VPC past its interface endpoint quota is an error at the infra group', () => {
  const errors = errorsOf(TIER(30), CELL('cell-1', '111111111111'), IG('ig-1', 'cell-1', 'vpc-0bbbbbbb'), IG('ig-2', 'cell-1', 'vpc-0bbbbbbb'));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^m\.yaml:\d+:\d+: VPC vpc-0bbbbbbb of account 111111111111 gets 60 interface endpoints .*Interface VPC endpoints per VPC \(vpc L-29B6F2EB\) is 50 \(AWS default\)/);
});

test('a tenant needing more network interfaces than any cell may give one is an error at the tenant', () => {
  // 30 ENIs, 4 of them the two ALBs' (2 subnets each) -> 26 over two infra groups of one cell: 23 placeable.
  const errors = errorsOf(TIER(0, 5), CELL('cell-1', '111111111111', '{networkInterfaces: 30}'), IG('ig-1', 'cell-1'), IG('ig-2', 'cell-1'), TENANT('small', 4), TENANT('big', 5));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^m\.yaml:\d+:\d+: Tenant "big" needs 25 ENIs \(5 clusters, each up to 5 tasks\), but no cell of tier tier-1 can give one tenant more than 23 .*L-DF5E4CA3/);
});

test('cells of one account share its quotas: their infra groups add up', () => {
  const errors = errorsOf(TIER(), CELL('cell-1', '111111111111', '{loadBalancers: 2}'), CELL('cell-2', '111111111111'), IG('ig-1', 'cell-1'), IG('ig-2', 'cell-1'), IG('ig-1', 'cell-2'));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /account 111111111111 in us-east-1 \(cells tier-1\/cell-1, tier-1\/cell-2\) has 3 infra groups/);
});

test('a quota override must be a whole number', () => {
  const errors = errorsOf(TIER(), CELL('cell-1', '111111111111', '{networkInterfaces: -1}'), IG('ig-1', 'cell-1'));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /spec\.quotas\.networkInterfaces/);
});

test('the examples fit their accounts with room to spare', () => {
  assert.deepEqual(errorsOf(TIER(1), CELL('cell-1', '111111111111'), IG('ig-1', 'cell-1'), TENANT('a', 5)), []);
});
