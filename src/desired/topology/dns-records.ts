// DNS (docs/design.md §6.1, §6.2): per infra group, a weighted alias of the tier endpoint to its ALB; per tenant
// per hosting infra group, a weighted alias of the tenant endpoint; each with its ownership TXT.
// Record names are written without the trailing dot, lowercase; live discovery normalises the
// same way (and strips `dualstack.` from alias targets) before comparing.
import { ownershipTxtName, tenantDnsName } from '../naming.js';
import type { InfraGroupContext } from './context.js';
import { formatOwnershipTxt } from './dns-ownership.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Owner } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';
import type { TenantParts } from './tenant-parts.js';

/** A tenant hosted by several infra groups (a migration) gets an equal share on each; the
 * migration operation shifts these weights step by step. */
export const TENANT_RECORD_WEIGHT = 1;
/** The ownership TXT records are weighted only to share the A record's SetIdentifier. */
export const OWNERSHIP_TXT_WEIGHT = 1;

/** A weighted alias record and, first, its ownership TXT record; `after` are the record's
 * dependencies beyond its ALB and its TXT. Each is built once, with its final dependencies. */
function withOwnership(
  ctx: InfraGroupContext,
  owner: Owner,
  name: string,
  setId: string,
  weight: number,
  after: readonly string[],
  moveTags?: Readonly<Record<string, string>>,
): readonly DesiredResource[] {
  const lbKey = ctx.loadBalancerKey;
  const owned = ownershipTags(ctx.instanceId, 'dns-record', owner);
  const tags = moveTags === undefined ? owned : { ...owned, ...moveTags };
  const txtName = ownershipTxtName(name);
  const txt: DesiredResource = {
    kind: 'dns-ownership',
    key: resourceKey('dns-ownership', owner),
    owner,
    scope: ctx.dnsScope,
    identity: { name: [txtName, 'TXT', setId].join('|') },
    tags: ownershipTags(ctx.instanceId, 'dns-ownership', owner),
    spec: {
      name: txtName,
      type: 'TXT',
      setIdentifier: setId,
      weight: OWNERSHIP_TXT_WEIGHT,
      value: formatOwnershipTxt(tags),
    },
    // Ownership is claimed first, so a crash never leaves an alias record nobody owns.
    dependsOn: NO_DEPENDENCIES,
  };
  const record: DesiredResource = {
    kind: 'dns-record',
    key: resourceKey('dns-record', owner),
    owner,
    scope: ctx.dnsScope,
    identity: { name: [name, 'A', setId].join('|') },
    tags,
    spec: {
      name,
      type: 'A',
      setIdentifier: setId,
      weight,
      alias: ctx.loadBalancerAlias,
    },
    dependsOn: [lbKey, ...after, txt.key],
  };
  return [txt, record];
}

export function tierEndpointRecords(ctx: InfraGroupContext): readonly DesiredResource[] {
  const endpoint = ctx.tier.spec.dns.endpoint.toLowerCase();
  return withOwnership(ctx, ctx.owner, endpoint, ctx.setIdentifier, ctx.infraGroup.spec.dnsWeight, []);
}

/** What a move in progress sets on one of the tenant's records (docs/moves.md): its weight, and
 * for the destination's record the move's state, carried in its ownership TXT. */
export interface RecordOverride {
  readonly weight: number;
  readonly moveTags?: Readonly<Record<string, string>>;
}

export function tenantEndpointRecords(ctx: InfraGroupContext, parts: TenantParts, override?: RecordOverride): readonly DesiredResource[] {
  const name = tenantDnsName(parts.tenant.name, ctx.tenantDomain);
  // The tenant's name must only answer once its rule is there to route it.
  return withOwnership(ctx, parts.owner, name, ctx.tenantSetIdentifier, override?.weight ?? TENANT_RECORD_WEIGHT, [parts.listenerRuleKey], override?.moveTags);
}
