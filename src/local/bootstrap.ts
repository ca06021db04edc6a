// Local bootstrap: creates, in each account a manifest set reaches, the prerequisites tiered
// references but never owns (VPCs, subnets in two availability zones, security groups, hosted
// zones), each findable the way the manifests name it. Idempotent: everything is looked up by
// Name tag (zones by name) first, and only what is missing is created.
// It acts through tiered's own AWS client layer, so cells are reached by assuming their roles,
// exactly as the controller will (moto keeps accounts apart by the assumed credentials; it does
// not need the roles to exist).
import type { Tag, TagSpecification, ResourceType, Subnet, Vpc } from '@aws-sdk/client-ec2';
import type { AwsClientFactory, AwsClients } from '../aws/clients.js';
import { nameTagFilter } from '../aws/ec2.js';
import type { ManifestSet } from '../desired/model.js';
import { planBootstrap } from './bootstrap-plan.js';
import type { AccountNeeds, NetworkNeed, Unresolvable } from './bootstrap-plan.js';
import { freeSubnetCidr, freeVpcCidr } from './cidr.js';

export type BootstrapKind = 'vpc' | 'subnet' | 'security-group' | 'hosted-zone';

export interface BootstrapItem {
  readonly kind: BootstrapKind;
  readonly name: string;
  readonly id: string;
}

export interface AccountSummary {
  /** The cell's account id, or `controller (<account>)` for the controller's own. */
  readonly account: string;
  readonly roleArn?: string;
  readonly created: readonly BootstrapItem[];
  readonly found: readonly BootstrapItem[];
}

export interface BootstrapSummary {
  readonly accounts: readonly AccountSummary[];
  readonly unresolvable: readonly Unresolvable[];
}

/** Availability zones each subnet name spans (the ALB needs two). */
export const SUBNET_ZONES = 2;
const DESCRIPTION = 'tiered local bootstrap';

function nameOf(tags: readonly Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value;
}

function nameTag(type: ResourceType, name: string): TagSpecification[] {
  return [{ ResourceType: type, Tags: [{ Key: 'Name', Value: name }] }];
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`local bootstrap: AWS answered without ${what}`);
  return value;
}

class Ledger {
  readonly created: BootstrapItem[] = [];
  readonly found: BootstrapItem[] = [];
  note(isNew: boolean, item: BootstrapItem): void {
    (isNew ? this.created : this.found).push(item);
  }
}

async function ensureSubnets(
  aws: AwsClients,
  vpc: Vpc,
  names: readonly string[],
  zones: readonly string[],
  ledger: Ledger,
): Promise<void> {
  const vpcId = required(vpc.VpcId, 'VpcId');
  const existing: Subnet[] = await aws.ec2.describeSubnets({ filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
  for (const name of names) {
    for (const zone of zones) {
      const match = existing.find((s) => nameOf(s.Tags) === name && s.AvailabilityZone === zone);
      if (match !== undefined) {
        ledger.note(false, { kind: 'subnet', name: `${name} (${zone})`, id: required(match.SubnetId, 'SubnetId') });
        continue;
      }
      const cidr = freeSubnetCidr(required(vpc.CidrBlock, 'CidrBlock'), existing.map((s) => s.CidrBlock ?? ''));
      const out = await aws.ec2.createSubnet({
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: zone,
        TagSpecifications: nameTag('subnet', name),
      });
      const subnet = required(out.Subnet, 'Subnet');
      existing.push({ ...subnet, CidrBlock: cidr, AvailabilityZone: zone, Tags: [{ Key: 'Name', Value: name }] });
      ledger.note(true, { kind: 'subnet', name: `${name} (${zone})`, id: required(subnet.SubnetId, 'SubnetId') });
    }
  }
}

async function ensureSecurityGroups(aws: AwsClients, vpcId: string, names: readonly string[], ledger: Ledger): Promise<void> {
  for (const name of names) {
    const [existing] = await aws.ec2.describeSecurityGroups({
      filters: [{ Name: 'vpc-id', Values: [vpcId] }, nameTagFilter([name])],
    });
    if (existing !== undefined) {
      ledger.note(false, { kind: 'security-group', name, id: required(existing.GroupId, 'GroupId') });
      continue;
    }
    const out = await aws.ec2.createSecurityGroup({
      GroupName: name,
      Description: DESCRIPTION,
      VpcId: vpcId,
      TagSpecifications: nameTag('security-group', name),
    });
    ledger.note(true, { kind: 'security-group', name, id: required(out.GroupId, 'GroupId') });
  }
}

async function ensureNetwork(
  aws: AwsClients,
  need: NetworkNeed,
  vpcs: Vpc[],
  usedCidrs: Set<string>,
  zones: readonly string[],
  ledger: Ledger,
): Promise<void> {
  let vpc = vpcs.find((v) => nameOf(v.Tags) === need.vpcName);
  if (vpc !== undefined) {
    ledger.note(false, { kind: 'vpc', name: need.vpcName, id: required(vpc.VpcId, 'VpcId') });
  } else {
    const cidr = freeVpcCidr(usedCidrs);
    usedCidrs.add(cidr);
    const out = await aws.ec2.createVpc({ CidrBlock: cidr, TagSpecifications: nameTag('vpc', need.vpcName) });
    vpc = { ...required(out.Vpc, 'Vpc'), CidrBlock: cidr };
    vpcs.push(vpc);
    ledger.note(true, { kind: 'vpc', name: need.vpcName, id: required(vpc.VpcId, 'VpcId') });
  }
  await ensureSubnets(aws, vpc, need.subnetNames, zones, ledger);
  await ensureSecurityGroups(aws, required(vpc.VpcId, 'VpcId'), need.securityGroupNames, ledger);
}

async function ensureZones(aws: AwsClients, zones: readonly string[], ledger: Ledger): Promise<void> {
  for (const zone of zones) {
    const [existing] = await aws.route53.hostedZonesNamed(zone);
    if (existing !== undefined) {
      ledger.note(false, { kind: 'hosted-zone', name: zone, id: required(existing.Id, 'Id') });
      continue;
    }
    const out = await aws.route53.createHostedZone({ Name: zone, CallerReference: `tiered-local:${zone}` });
    ledger.note(true, { kind: 'hosted-zone', name: zone, id: required(out.HostedZone?.Id, 'HostedZone.Id') });
  }
}

async function availabilityZones(aws: AwsClients): Promise<string[]> {
  const names = (await aws.ec2.describeAvailabilityZones())
    .filter((z) => z.State === undefined || z.State === 'available')
    .map((z) => required(z.ZoneName, 'ZoneName'))
    .sort();
  if (names.length < SUBNET_ZONES) throw new Error(`local bootstrap: the region offers ${names.length} availability zones, ${SUBNET_ZONES} are needed`);
  return names.slice(0, SUBNET_ZONES);
}

async function bootstrapAccount(aws: AwsClients, needs: AccountNeeds, vpcs: Vpc[], usedCidrs: Set<string>): Promise<AccountSummary> {
  const ledger = new Ledger();
  if (needs.networks.length > 0) {
    const zones = await availabilityZones(aws);
    for (const network of needs.networks) await ensureNetwork(aws, network, vpcs, usedCidrs, zones, ledger);
  }
  await ensureZones(aws, needs.zones, ledger);
  const account =
    needs.target.roleArn === undefined ? `controller (${required((await aws.sts.getCallerIdentity()).Account, 'Account')})` : needs.label;
  return {
    account,
    ...(needs.target.roleArn === undefined ? {} : { roleArn: needs.target.roleArn }),
    created: ledger.created,
    found: ledger.found,
  };
}

export async function bootstrapLocalAws(set: ManifestSet, factory: AwsClientFactory): Promise<BootstrapSummary> {
  const plan = planBootstrap(set);
  // Every account's VPCs first: new VPCs get CIDRs no other VPC of the set uses, in any account.
  const vpcsByAccount = new Map<AccountNeeds, Vpc[]>();
  for (const needs of plan.accounts) {
    vpcsByAccount.set(needs, needs.networks.length === 0 ? [] : await factory.clients(needs.target).ec2.describeVpcs());
  }
  const usedCidrs = new Set([...vpcsByAccount.values()].flat().map((v) => v.CidrBlock ?? ''));
  const accounts: AccountSummary[] = [];
  for (const needs of plan.accounts) {
    accounts.push(await bootstrapAccount(factory.clients(needs.target), needs, vpcsByAccount.get(needs) ?? [], usedCidrs));
  }
  return { accounts, unresolvable: plan.unresolvable };
}
