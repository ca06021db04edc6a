// DNS (docs/design.md §6.1, §6.2): per infra group, a weighted alias of the tier endpoint to its ALB; per tenant
// per hosting infra group, a weighted alias of the tenant endpoint; each with its ownership TXT.
// A tier served by the two-level tree (docs/dns-tree.md) has instead, per infra group, a weighted
// alias of its cell name to its ALB, and per cell a weighted alias of the tier endpoint to the
// cell name.
// Record names are written without the trailing dot, lowercase; live discovery normalises the
// same way (and strips `dualstack.` from alias targets) before comparing.
import type { Cell, Tier } from '../model.js';
import { cellDnsName, cellSetIdentifier, cellsOwnershipTxtName, ownershipTxtName, tenantDnsName } from '../naming.js';
import { TAG } from '../tags.js';
import type { InfraGroupContext } from './context.js';
import { dnsScope } from './context.js';
import { formatOwnershipTxt } from './dns-ownership.js';
import { CELL_RECORD_KEY_SUFFIX, DNS_TREE_TAG } from './dns-tree.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import { cellOwner } from './owners.js';
import type { DesiredResource, Owner, Scope, Spec, SpecValue } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';
import type { TenantParts } from './tenant-parts.js';

/** A tenant hosted by several infra groups (a migration) gets an equal share on each; the
 * migration operation shifts these weights step by step. */
export const TENANT_RECORD_WEIGHT = 1;
/** The ownership TXT records are weighted only to share the A record's SetIdentifier. */
export const OWNERSHIP_TXT_WEIGHT = 1;

interface RecordParts {
  readonly instanceId: string;
  readonly owner: Owner;
  readonly scope: Scope;
  /** Added to both keys (the record's and its TXT's): the cell records' `@cell`. */
  readonly keySuffix?: string;
  readonly name: string;
  readonly txtName: string;
  readonly setIdentifier: string;
  readonly weight: number;
  readonly alias: Spec;
  /** The record's dependencies beyond its TXT. */
  readonly after: readonly string[];
  readonly extraTags?: Readonly<Record<string, string>>;
}

/** A weighted alias record and, first, its ownership TXT record. Each is built once, with its
 * final dependencies. */
function withOwnership(p: RecordParts): readonly DesiredResource[] {
  const setId = p.setIdentifier;
  const tags = ownershipTags(p.instanceId, 'dns-record', p.owner, p.extraTags);
  const txt: DesiredResource = {
    kind: 'dns-ownership',
    key: resourceKey('dns-ownership', p.owner, p.keySuffix),
    owner: p.owner,
    scope: p.scope,
    identity: { name: [p.txtName, 'TXT', setId].join('|') },
    tags: ownershipTags(p.instanceId, 'dns-ownership', p.owner, p.extraTags),
    spec: {
      name: p.txtName,
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
    key: resourceKey('dns-record', p.owner, p.keySuffix),
    owner: p.owner,
    scope: p.scope,
    identity: { name: [p.name, 'A', setId].join('|') },
    tags,
    spec: {
      name: p.name,
      type: 'A',
      setIdentifier: setId,
      weight: p.weight,
      alias: p.alias,
    },
    dependsOn: [...p.after, txt.key],
  };
  return [txt, record];
}

/** An infra group's weighted alias to its ALB at `name`. */
function albRecords(ctx: InfraGroupContext, owner: Owner, name: string, weight: number, after: readonly string[]): readonly DesiredResource[] {
  return withOwnership({
    instanceId: ctx.instanceId,
    owner,
    scope: ctx.dnsScope,
    name,
    txtName: ownershipTxtName(name),
    setIdentifier: ctx.setIdentifier,
    weight,
    alias: ctx.loadBalancerAlias,
    after: [ctx.loadBalancerKey, ...after],
  });
}

export function tierEndpointRecords(ctx: InfraGroupContext): readonly DesiredResource[] {
  const endpoint = ctx.tier.spec.dns.endpoint.toLowerCase();
  return albRecords(ctx, ctx.owner, endpoint, ctx.infraGroup.spec.dnsWeight, []);
}

/** Two-level tree: the infra group's weighted alias at its cell name, `{cell}.cells.{endpoint}`
 * (tagged `tiered.dev/dns-tree: cell`), in place of its record at the endpoint. */
export function cellNameRecords(ctx: InfraGroupContext): readonly DesiredResource[] {
  const name = cellDnsName(ctx.cell.name, ctx.tier.spec.dns.endpoint).toLowerCase();
  return withOwnership({
    instanceId: ctx.instanceId,
    owner: ctx.owner,
    scope: ctx.dnsScope,
    keySuffix: CELL_RECORD_KEY_SUFFIX,
    name,
    txtName: ownershipTxtName(name),
    setIdentifier: ctx.setIdentifier,
    weight: ctx.infraGroup.spec.dnsWeight,
    alias: ctx.loadBalancerAlias,
    after: [ctx.loadBalancerKey],
    extraTags: { [TAG.dnsTree]: DNS_TREE_TAG.cell },
  });
}

/** The hosted zone's id as an alias target's HostedZoneId: as given, or looked up by name with
 * the tier's DNS (live discovery finds the zone before anything is planned in it). */
function zoneIdValue(tier: Tier): SpecValue {
  const zone = tier.spec.dns.zone;
  return 'id' in zone ? zone.id : { lookup: 'hosted-zone', account: '', region: '', name: zone.name };
}

/** Two-level tree: the cell's weighted alias at the tier endpoint to its cell name, in the same
 * hosted zone (EvaluateTargetHealth: a cell none of whose ALBs is healthy is passed over).
 * `cellRecordKeys` are the keys of the cell name's records: Route 53 refuses an alias to a
 * name that has no record yet (docs/aws-behaviour.md, "Route 53: alias to a record"). */
export function endpointCellRecords(
  tier: Tier,
  cell: Cell,
  weight: number,
  cellRecordKeys: readonly string[],
  instanceId: string,
): readonly DesiredResource[] {
  const endpoint = tier.spec.dns.endpoint.toLowerCase();
  return withOwnership({
    instanceId,
    owner: cellOwner(tier.name, cell.name),
    scope: dnsScope(tier),
    name: endpoint,
    txtName: cellsOwnershipTxtName(endpoint),
    setIdentifier: cellSetIdentifier(cell.name),
    weight,
    alias: { dnsName: cellDnsName(cell.name, endpoint), hostedZoneId: zoneIdValue(tier), evaluateTargetHealth: true },
    after: cellRecordKeys,
    extraTags: { [TAG.dnsTree]: DNS_TREE_TAG['endpoint-cell'] },
  });
}

export function tenantEndpointRecords(ctx: InfraGroupContext, parts: TenantParts): readonly DesiredResource[] {
  const name = tenantDnsName(parts.tenant.name, ctx.tier.spec.dns.endpoint).toLowerCase();
  // The tenant's name must only answer once its rule is there to route it.
  return albRecords(ctx, parts.owner, name, TENANT_RECORD_WEIGHT, [parts.listenerRuleKey]);
}
