// Route 53 record changes, as pure functions of an action: CREATE for a record tiered makes,
// UPSERT for one it owns (or adopts), DELETE with the record exactly as it lives (Route 53
// deletes only an exact match). The alias records and their ownership TXT records share this.
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { absoluteName } from '../../aws/route53.js';
import type { Action } from '../../plan/action.js';
import type { AttrStore } from '../attr-store.js';
import { specToSend } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { bool, num, obj, str } from '../resolved-fields.js';

/** TTL of the ownership TXT records (alias records have none). */
export const OWNERSHIP_TXT_TTL = 300;

export function recordSet(spec: ResolvedSpec): ResourceRecordSet {
  const base = {
    Name: absoluteName(str(spec, 'name')),
    SetIdentifier: str(spec, 'setIdentifier'),
    Weight: num(spec, 'weight'),
  };
  const type = str(spec, 'type');
  if (type === 'TXT') {
    const ttl = typeof spec['ttl'] === 'number' ? spec['ttl'] : OWNERSHIP_TXT_TTL;
    return { ...base, Type: 'TXT', TTL: ttl, ResourceRecords: [{ Value: str(spec, 'value') }] };
  }
  const alias = obj(spec, 'alias');
  return {
    ...base,
    Type: type as ResourceRecordSet['Type'],
    AliasTarget: {
      DNSName: absoluteName(str(alias, 'dnsName')),
      HostedZoneId: str(alias, 'hostedZoneId'),
      EvaluateTargetHealth: bool(alias, 'evaluateTargetHealth'),
    },
  };
}

export function recordChange(action: Action, store: AttrStore): Change {
  switch (action.action) {
    case 'create':
      return { Action: 'CREATE', ResourceRecordSet: recordSet(specToSend(store, action.desired)) };
    case 'update':
    case 'adopt':
      return { Action: 'UPSERT', ResourceRecordSet: recordSet(specToSend(store, action.desired)) };
    case 'delete':
      return { Action: 'DELETE', ResourceRecordSet: recordSet(action.live.spec as ResolvedSpec) };
  }
}

/** Whether a record found in the zone is the one a change would write (a CREATE refused as
 * "already exists" is then a success: an earlier attempt made it). */
export function sameRecord(a: ResourceRecordSet, b: ResourceRecordSet): boolean {
  const norm = (r: ResourceRecordSet) => ({
    name: absoluteName(r.Name ?? ''),
    type: r.Type,
    set: r.SetIdentifier,
    weight: r.Weight,
    ttl: r.AliasTarget === undefined ? r.TTL : undefined,
    values: (r.ResourceRecords ?? []).map((v) => v.Value).sort(),
    alias:
      r.AliasTarget === undefined
        ? undefined
        : [absoluteName(r.AliasTarget.DNSName ?? '').replace(/^dualstack\./, ''), r.AliasTarget.HostedZoneId, r.AliasTarget.EvaluateTargetHealth],
  });
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
