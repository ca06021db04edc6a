import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cell, InfraGroup, InfraGroupSpec, ManifestSet, Tier, TierSpec } from '../../../src/desired/model.js';
import { planBootstrap } from '../../../src/local/bootstrap-plan.js';
import { freeSubnetCidr, freeVpcCidr } from '../../../src/local/cidr.js';

const source = { file: 'm.yaml', line: 1, col: 1 };

function tier(name: string, dns: Partial<TierSpec['dns']> = {}): Tier {
  const spec = { region: 'us-east-1', dns: { zone: { name: 'example.com' }, endpoint: `${name}.example.com`, ...dns } } as TierSpec;
  return { kind: 'Tier', name, spec, source };
}

function cell(name: string, account: string): Cell {
  return { kind: 'Cell', name, spec: { tier: 't', accountId: account, roleArn: `arn:aws:iam::${account}:role/tiered` }, source };
}

function group(name: string, cellName: string, refs: Partial<InfraGroupSpec> = {}): InfraGroup {
  const spec: InfraGroupSpec = {
    tier: 't',
    cell: cellName,
    vpc: { name: `${name}-vpc` },
    subnets: { name: `${name}-subnets` },
    securityGroups: { name: `${name}-sg` },
    listener: { protocol: 'HTTP', port: 80 },
    dnsWeight: 1,
    ...refs,
  };
  return { kind: 'InfraGroup', name, spec, source };
}

function set(parts: Partial<ManifestSet>): ManifestSet {
  return { tiers: [tier('t')], cells: [], infraGroups: [], tenants: [], ...parts };
}

test('networks are grouped under the cell account that holds them, reached by its role', () => {
  const plan = planBootstrap(set({ cells: [cell('c1', '111111111111')], infraGroups: [group('a', 'c1'), group('b', 'c1')] }));
  const cellAccount = plan.accounts.find((a) => a.label === '111111111111');
  assert.deepEqual(cellAccount?.target, { region: 'us-east-1', roleArn: 'arn:aws:iam::111111111111:role/tiered' });
  assert.deepEqual(cellAccount?.networks.map((n) => n.vpcName), ['a-vpc', 'b-vpc']);
});

test('the hosted zone lives with the controller unless the tier names a DNS role', () => {
  const own = planBootstrap(set({}));
  assert.deepEqual(own.accounts.map((a) => [a.label, a.target.roleArn, a.zones]), [['controller', undefined, ['example.com.']]]);
  const viaRole = planBootstrap(set({ tiers: [tier('t', { roleArn: 'arn:aws:iam::999999999999:role/dns' })] }));
  assert.deepEqual(viaRole.accounts.map((a) => [a.label, a.zones]), [['999999999999', ['example.com.']]]);
});

test('references by id are reported as unresolvable with where they are written', () => {
  const plan = planBootstrap(
    set({ cells: [cell('c1', '111111111111')], infraGroups: [group('a', 'c1', { subnets: { ids: ['subnet-1', 'subnet-2'] } })] }),
  );
  assert.deepEqual(plan.unresolvable.map((u) => [u.where, u.reference]), [['t/c1/a subnets (m.yaml:1:1)', 'ids subnet-1, subnet-2']]);
  assert.deepEqual(plan.accounts.find((a) => a.label === '111111111111')?.networks[0]?.subnetNames, []);
});

test('a VPC referenced by id takes its subnets and security groups with it', () => {
  const plan = planBootstrap(set({ cells: [cell('c1', '111111111111')], infraGroups: [group('a', 'c1', { vpc: { id: 'vpc-1' } })] }));
  assert.deepEqual(plan.unresolvable.map((u) => u.where.split(' ')[1]), ['vpc', 'subnets', 'securityGroups']);
});

test('two infra groups naming the same VPC share it', () => {
  const plan = planBootstrap(
    set({ cells: [cell('c1', '111111111111')], infraGroups: [group('a', 'c1'), group('b', 'c1', { vpc: { name: 'a-vpc' } })] }),
  );
  const networks = plan.accounts.find((a) => a.label === '111111111111')?.networks;
  assert.deepEqual(networks, [{ vpcName: 'a-vpc', subnetNames: ['a-subnets', 'b-subnets'], securityGroupNames: ['a-sg', 'b-sg'] }]);
});

test('CIDRs: the first free /16 for a VPC, the first free /24 inside it for a subnet', () => {
  assert.equal(freeVpcCidr(new Set(['10.0.0.0/16', '172.31.0.0/16'])), '10.1.0.0/16');
  assert.equal(freeSubnetCidr('10.4.0.0/16', ['10.4.0.0/24', '10.4.2.0/24']), '10.4.1.0/24');
  assert.throws(() => freeSubnetCidr('10.4.0.0/20', []), /expected a \/16/);
});
