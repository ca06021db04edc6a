// The AWS account quotas a tier runs into before its per-ALB limits (docs/capacity.md §1): what
// each is, its Service Quotas code and its default, and how a cell's value is decided. The
// values and codes are AWS's (docs/aws-behaviour.md §18).

export const ACCOUNT_QUOTAS = [
  'networkInterfaces',
  'loadBalancers',
  'targetGroups',
  'vpcEndpoints',
  'ecsClusters',
  'listenersPerLoadBalancer',
] as const;
export type AccountQuota = (typeof ACCOUNT_QUOTAS)[number];

export type AccountQuotas = Readonly<Record<AccountQuota, number>>;

export interface QuotaDefinition {
  /** Service Quotas' ServiceCode and QuotaCode: what GetServiceQuota is asked. */
  readonly serviceCode: string;
  readonly quotaCode: string;
  /** AWS's own name of the quota, as the Service Quotas console shows it. */
  readonly name: string;
  /** AWS's default value. */
  readonly defaultValue: number;
  /** What one unit of it is counted over. */
  readonly per: 'account and region' | 'VPC' | 'load balancer';
  /** Short words for tables and remedies. */
  readonly label: string;
}

export const QUOTA_DEFINITIONS: Readonly<Record<AccountQuota, QuotaDefinition>> = {
  networkInterfaces: {
    serviceCode: 'vpc',
    quotaCode: 'L-DF5E4CA3',
    name: 'Network interfaces per Region',
    defaultValue: 5000,
    per: 'account and region',
    label: 'ENIs',
  },
  loadBalancers: {
    serviceCode: 'elasticloadbalancing',
    quotaCode: 'L-53DA6B97',
    name: 'Application Load Balancers per Region',
    defaultValue: 50,
    per: 'account and region',
    label: 'ALBs',
  },
  targetGroups: {
    serviceCode: 'elasticloadbalancing',
    quotaCode: 'L-B22855CB',
    name: 'Target Groups per Region',
    defaultValue: 3000,
    per: 'account and region',
    label: 'target groups',
  },
  vpcEndpoints: {
    serviceCode: 'vpc',
    quotaCode: 'L-29B6F2EB',
    name: 'Interface VPC endpoints per VPC',
    defaultValue: 50,
    per: 'VPC',
    label: 'interface endpoints',
  },
  ecsClusters: {
    serviceCode: 'ecs',
    quotaCode: 'L-21C621EB',
    name: 'Clusters per account',
    defaultValue: 10000,
    per: 'account and region',
    label: 'ECS clusters',
  },
  listenersPerLoadBalancer: {
    serviceCode: 'elasticloadbalancing',
    quotaCode: 'L-B6DF7632',
    name: 'Listeners per Application Load Balancer',
    defaultValue: 50,
    per: 'load balancer',
    label: 'listeners',
  },
};

export const AWS_DEFAULT_QUOTAS: AccountQuotas = Object.fromEntries(
  ACCOUNT_QUOTAS.map((q) => [q, QUOTA_DEFINITIONS[q].defaultValue]),
) as Record<AccountQuota, number>;

/** The quotas new tenants consume, and so placement packs by; the others are fixed by the
 * manifests' infra groups and checked by validation alone. */
export const TENANT_QUOTAS = ['networkInterfaces', 'targetGroups', 'ecsClusters'] as const;
export type TenantQuota = (typeof TENANT_QUOTAS)[number];
export type TenantQuotaAmounts = Readonly<Record<TenantQuota, number>>;

/** `account/region`: the scope of every account quota but the per-VPC and per-ALB ones. */
export function accountRegionKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

/** Values read from AWS's Service Quotas, by accountRegionKey; a missing value was not read. */
export type AppliedQuotas = ReadonlyMap<string, Partial<AccountQuotas>>;

export const NO_APPLIED_QUOTAS: AppliedQuotas = new Map();

export type QuotaSource = 'manifest' | 'service-quotas' | 'default';

/** One quota's value for an account and where it came from: the manifest's override wins over
 * what Service Quotas applied, which wins over AWS's default. Cells sharing an account may
 * override alike or not at all; where they differ, the lowest stands (it is one account). */
export function decideQuota(quota: AccountQuota, overrides: readonly (Partial<AccountQuotas> | undefined)[], applied: Partial<AccountQuotas> | undefined): { value: number; source: QuotaSource } {
  let lowest: number | undefined;
  for (const o of overrides) {
    const v = o?.[quota];
    if (v !== undefined && (lowest === undefined || v < lowest)) lowest = v;
  }
  if (lowest !== undefined) return { value: lowest, source: 'manifest' };
  const read = applied?.[quota];
  if (read !== undefined) return { value: read, source: 'service-quotas' };
  return { value: QUOTA_DEFINITIONS[quota].defaultValue, source: 'default' };
}
