// Live state as discovery would report it after a perfect apply of a desired topology, with
// made-up ARNs and ids, so plan tests can start from "in sync" and change one thing.
import type { DesiredResource, DesiredTopology, LookupRef, RefAttr, Spec, SpecValue } from '../../src/desired/topology/resource.js';
import { isLookupRef, lookupKey } from '../../src/desired/topology/resource.js';
import type { LiveResource, LiveState, TiedLiveResource } from '../../src/plan/live-resource.js';
import { resolveValue } from '../../src/plan/resolve.js';

function lookups(v: SpecValue, out: LookupRef[]): void {
  if (isLookupRef(v)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x: SpecValue) => lookups(x, out));
  else if (typeof v === 'object') Object.values(v).forEach((x) => lookups(x as SpecValue, out));
}

export function arnOf(key: string): string {
  return `arn:test:${key}`;
}

export function liveFrom(topo: DesiredTopology): LiveState {
  const found: LookupRef[] = [];
  topo.resources.forEach((r) => lookups(r.spec as SpecValue, found));
  const lookupMap = new Map<string, string | readonly string[]>(
    found.map((l) => [lookupKey(l), l.lookup === 'vpc' ? `vpc-${l.name}` : [`${l.lookup}-${l.name}-a`, `${l.lookup}-${l.name}-b`]]),
  );
  const known = new Map<string, Partial<Record<RefAttr, string>>>();
  const resources: LiveResource[] = topo.resources.map((d: DesiredResource): TiedLiveResource => {
    const ctx = { known, lookups: lookupMap, missingLookups: new Set<string>() };
    const attrs = { arn: arnOf(d.key), id: d.key, dnsName: `${d.key}.elb.test`, canonicalHostedZoneId: 'ZALB' };
    known.set(d.key, attrs);
    const parent = d.identity.parent !== undefined ? (resolveValue(d.identity.parent, ctx) as string) : undefined;
    return {
      kind: d.kind, ownership: 'ours', key: d.key, owner: d.owner,
      ...(d.scope.kind === 'account' ? { account: d.scope.account } : {}),
      aws: { name: d.identity.name, arn: d.identity.arn ?? arnOf(d.key), ...(parent !== undefined ? { parentArn: parent } : {}) },
      tags: d.tags,
      spec: resolveValue(d.spec as SpecValue, ctx) as Spec,
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
