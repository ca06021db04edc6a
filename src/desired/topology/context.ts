// What every resource builder needs to know about the infra group it builds for: the tier,
// the cell's account, the references (VPC, subnets, security groups) as values or lookups.
import type { Cell, InfraGroup, ResourceRef, Tier } from '../model.js';
import { infraGroupKeyString } from '../model.js';
import { setIdentifier, tenantDomainOf, tenantSetIdentifier } from '../naming.js';
import { resourceKey } from './keys.js';
import { logGroupKey } from './log-groups.js';
import type { AttrRef, LookupKind, LookupRef, Owner, Scope, Spec, SpecValue } from './resource.js';
import { attrRef } from './resource.js';
import { roleArn } from './task-definitions.js';

export interface TopologyOptions {
  /** The value of `tiered.dev/managed-by` (docs/design.md §4.2). */
  readonly instanceId: string;
}

export interface InfraGroupContext {
  readonly tier: Tier;
  readonly cell: Cell;
  readonly infraGroup: InfraGroup;
  readonly owner: Owner;
  readonly scope: Scope;
  readonly vpcId: SpecValue;
  readonly subnetIds: SpecValue;
  readonly securityGroupIds: SpecValue;
  readonly instanceId: string;
  /** Built once per infra group: every tenant's rule, service and records name them. */
  readonly loadBalancerKey: string;
  readonly listenerKey: string;
  readonly setIdentifier: string;
  /** The domain its tenants are named under, and their records' SetIdentifier (naming.ts). */
  readonly tenantDomain: string;
  readonly tenantSetIdentifier: string;
  readonly dnsScope: Scope;
  /** References and values every tenant's resources of the infra group share, built once
   * (frozen), not copied per resource: ~200,000 copies in a pass of 10,000 tenants (bench
   * scenario 5). */
  readonly loadBalancerArn: AttrRef;
  readonly listenerArn: AttrRef;
  /** The alias of every weighted record pointing at the infra group's ALB. */
  readonly loadBalancerAlias: Spec;
  /** The awsvpc network of every ECS service of the infra group. */
  readonly serviceNetwork: Spec;
  /** The ARN of a role of the cell's account, one string per role name: tenants mostly run the
   * tier's default task and execution roles. */
  readonly roleArnOf: (roleName: string) => string;
  /** What a task definition waits for: the tier's log group in the cell (shared, frozen). */
  readonly logGroupDependency: readonly string[];
  /** Every service's deployment circuit breaker (shared, frozen: docs/design.md §11.4). */
  readonly circuitBreaker: Spec;
}

function roleArns(region: string, account: string): (roleName: string) => string {
  const byName = new Map<string, string>();
  return (roleName) => {
    let arn = byName.get(roleName);
    if (arn === undefined) byName.set(roleName, (arn = roleArn(region, account, roleName)));
    return arn;
  };
}

function lookup(kind: LookupKind, cell: Cell, region: string, name: string): LookupRef {
  return { lookup: kind, account: cell.spec.accountId, region, name };
}

function idsOrLookup(
  kind: LookupKind,
  ref: ResourceRef | { readonly ids: readonly string[] },
  cell: Cell,
  region: string,
): SpecValue {
  if ('ids' in ref) return [...ref.ids].sort();
  if ('id' in ref) return [ref.id];
  return lookup(kind, cell, region, ref.name);
}

export function infraGroupContext(
  tier: Tier,
  cell: Cell,
  ig: InfraGroup,
  options: TopologyOptions,
): InfraGroupContext {
  const region = tier.spec.region;
  const vpc = ig.spec.vpc;
  const owner: Owner = { tier: tier.name, cell: cell.name, infraGroup: ig.name };
  const loadBalancerKey = resourceKey('load-balancer', owner);
  const listenerKey = resourceKey('listener', owner);
  const subnetIds = idsOrLookup('subnets', ig.spec.subnets, cell, region);
  const securityGroupIds = idsOrLookup('security-groups', ig.spec.securityGroups, cell, region);
  return {
    tier,
    cell,
    infraGroup: ig,
    owner,
    scope: { kind: 'account', account: cell.spec.accountId, region, roleArn: cell.spec.roleArn },
    vpcId: 'id' in vpc ? vpc.id : lookup('vpc', cell, region, vpc.name),
    subnetIds,
    securityGroupIds,
    instanceId: options.instanceId,
    loadBalancerKey,
    listenerKey,
    setIdentifier: setIdentifier(owner),
    tenantDomain: tenantDomainOf(tier.spec.dns),
    tenantSetIdentifier: tenantSetIdentifier(owner, tier.spec.dns.tenantDomain !== undefined),
    dnsScope: dnsScope(tier),
    loadBalancerArn: attrRef(loadBalancerKey),
    listenerArn: attrRef(listenerKey),
    loadBalancerAlias: Object.freeze({
      dnsName: attrRef(loadBalancerKey, 'dnsName'),
      hostedZoneId: attrRef(loadBalancerKey, 'canonicalHostedZoneId'),
      evaluateTargetHealth: true,
    }),
    serviceNetwork: Object.freeze({ subnets: subnetIds, securityGroups: securityGroupIds, assignPublicIp: 'DISABLED' }),
    roleArnOf: roleArns(region, cell.spec.accountId),
    logGroupDependency: Object.freeze([logGroupKey(tier.name, cell.name)]),
    circuitBreaker: Object.freeze({ enable: tier.spec.rollout.circuitBreaker, rollback: tier.spec.rollout.circuitBreaker && tier.spec.rollout.rollback }),
  };
}

/** The DNS scope of a tier: its hosted zone, reached with the tier's DNS role if any. */
export function dnsScope(tier: Tier): Scope {
  const { zone, roleArn } = tier.spec.dns;
  return roleArn === undefined ? { kind: 'zone', zone } : { kind: 'zone', zone, roleArn };
}

/** Manifest lookups by name, failing loudly when the placement names something unknown. */
export function indexSet(tier: Tier, cells: readonly Cell[], igs: readonly InfraGroup[]) {
  const cellByName = new Map(cells.filter((c) => c.spec.tier === tier.name).map((c) => [c.name, c]));
  const igByKey = new Map(
    igs
      .filter((g) => g.spec.tier === tier.name)
      .map((g) => [infraGroupKeyString({ tier: tier.name, cell: g.spec.cell, infraGroup: g.name }), g]),
  );
  return { cellByName, igByKey };
}
