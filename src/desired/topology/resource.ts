// The shape of one desired AWS resource, after aws-load-balancer-controller's stack: a spec of
// exactly the fields tiered sets (and compares for drift), with values that only AWS can give
// (ARNs, DNS names, ids behind Name tags) left as symbolic references resolved later.
import type { ZoneRef } from '../model.js';

export const RESOURCE_KINDS = [
  'load-balancer',
  'listener',
  'interface-endpoint',
  'target-group',
  'ecs-cluster',
  'task-definition',
  'listener-rule',
  'ecs-service',
  'dns-record',
  'dns-ownership',
  'log-group',
  'scalable-target',
  'scaling-policy',
  'alarm',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Attributes a created resource exposes to the resources that point at it. */
export type RefAttr = 'arn' | 'dnsName' | 'canonicalHostedZoneId' | 'id';

/** "The `attr` of the resource with key `ref`": known once that resource exists in AWS. */
export interface AttrRef {
  readonly ref: string;
  readonly attr: RefAttr;
}

export type LookupKind = 'vpc' | 'subnets' | 'security-groups' | 'hosted-zone';

/** An object tiered references but never owns, found by its Name tag in a cell's account.
 * `vpc` resolves to one id, `subnets` and `security-groups` to a list of ids. `hosted-zone` is
 * a tier's hosted zone by name (account and region empty), resolved to its id by the tier's DNS
 * discovery: the alias target of a record in the same zone (docs/dns-tree.md). */
export interface LookupRef {
  readonly lookup: LookupKind;
  readonly account: string;
  readonly region: string;
  readonly name: string;
}

/** A spec value: plain data, or a reference. Plain objects never use the keys `ref`/`lookup`. */
export type SpecValue =
  | string
  | number
  | boolean
  | AttrRef
  | LookupRef
  | readonly SpecValue[]
  | { readonly [field: string]: SpecValue };

export type Spec = { readonly [field: string]: SpecValue };

/** Where in the topology a resource belongs. Tier-level DNS records belong to the infra group
 * whose ALB they point at, so every resource has a cell and an infra group; a resource of a
 * whole cell (its log group) has the infra group `CELL_WIDE` (owners.ts). */
export interface Owner {
  readonly tier: string;
  readonly cell: string;
  readonly infraGroup: string;
  readonly tenant?: string;
  /** 1-based, for per-cluster resources (target group, ECS cluster, ECS service). */
  readonly clusterIndex?: number;
}

/** Which API endpoint holds the resource: a cell's account and region, or a hosted zone. */
export type Scope =
  | { readonly kind: 'account'; readonly account: string; readonly region: string; readonly roleArn: string }
  | { readonly kind: 'zone'; readonly zone: ZoneRef; readonly roleArn?: string };

/** The natural AWS identity, used to find a resource that exists without our tags (to adopt it
 * or to report a conflict). `name` is per kind (see docs/plan-json.md, "identity"); `parent`
 * scopes it (a listener within its ALB, a rule within its listener, a service within its
 * cluster); `arn` pins an adopted resource (an ALB named by `loadBalancerArn`). */
export interface Identity {
  readonly name: string;
  readonly parent?: AttrRef;
  readonly arn?: string;
}

export interface DesiredResource {
  readonly kind: ResourceKind;
  /** Stable identity within tiered, e.g. `targetGroup:tier-1/cell-1/ig-1/tenant-a/1`. */
  readonly key: string;
  readonly owner: Owner;
  readonly scope: Scope;
  readonly identity: Identity;
  /** Ownership tags (tags.ts); for DNS records, the content of their ownership TXT record. */
  readonly tags: Readonly<Record<string, string>>;
  readonly spec: Spec;
  /** Keys of the resources this one needs first (every AttrRef in spec/identity, and more). */
  readonly dependsOn: readonly string[];
  /** Set when the resource pre-exists and is taken over on purpose (an ALB by ARN). */
  readonly adopt?: true;
  /** Values a create sends that are never compared afterwards, because another owns them from
   * then on: an autoscaled service's first desired count (docs/design.md §11.2). */
  readonly createWith?: Spec;
}

/** A tier's reconcile policies, from its manifests (docs/design.md §8). */
export interface TierPolicy {
  readonly tier: string;
  readonly prune: 'sync' | 'upsert-only';
  readonly suspend: boolean;
  /** Tenants of the tier with `suspend: true`, sorted. */
  readonly suspendedTenants: readonly string[];
}

export interface DesiredTopology {
  /** The tiers this topology covers, by name: live resources of other tiers are orphans. */
  readonly tiers: readonly TierPolicy[];
  /** Every resource after those it depends on: by tier, then infra group key, then the infra
   * group's own resources and its tenants by name (compile.ts). */
  readonly resources: readonly DesiredResource[];
}

/** A reference, frozen: each is built once per resource it names (tenant-parts.ts, context.ts)
 * and shared by every spec that points at that resource. */
export function attrRef(ref: string, attr: RefAttr = 'arn'): AttrRef {
  return Object.freeze({ ref, attr });
}

/** The dependencies of a resource that needs nothing first, shared (frozen). */
export const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

export function isAttrRef(v: unknown): v is AttrRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as AttrRef).ref === 'string'
    && typeof (v as AttrRef).attr === 'string';
}

export function isLookupRef(v: unknown): v is LookupRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as LookupRef).lookup === 'string';
}

/** The key under which live discovery records what a lookup resolved to. */
export function lookupKey(l: LookupRef): string {
  if (l.lookup === 'hosted-zone') return zoneLookupKey({ name: l.name });
  return `${l.lookup}:${l.account}/${l.region}/${l.name}`;
}

/** The key under which live discovery records the id of a tier's hosted zone (a zone given by
 * name is looked up; one given by id is checked to exist). */
export function zoneLookupKey(zone: ZoneRef): string {
  return 'id' in zone ? `zone-id:${zone.id}` : `zone:${zone.name.toLowerCase().replace(/\.$/, '')}`;
}
