// Live state as discovery would report it after a perfect apply of a desired topology, with
// made-up ARNs and ids, so plan tests can start from "in sync" and change one thing.
import type { DesiredResource, DesiredTopology, LookupRef, RefAttr, Spec, SpecValue } from '../../src/desired/topology/resource.js';
import { isLookupRef, lookupKey } from '../../src/desired/topology/resource.js';
import { keptTags } from '../../src/live/tags.js';
import type { AwsIdentity, LiveResource, LiveState, TiedLiveResource } from '../../src/plan/live-resource.js';
import { resolveValue } from '../../src/plan/resolve.js';

function lookups(v: SpecValue, out: LookupRef[]): void {
  if (isLookupRef(v)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x: SpecValue) => lookups(x, out));
  else if (typeof v === 'object') Object.values(v).forEach((x) => lookups(x as SpecValue, out));
}

export function arnOf(key: string): string {
  return `arn:test:${key}`;
}

/** The attributes observe reads of each kind (src/live/*-specs.ts, observe-endpoints.ts,
 * observe-dns.ts): an ARN, and an ALB's DNS name and zone; an endpoint's id; nothing for a
 * record. `arn` is the one string the resource's identity holds too, as in an AWS answer. */
function attrsOf(d: DesiredResource, arn: string): Partial<Record<RefAttr, string>> {
  switch (d.kind) {
    case 'load-balancer':
      return { arn, dnsName: `${d.key}.elb.test`, canonicalHostedZoneId: 'ZALB' };
    case 'interface-endpoint':
      return { id: d.key };
    case 'dns-record':
    case 'dns-ownership':
      return {};
    default:
      return { arn };
  }
}

function awsOf(d: DesiredResource, arn: string, parentArn: string | undefined): AwsIdentity {
  const parent = parentArn !== undefined ? { parentArn } : {};
  if (d.kind === 'interface-endpoint') return { name: d.identity.name, id: d.key };
  if (d.kind === 'dns-record' || d.kind === 'dns-ownership') return { name: d.identity.name };
  return { name: d.identity.name, arn, ...parent };
}

export function liveFrom(topo: DesiredTopology): LiveState {
  const found: LookupRef[] = [];
  topo.resources.forEach((r) => lookups(r.spec, found));
  const lookupMap = new Map<string, string | readonly string[]>(
    found.map((l) => [
      lookupKey(l),
      l.lookup === 'vpc' ? `vpc-${l.name}` : l.lookup === 'hosted-zone' ? 'ZTEST' : [`${l.lookup}-${l.name}-a`, `${l.lookup}-${l.name}-b`],
    ]),
  );
  const known = new Map<string, Partial<Record<RefAttr, string>>>();
  const ctx = { known, lookups: lookupMap, missingLookups: new Set<string>() };
  const resources: LiveResource[] = topo.resources.map((d: DesiredResource): TiedLiveResource => {
    const arn = d.identity.arn ?? arnOf(d.key);
    const attrs = attrsOf(d, arn);
    known.set(d.key, attrs);
    const parent = d.identity.parent !== undefined ? (resolveValue(d.identity.parent, ctx) as string) : undefined;
    return {
      kind: d.kind, ownership: 'ours', key: d.key, owner: d.owner,
      ...(d.scope.kind === 'account' ? { account: d.scope.account } : {}),
      aws: awsOf(d, arn, parent),
      // What tie() keeps of the tags observe read.
      tags: keptTags(d.tags),
      spec: resolveValue(d.spec, ctx) as Spec,
      attrs,
    };
  });
  return { resources, lookups: lookupMap };
}

/** `live` with the resource of `key` replaced by `change(resource)`, or removed when it returns undefined. */
export function withLive(live: LiveState, key: string, change: (r: TiedLiveResource) => LiveResource | undefined): LiveState {
  const resources = live.resources.flatMap((r) => (r.ownership !== 'foreign' && r.key === key ? [change(r)].filter((x): x is LiveResource => x !== undefined) : [r]));
  return { ...live, resources };
}
