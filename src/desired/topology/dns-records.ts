// DNS (DESIGN §5): per infra group, a weighted alias of the tier endpoint to its ALB; per tenant
// per hosting infra group, a weighted alias of the tenant endpoint; each with its ownership TXT.
// Record names are written without the trailing dot, lowercase; live discovery normalises the
// same way (and strips `dualstack.` from alias targets) before comparing.
import { ownershipTxtName, setIdentifier, tenantDnsName } from '../naming.js';
import type { Tenant } from '../model.js';
import { dnsScope } from './context.js';
import type { InfraGroupContext } from './context.js';
import { formatOwnershipTxt } from './dns-ownership.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Owner } from './resource.js';
import { attrRef } from './resource.js';
import { tenantOwner } from './owners.js';

/** A tenant hosted by several infra groups (a migration) gets an equal share on each; the
 * migration operation shifts these weights step by step. */
export const TENANT_RECORD_WEIGHT = 1;
/** The ownership TXT records are weighted only to share the A record's SetIdentifier. */
export const OWNERSHIP_TXT_WEIGHT = 1;

function aliasRecord(ctx: InfraGroupContext, owner: Owner, name: string, weight: number): DesiredResource {
  const lbKey = resourceKey('load-balancer', ctx.owner);
  const setId = setIdentifier(ctx.owner);
  return {
    kind: 'dns-record',
    key: resourceKey('dns-record', owner),
    owner,
    scope: dnsScope(ctx.tier),
    identity: { name: `${name}|A|${setId}` },
    tags: ownershipTags(ctx.instanceId, 'dns-record', owner),
    spec: {
      name,
      type: 'A',
      setIdentifier: setId,
      weight,
      alias: {
        dnsName: attrRef(lbKey, 'dnsName'),
        hostedZoneId: attrRef(lbKey, 'canonicalHostedZoneId'),
        evaluateTargetHealth: true,
      },
    },
    dependsOn: [lbKey],
  };
}

function ownershipRecord(ctx: InfraGroupContext, record: DesiredResource): DesiredResource {
  const name = ownershipTxtName(String(record.spec['name']));
  const setId = setIdentifier(ctx.owner);
  return {
    kind: 'dns-ownership',
    key: resourceKey('dns-ownership', record.owner),
    owner: record.owner,
    scope: record.scope,
    identity: { name: `${name}|TXT|${setId}` },
    tags: ownershipTags(ctx.instanceId, 'dns-ownership', record.owner),
    spec: {
      name,
      type: 'TXT',
      setIdentifier: setId,
      weight: OWNERSHIP_TXT_WEIGHT,
      value: formatOwnershipTxt(record.tags),
    },
    // Ownership is claimed first, so a crash never leaves an alias record nobody owns.
    dependsOn: [],
  };
}

function withOwnership(ctx: InfraGroupContext, record: DesiredResource): readonly DesiredResource[] {
  const txt = ownershipRecord(ctx, record);
  return [txt, { ...record, dependsOn: [...record.dependsOn, txt.key] }];
}

export function tierEndpointRecords(ctx: InfraGroupContext): readonly DesiredResource[] {
  const endpoint = ctx.tier.spec.dns.endpoint.toLowerCase();
  return withOwnership(ctx, aliasRecord(ctx, ctx.owner, endpoint, ctx.infraGroup.spec.dnsWeight));
}

export function tenantEndpointRecords(ctx: InfraGroupContext, tenant: Tenant): readonly DesiredResource[] {
  const owner = tenantOwner(ctx.owner, tenant.name);
  const name = tenantDnsName(tenant.name, ctx.tier.spec.dns.endpoint).toLowerCase();
  const record = aliasRecord(ctx, owner, name, TENANT_RECORD_WEIGHT);
  // The tenant's name must only answer once its rule is there to route it.
  const ruleKey = resourceKey('listener-rule', owner);
  return withOwnership(ctx, { ...record, dependsOn: [...record.dependsOn, ruleKey] });
}
