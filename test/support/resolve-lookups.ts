// Test-only stand-in for live discovery's reference resolution: the ids behind every LookupRef
// of a desired topology (by Name tag, in the cell's account) and every tier's hosted zone id.
import type { AwsClientFactory } from '../../src/aws/clients.js';
import { nameTagFilter } from '../../src/aws/ec2.js';
import type { DesiredTopology, LookupRef, SpecValue } from '../../src/desired/topology/resource.js';
import { isAttrRef, isLookupRef, lookupKey, zoneLookupKey } from '../../src/desired/topology/resource.js';

function lookupsIn(v: SpecValue, out: LookupRef[]): void {
  if (isLookupRef(v)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x: SpecValue) => lookupsIn(x, out));
  else if (typeof v === 'object' && !isAttrRef(v)) Object.values(v).forEach((x) => lookupsIn(x, out));
}

export async function resolveLookups(desired: DesiredTopology, factory: AwsClientFactory): Promise<Map<string, string | readonly string[]>> {
  const lookups = new Map<string, string | readonly string[]>();
  for (const r of desired.resources) {
    if (r.scope.kind === 'zone') {
      const key = zoneLookupKey(r.scope.zone);
      if (!lookups.has(key) && 'name' in r.scope.zone) {
        const [zone] = await factory.clients({ region: 'us-east-1' }).route53.hostedZonesNamed(r.scope.zone.name);
        if (zone?.Id !== undefined) lookups.set(key, zone.Id.replace('/hostedzone/', ''));
      }
      continue;
    }
    const found: LookupRef[] = [];
    Object.values(r.spec).forEach((v) => lookupsIn(v, found));
    const { ec2 } = factory.clients({ region: r.scope.region, roleArn: r.scope.roleArn });
    for (const l of found) {
      const key = lookupKey(l);
      if (lookups.has(key)) continue;
      const selector = { filters: [nameTagFilter([l.name])] };
      if (l.lookup === 'vpc') {
        const [vpc] = await ec2.describeVpcs(selector);
        if (vpc?.VpcId !== undefined) lookups.set(key, vpc.VpcId);
      } else if (l.lookup === 'subnets') {
        lookups.set(key, (await ec2.describeSubnets(selector)).map((s) => s.SubnetId as string).sort());
      } else {
        lookups.set(key, (await ec2.describeSecurityGroups(selector)).map((g) => g.GroupId as string).sort());
      }
    }
  }
  return lookups;
}
