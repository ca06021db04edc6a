// The one module that derives AWS names from manifest names (docs/design.md §4.1). Every name is a pure
// function of identities, so a crashed pass that reruns asks for the same names again.
// Names with short limits get a readable prefix plus a hash of the full identity; nothing ever
// parses these names back: identity is read from tags (see tags.ts).
//
// Names are joined from their parts, not written as templates: a pass of 10,000 tenants holds
// ~100,000 of them, and a joined string is the cheaper one to hold (bench scenario 5).
import { hash } from 'node:crypto';

/** AWS: ALB and target group names are at most 32 characters. */
export const ELB_NAME_MAX = 32;
/** AWS: ECS cluster, service and task definition family names are at most 255 characters. */
export const ECS_NAME_MAX = 255;
/** A DNS name is at most 253 characters (without the trailing dot), a label at most 63. */
export const DNS_NAME_MAX = 253;
export const DNS_LABEL_MAX = 63;

/** Manifest names are DNS labels: lowercase letters, digits and hyphens, no edge hyphen. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const HASH_CHARS = 10;

function shortHash(identity: string): string {
  // The one-shot hash (Node >= 20.12) makes no Hash object per name: 20,000 target groups a pass.
  return hash('sha256', identity, 'hex').slice(0, HASH_CHARS);
}

/** `prefix` cut to fit beside `-{hash}` within `max`, without a trailing hyphen. */
function hashedName(readable: string, identity: string, max: number): string {
  const hash = shortHash(identity);
  const room = max - hash.length - 1;
  const prefix = readable.slice(0, room).replace(/-+$/, '');
  return prefix.length > 0 ? [prefix, hash].join('-') : hash;
}

export interface InfraGroupIdentity {
  readonly tier: string;
  readonly cell: string;
  readonly infraGroup: string;
}

export interface TenantClusterIdentity extends InfraGroupIdentity {
  readonly tenant: string;
  /** 1-based: the tenant's first cluster is 1. */
  readonly index: number;
}

/** `{tier}-{cell}-{infraGroup}-{tenant}`, as in the reference article. */
export function tenantBaseName(id: InfraGroupIdentity & { readonly tenant: string }): string {
  return [id.tier, id.cell, id.infraGroup, id.tenant].join('-');
}

/** ECS cluster: the base name, with `-{n}` from the second cluster on. */
export function clusterName(id: TenantClusterIdentity): string {
  return id.index === 1 ? tenantBaseName(id) : [tenantBaseName(id), id.index].join('-');
}

/** One ECS service per cluster; the cluster already scopes it, so the tenant name suffices. */
export function serviceName(id: TenantClusterIdentity): string {
  return id.tenant;
}

/** Task definition family: one per tenant per infra group (shared by its clusters). */
export function taskDefinitionFamily(id: InfraGroupIdentity & { readonly tenant: string }): string {
  return tenantBaseName(id);
}

export function loadBalancerName(id: InfraGroupIdentity): string {
  return hashedName(
    `${id.tier}-${id.cell}-${id.infraGroup}`,
    `lb|${id.tier}|${id.cell}|${id.infraGroup}`,
    ELB_NAME_MAX,
  );
}

/** The fields of a target group AWS cannot change in place (docs/aws-behaviour.md, "Target
 * group replacement"). `vpc` is the manifest's reference to the VPC (its id, or its Name tag). */
export interface TargetGroupReplacementFields {
  readonly protocol: string;
  readonly port: number;
  readonly targetType: string;
  readonly vpc: string;
}

/** `{tenant}-{n}-{hash}`, the hash over the identity and the replacement fields, as the AWS Load
 * Balancer Controller names its target groups: a change of port (or protocol, target type, VPC)
 * names a new target group, made beside the old one, which goes once nothing points at it. */
export function targetGroupName(id: TenantClusterIdentity, fields: TargetGroupReplacementFields): string {
  return hashedName(
    [id.tenant, id.index].join('-'),
    ['tg', id.tier, id.cell, id.infraGroup, id.tenant, id.index, fields.protocol, fields.port, fields.targetType, fields.vpc].join('|'),
    ELB_NAME_MAX,
  );
}

/** The Name tag of an interface endpoint (endpoints have no name of their own). */
export function endpointName(id: InfraGroupIdentity & { readonly downstream: string }): string {
  return [id.tier, id.cell, id.infraGroup, id.downstream].join('-');
}

/** The tenant's own endpoint: `{tenant}.{tier endpoint}`. */
export function tenantDnsName(tenant: string, tierEndpoint: string): string {
  return [tenant, tierEndpoint].join('.');
}

/** Weighted records of one name are told apart by SetIdentifier: one per infra group. The
 * `tiered:` prefix marks the identifiers tiered owns (docs/design.md §4.3). */
export const SET_IDENTIFIER_PREFIX = 'tiered:';

export function setIdentifier(id: Omit<InfraGroupIdentity, 'tier'>): string {
  return [SET_IDENTIFIER_PREFIX, id.cell, '/', id.infraGroup].join('');
}

/** The ownership TXT record beside a record name, ExternalDNS style. */
export function ownershipTxtName(recordName: string): string {
  return ['_tiered.', recordName].join('');
}

/** An idempotency token for a create call (ECS clientToken ≤ 36 characters, EC2 ClientToken ≤ 64):
 * the same resource always asks with the same token, so a retried create never duplicates. */
export function clientToken(identity: string): string {
  return hash('sha256', identity, 'hex').slice(0, 32);
}

/** The label under the tier endpoint that holds the cell names of the two-level tree
 * (docs/dns-tree.md): `{cell}.cells.{endpoint}`. Under a label of its own, a cell name never
 * meets a tenant's `{tenant}.{endpoint}`, whatever the tenants are called. */
export const CELLS_LABEL = 'cells';

/** A cell's name in the two-level tree: `{cell}.cells.{endpoint}`. */
export function cellDnsName(cell: string, tierEndpoint: string): string {
  return [cell, CELLS_LABEL, tierEndpoint].join('.');
}

/** The SetIdentifier of a cell's weighted record at the tier endpoint (two-level tree). It has
 * no `/`, so it never equals an infra group's `tiered:{cell}/{infraGroup}`. */
export function cellSetIdentifier(cell: string): string {
  return [SET_IDENTIFIER_PREFIX, cell].join('');
}

/** The ownership TXT name of the tier endpoint's per-cell records: `_tiered-cells.{endpoint}`,
 * not `_tiered.{endpoint}`, where the one-level tree keeps up to 100 weighted TXT records: Route
 * 53 holds at most 100 weighted records of one name and type, and the switch between the two
 * trees needs both sets of claims at once (docs/dns-tree.md, "The switch"). */
export function cellsOwnershipTxtName(tierEndpoint: string): string {
  return ['_tiered-cells.', tierEndpoint].join('');
}
