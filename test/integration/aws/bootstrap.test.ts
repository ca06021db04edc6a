import { afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import { nameTagFilter } from '../../../src/aws/ec2.js';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { withLocalAws } from '../../support/local-aws.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const EXAMPLES = fileURLToPath(new URL('../../../../manifests/examples', import.meta.url));
const aws = withLocalAws();
let factory: AwsClientFactory;
let examples: ManifestSet;

before(async () => {
  const loaded = await loadManifestSet(EXAMPLES);
  assert.ok(loaded.ok, 'the example manifests are valid');
  examples = loaded.set;
});
// A fresh factory per test: moto's reset forgets the keys it issued, so assumed-role
// credentials cached across a reset would land in the default account.
beforeEach(() => {
  factory = tieredAwsFor(aws.endpoint);
});
afterEach(() => factory?.destroy());

test('after bootstrap every reference of the examples resolves, in the account that holds it', async () => {
  const summary = await bootstrapLocalAws(examples, factory);
  assert.deepEqual(summary.unresolvable, []);
  const cidrs: string[] = [];
  for (const group of examples.infraGroups) {
    const cell = examples.cells.find((c) => c.name === group.spec.cell && c.spec.tier === group.spec.tier)!;
    const tier = examples.tiers.find((t) => t.name === group.spec.tier)!;
    const { ec2, sts } = factory.clients({ region: tier.spec.region, roleArn: cell.spec.roleArn });
    assert.equal((await sts.getCallerIdentity()).Account, cell.spec.accountId);
    const { vpc, subnets, securityGroups } = group.spec;
    assert.ok('name' in vpc && 'name' in subnets && 'name' in securityGroups, 'the examples reference by name');
    const vpcs = await ec2.describeVpcs({ filters: [nameTagFilter([vpc.name])] });
    assert.equal(vpcs.length, 1, `VPC ${vpc.name} in ${cell.spec.accountId}`);
    cidrs.push(vpcs[0]!.CidrBlock!);
    const vpcId = vpcs[0]!.VpcId!;
    const found = await ec2.describeSubnets({ filters: [nameTagFilter([subnets.name]), { Name: 'vpc-id', Values: [vpcId] }] });
    assert.equal(new Set(found.map((s) => s.AvailabilityZone)).size, 2, `subnets ${subnets.name} span two zones`);
    const groups = await ec2.describeSecurityGroups({ filters: [nameTagFilter([securityGroups.name]), { Name: 'vpc-id', Values: [vpcId] }] });
    assert.equal(groups.length, 1, `security group ${securityGroups.name}`);
  }
  assert.equal(new Set(cidrs).size, examples.infraGroups.length, 'every infra group has its own VPC CIDR');
  for (const tier of examples.tiers) {
    const zone = tier.spec.dns.zone;
    assert.ok('name' in zone);
    const zones = await factory.clients({ region: tier.spec.region }).route53.hostedZonesNamed(zone.name);
    assert.equal(zones.length, 1, `hosted zone ${zone.name} with the controller's identity`);
  }
});

test('a second bootstrap finds everything and makes no mutating call', async () => {
  const first = await bootstrapLocalAws(examples, factory);
  assert.ok(first.accounts.some((a) => a.created.length > 0));
  aws.proxy.resetCounters();
  const second = await bootstrapLocalAws(examples, factory);
  assert.deepEqual(second.accounts.flatMap((a) => a.created), []);
  assert.equal(
    second.accounts.flatMap((a) => a.found).length,
    first.accounts.flatMap((a) => [...a.created, ...a.found]).length,
  );
  assert.equal(aws.proxy.count({ mutating: true }), 0);
});
