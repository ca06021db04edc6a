// The references tiered never owns, resolved per cell in one call per kind: every VPC, subnet
// and security group name the tier's infra groups in this cell give, by Name tag. What is not
// found is left out of the lookups (the diff holds the tier with a missing-reference notice)
// and named in an error saying what was looked for and where.
import type { Tag } from '@aws-sdk/client-ec2';
import type { Ec2Api } from '../aws/ec2.js';
import { nameTagFilter } from '../aws/ec2.js';
import type { InfraGroup } from '../desired/model.js';
import type { LookupKind, LookupRef } from '../desired/topology/resource.js';
import { lookupKey } from '../desired/topology/resource.js';

export interface LookupResult {
  readonly lookups: ReadonlyMap<string, string | readonly string[]>;
  /** One line per reference that did not resolve. */
  readonly problems: readonly string[];
}

/** The kinds found by Name tag in a cell's account (a hosted zone is the tier DNS's). */
type Ec2LookupKind = Exclude<LookupKind, 'hosted-zone'>;

const WHAT: Readonly<Record<Ec2LookupKind, string>> = { vpc: 'VPC', subnets: 'subnets', 'security-groups': 'security group' };

/** The Name-tag references of some infra groups, deduplicated. */
export function lookupRefs(groups: readonly InfraGroup[], account: string, region: string): LookupRef[] {
  const refs = new Map<string, LookupRef>();
  const add = (lookup: Ec2LookupKind, ref: object): void => {
    if ('name' in ref && typeof ref.name === 'string') {
      const l: LookupRef = { lookup, account, region, name: ref.name };
      refs.set(lookupKey(l), l);
    }
  };
  for (const g of groups) {
    add('vpc', g.spec.vpc);
    add('subnets', g.spec.subnets);
    add('security-groups', g.spec.securityGroups);
  }
  return [...refs.values()];
}

function nameOf(tags: readonly Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value;
}

function idsByName(items: readonly { Tags?: Tag[] | undefined; id: string | undefined }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const name = nameOf(item.Tags);
    if (name !== undefined && item.id !== undefined) out.set(name, [...(out.get(name) ?? []), item.id]);
  }
  return out;
}

export async function resolveLookups(ec2: Ec2Api, refs: readonly LookupRef[]): Promise<LookupResult> {
  const names = (kind: Ec2LookupKind) => refs.filter((r) => r.lookup === kind).map((r) => r.name);
  const select = (kind: Ec2LookupKind) => ({ filters: [nameTagFilter(names(kind))] });
  const [vpcs, subnets, groups] = await Promise.all([
    names('vpc').length === 0 ? [] : ec2.describeVpcs(select('vpc')),
    names('subnets').length === 0 ? [] : ec2.describeSubnets(select('subnets')),
    names('security-groups').length === 0 ? [] : ec2.describeSecurityGroups(select('security-groups')),
  ]);
  const found: Readonly<Record<Ec2LookupKind, Map<string, string[]>>> = {
    vpc: idsByName(vpcs.map((v) => ({ Tags: v.Tags, id: v.VpcId }))),
    subnets: idsByName(subnets.map((s) => ({ Tags: s.Tags, id: s.SubnetId }))),
    'security-groups': idsByName(groups.map((g) => ({ Tags: g.Tags, id: g.GroupId }))),
  };
  const lookups = new Map<string, string | readonly string[]>();
  const problems: string[] = [];
  for (const ref of refs) {
    if (ref.lookup === 'hosted-zone') continue;
    const ids = [...(found[ref.lookup].get(ref.name) ?? [])].sort();
    const where = `in account ${ref.account} (${ref.region})`;
    if (ids.length === 0) problems.push(`no ${WHAT[ref.lookup]} with Name tag "${ref.name}" ${where}`);
    else if (ref.lookup === 'vpc' && ids.length > 1) problems.push(`${ids.length} VPCs have the Name tag "${ref.name}" ${where}: ${ids.join(', ')}`);
    else lookups.set(lookupKey(ref), ref.lookup === 'vpc' ? (ids[0] as string) : ids);
  }
  return { lookups, problems };
}
