// The tier's DNS: its hosted zone (by name or id), and the records under its endpoint only.
// Route 53 lists names in reversed-label order, so the endpoint, `{tenant}.{endpoint}` and the
// `_tiered.…` ownership TXT records form one run from the endpoint on: paging stops at the first
// page that reaches past it. Ownership is the TXT's, ExternalDNS style (dns-ownership.ts).
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { Route53Api } from '../aws/route53.js';
import type { ZoneRef } from '../desired/model.js';
import type { Spec } from '../desired/topology/resource.js';
import { cellsOwnershipTxtName, ownershipTxtName } from '../desired/naming.js';
import { parseOwnershipTxt } from '../desired/topology/dns-ownership.js';
import type { LiveResource } from '../plan/live-resource.js';
import { normaliseAliasTarget, normaliseDnsName } from './dns-name.js';
import type { LiveBody } from './tags.js';
import { tie } from './tags.js';

function reversed(name: string): string {
  return name.split('.').reverse().join('.');
}

/** Whether `name` is `root` or below it. */
export function inSubtree(name: string, root: string): boolean {
  return name === root || name.endsWith(`.${root}`);
}

/** True once a listing from `root` on has passed every name of its subtree. Route 53 documents
 * label-wise order; moto compares reversed names as strings (so `tier-1-b.x` sorts between
 * `tier-1.x` and `a.tier-1.x`). Either way, a name outside the subtree whose reversed form no
 * longer starts with the root's comes after the whole subtree. */
export function pastSubtree(name: string, root: string): boolean {
  return !inSubtree(name, root) && !reversed(name).startsWith(reversed(root));
}

export async function listSubtree(route53: Route53Api, zoneId: string, root: string): Promise<ResourceRecordSet[]> {
  const records = await route53.listResourceRecordSets(zoneId, {
    startRecordName: root,
    stopAfter: (r) => pastSubtree(normaliseDnsName(r.Name ?? ''), root),
  });
  return records.filter((r) => inSubtree(normaliseDnsName(r.Name ?? ''), root));
}

export interface ZoneFound {
  readonly zoneId?: string;
  readonly problem?: string;
}

export async function findZone(route53: Route53Api, zone: ZoneRef): Promise<ZoneFound> {
  if ('id' in zone) {
    const out = await route53.getHostedZone(zone.id);
    const id = out.HostedZone?.Id?.replace(/^\/hostedzone\//, '');
    return id === undefined ? { problem: `hosted zone ${zone.id} not found` } : { zoneId: id };
  }
  const zones = await route53.hostedZonesNamed(zone.name);
  if (zones.length === 0) return { problem: `no hosted zone named ${zone.name}` };
  if (zones.length > 1) {
    return { problem: `${zones.length} hosted zones are named ${zone.name} (${zones.map((z) => z.Id).join(', ')}): give the zone by id` };
  }
  return { zoneId: (zones[0]?.Id ?? '').replace(/^\/hostedzone\//, '') };
}

function txtValue(r: ResourceRecordSet): string {
  return (r.ResourceRecords ?? []).map((v) => v.Value ?? '').join(' ');
}

/** Whether a TXT name is one of tiered's ownership names: `_tiered.{name}`, or the two-level
 * tree's `_tiered-cells.{endpoint}` (docs/dns-tree.md). */
function isOwnershipName(name: string): boolean {
  return name.startsWith('_tiered.') || name.startsWith('_tiered-cells.');
}

/** Records of the subtree as live resources: A records and their ownership TXT records. Other
 * types are not tiered's and cannot hold its identities. An A record's claim is the TXT of the
 * same SetIdentifier at `_tiered.{name}`, or, for a cell's record at a two-level tier endpoint,
 * at `_tiered-cells.{name}` (the SetIdentifiers differ: `tiered:{cell}` has no `/`). */
export function dnsResources(records: readonly ResourceRecordSet[], instanceId: string): LiveResource[] {
  const ownership = new Map<string, Readonly<Record<string, string>>>();
  for (const r of records) {
    if (r.Type !== 'TXT') continue;
    const tags = parseOwnershipTxt(txtValue(r));
    if (tags !== undefined) ownership.set(`${normaliseDnsName(r.Name ?? '')}|${r.SetIdentifier ?? ''}`, tags);
  }
  const out: LiveResource[] = [];
  for (const r of records) {
    const name = normaliseDnsName(r.Name ?? '');
    const setIdentifier = r.SetIdentifier ?? '';
    if (r.Type === 'TXT' && isOwnershipName(name)) {
      const tags = ownership.get(`${name}|${setIdentifier}`) ?? {};
      const body: LiveBody = {
        kind: 'dns-ownership',
        aws: { name: `${name}|TXT|${setIdentifier}` },
        tags,
        spec: { name, type: 'TXT', setIdentifier, weight: r.Weight ?? 0, value: txtValue(r) },
        attrs: {},
      };
      out.push(tie(body, instanceId));
    } else if (r.Type === 'A') {
      // Any weighted A record holds its name and SetIdentifier, alias or not: a plain one at
      // tiered's identity is a conflict, and one proven ours by its TXT is drift (no alias).
      const tags = ownership.get(`${ownershipTxtName(name)}|${setIdentifier}`) ?? ownership.get(`${cellsOwnershipTxtName(name)}|${setIdentifier}`) ?? {};
      const alias: Spec = r.AliasTarget === undefined ? {} : {
        alias: {
          dnsName: normaliseAliasTarget(r.AliasTarget.DNSName ?? ''),
          hostedZoneId: r.AliasTarget.HostedZoneId ?? '',
          evaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false,
        },
      };
      const body: LiveBody = {
        kind: 'dns-record',
        aws: { name: `${name}|A|${setIdentifier}` },
        tags,
        spec: { name, type: 'A', setIdentifier, weight: r.Weight ?? 0, ...alias },
        attrs: {},
      };
      out.push(tie(body, instanceId));
    }
  }
  return out;
}
