// What local bootstrap must provide for a manifest set: the prerequisites tiered references but
// never owns, grouped by the account (identity) they live in. Pure: manifests in, needs out.
// References by id cannot be created (AWS picks ids), so they are reported, not planned.
import type { InfraGroup, ManifestSet, ResourceRef, ZoneRef } from '../desired/model.js';

/** An identity to act as: the controller's own (no role) or an assumed role. */
export interface AccountTarget {
  readonly region: string;
  readonly roleArn?: string;
}

export interface NetworkNeed {
  /** The Name tag of the VPC. */
  readonly vpcName: string;
  /** Name tags of the subnet pairs (one subnet in each of two availability zones per name). */
  readonly subnetNames: readonly string[];
  /** Names (GroupName and Name tag) of the security groups in this VPC. */
  readonly securityGroupNames: readonly string[];
}

export interface AccountNeeds {
  readonly target: AccountTarget;
  /** What the summary calls this account: the cell's account id, or "controller". */
  readonly label: string;
  readonly networks: readonly NetworkNeed[];
  /** Hosted zone names (absolute, lower case). */
  readonly zones: readonly string[];
}

export interface Unresolvable {
  /** Where the reference is written, e.g. `tier-1/cell-1/ig-1 vpc (tiers/tier-1.yaml:40:3)`. */
  readonly where: string;
  readonly reference: string;
  readonly reason: string;
}

export interface BootstrapPlan {
  readonly accounts: readonly AccountNeeds[];
  readonly unresolvable: readonly Unresolvable[];
}

interface MutableAccount {
  target: AccountTarget;
  label: string;
  networks: Map<string, { subnets: Set<string>; groups: Set<string> }>;
  zones: Set<string>;
}

const BY_ID = 'AWS assigns ids: bootstrap can only create resources referenced by Name tag';

function targetKey(t: AccountTarget): string {
  return `${t.region}|${t.roleArn ?? ''}`;
}

function zoneName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

function describeRef(ref: ResourceRef | ZoneRef | { readonly ids: readonly string[] }): string {
  if ('ids' in ref) return `ids ${ref.ids.join(', ')}`;
  return 'id' in ref ? `id ${ref.id}` : `name ${ref.name}`;
}

export function planBootstrap(set: ManifestSet): BootstrapPlan {
  const accounts = new Map<string, MutableAccount>();
  const unresolvable: Unresolvable[] = [];
  const account = (target: AccountTarget, label: string): MutableAccount => {
    const key = targetKey(target);
    let entry = accounts.get(key);
    if (entry === undefined) {
      entry = { target, label, networks: new Map(), zones: new Set() };
      accounts.set(key, entry);
    }
    return entry;
  };
  const tierByName = new Map(set.tiers.map((t) => [t.name, t]));

  for (const tier of set.tiers) {
    const { zone, roleArn } = tier.spec.dns;
    const target = { region: tier.spec.region, ...(roleArn === undefined ? {} : { roleArn }) };
    const owner = account(target, roleArn === undefined ? 'controller' : (accountOfRole(roleArn) ?? roleArn));
    if ('name' in zone) owner.zones.add(zoneName(zone.name));
    else unresolvable.push({ where: `${tier.name} dns.zone (${where(tier.source)})`, reference: describeRef(zone), reason: BY_ID });
  }

  for (const group of set.infraGroups) {
    const tier = tierByName.get(group.spec.tier);
    const cell = set.cells.find((c) => c.name === group.spec.cell && c.spec.tier === group.spec.tier);
    if (tier === undefined || cell === undefined) continue; // a valid set has both
    const owner = account({ region: tier.spec.region, roleArn: cell.spec.roleArn }, cell.spec.accountId);
    addNetwork(owner, group, unresolvable);
  }

  return {
    accounts: [...accounts.values()].map((a) => ({
      target: a.target,
      label: a.label,
      networks: [...a.networks.entries()].map(([vpcName, n]) => ({
        vpcName,
        subnetNames: [...n.subnets],
        securityGroupNames: [...n.groups],
      })),
      zones: [...a.zones],
    })),
    unresolvable,
  };
}

function where(source: { readonly file: string; readonly line: number; readonly col: number }): string {
  return `${source.file}:${source.line}:${source.col}`;
}

function accountOfRole(roleArn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1];
}

function addNetwork(owner: MutableAccount, group: InfraGroup, unresolvable: Unresolvable[]): void {
  const label = `${group.spec.tier}/${group.spec.cell}/${group.name}`;
  const refusal = (field: string, ref: ResourceRef | { readonly ids: readonly string[] }): void => {
    unresolvable.push({ where: `${label} ${field} (${where(group.source)})`, reference: describeRef(ref), reason: BY_ID });
  };
  const { vpc, subnets, securityGroups } = group.spec;
  if (!('name' in vpc)) {
    refusal('vpc', vpc);
    // Subnets and groups live inside the VPC: without it they cannot be made either.
    if ('name' in subnets) refusal('subnets', subnets);
    if ('name' in securityGroups) refusal('securityGroups', securityGroups);
    return;
  }
  let network = owner.networks.get(vpc.name);
  if (network === undefined) {
    network = { subnets: new Set(), groups: new Set() };
    owner.networks.set(vpc.name, network);
  }
  if ('name' in subnets) network.subnets.add(subnets.name);
  else refusal('subnets', subnets);
  if ('name' in securityGroups) network.groups.add(securityGroups.name);
  else refusal('securityGroups', securityGroups);
}
