// What an operator looks up about one tenant (the status page's search, docs/status.md): its
// ECS clusters and services, target groups, listener rules (priority and condition) and DNS
// records (name and weight), per infra group, read off a compiled topology. Pure.
import type { DesiredResource, DesiredTopology, Owner, SpecValue } from './resource.js';

export interface TenantNamed {
  readonly name: string;
  /** `tier/cell/infraGroup` the resource lives in. */
  readonly infraGroup: string;
}

export interface TenantRule {
  readonly infraGroup: string;
  readonly priority: number;
  /** The rule's match, as the ALB console words it, e.g. `host-header acme.tier-1.example.com`. */
  readonly condition: string;
}

export interface TenantRecord {
  readonly infraGroup: string;
  readonly name: string;
  readonly type: string;
  readonly setIdentifier: string;
  readonly weight: number;
}

export interface TenantSummary {
  readonly tenant: string;
  readonly tier: string;
  /** Every infra group holding its resources (two while it moves). */
  readonly infraGroups: readonly string[];
  readonly clusters: readonly TenantNamed[];
  readonly services: readonly TenantNamed[];
  readonly targetGroups: readonly TenantNamed[];
  readonly rules: readonly TenantRule[];
  readonly dnsRecords: readonly TenantRecord[];
}

interface Collecting {
  tier: string;
  infraGroups: Set<string>;
  clusters: TenantNamed[];
  services: TenantNamed[];
  targetGroups: TenantNamed[];
  rules: TenantRule[];
  dnsRecords: TenantRecord[];
}

const igOf = (owner: Owner): string => `${owner.tier}/${owner.cell}/${owner.infraGroup}`;

/** A spec field that holds text (names, types, identifiers), as text. */
const textOf = (value: SpecValue | undefined): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

const strings = (value: SpecValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];

/** A rule's conditions (listener-rules.ts tenantRuleConditions) in words. */
export function describeConditions(conditions: SpecValue | undefined): string {
  if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) return '';
  const c = conditions as { readonly [field: string]: SpecValue };
  const parts: string[] = [];
  if (c['pathPattern'] !== undefined) parts.push(`path-pattern ${strings(c['pathPattern']).join(' | ')}`);
  if (c['hostHeader'] !== undefined) parts.push(`host-header ${strings(c['hostHeader']).join(' | ')}`);
  const header = c['httpHeader'];
  if (typeof header === 'object' && header !== null && !Array.isArray(header)) {
    const h = header as { readonly [field: string]: SpecValue };
    parts.push(`http-header ${textOf(h['name'])}: ${strings(h['values']).join(' | ')}`);
  }
  return parts.join(' and ');
}

function add(into: Collecting, r: DesiredResource): void {
  const infraGroup = igOf(r.owner);
  into.infraGroups.add(infraGroup);
  const name = typeof r.spec['name'] === 'string' ? r.spec['name'] : r.identity.name;
  switch (r.kind) {
    case 'ecs-cluster':
      into.clusters.push({ name, infraGroup });
      break;
    case 'ecs-service':
      into.services.push({ name, infraGroup });
      break;
    case 'target-group':
      into.targetGroups.push({ name, infraGroup });
      break;
    case 'listener-rule':
      into.rules.push({ infraGroup, priority: Number(r.spec['priority']), condition: describeConditions(r.spec['conditions']) });
      break;
    case 'dns-record':
      into.dnsRecords.push({
        infraGroup,
        name,
        type: textOf(r.spec['type']),
        setIdentifier: textOf(r.spec['setIdentifier']),
        weight: Number(r.spec['weight']),
      });
      break;
    default:
      break;
  }
}

/** One summary per tenant that has resources in `topology`, by tenant name. */
export function summarizeTenants(topology: DesiredTopology): TenantSummary[] {
  const byTenant = new Map<string, Collecting>();
  for (const r of topology.resources) {
    const tenant = r.owner.tenant;
    if (tenant === undefined) continue;
    let into = byTenant.get(tenant);
    if (into === undefined) {
      into = { tier: r.owner.tier, infraGroups: new Set(), clusters: [], services: [], targetGroups: [], rules: [], dnsRecords: [] };
      byTenant.set(tenant, into);
    }
    add(into, r);
  }
  return [...byTenant]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tenant, c]) => ({
      tenant,
      tier: c.tier,
      infraGroups: [...c.infraGroups].sort(),
      clusters: c.clusters,
      services: c.services,
      targetGroups: c.targetGroups,
      rules: c.rules,
      dnsRecords: c.dnsRecords,
    }));
}
