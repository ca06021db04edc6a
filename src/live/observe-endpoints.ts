// A cell's interface endpoints of a tier. The Tagging API does not list VPC endpoints (moto
// 5.2.1; AWS neither for every type), so one paged DescribeVpcEndpoints filtered by the tier and
// cell tags finds ours and other owners'; untagged ones holding a Name tiered wants are probed
// later by name (complete-observation.ts), only while something is missing.
import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Ec2Api } from '../aws/ec2.js';
import { TAG } from '../desired/tags.js';
import type { LiveResource } from '../plan/live-resource.js';
import type { CellSite } from './observe-elbv2.js';
import type { LiveBody } from './tags.js';
import { tagRecord } from '../aws/tag-record.js';
import { tie } from './tags.js';

/** Endpoints in these states are gone or going; they hold nothing. */
const GONE = new Set(['deleting', 'deleted', 'failed', 'rejected', 'expired']);

export function endpointBody(e: VpcEndpoint, account: string): LiveBody | undefined {
  if (e.State !== undefined && GONE.has(e.State.toLowerCase())) return undefined;
  const tags = tagRecord(e.Tags);
  const id = e.VpcEndpointId ?? '';
  return {
    kind: 'interface-endpoint',
    account,
    aws: { name: tags['Name'] ?? id, id },
    tags,
    spec: {
      type: e.VpcEndpointType ?? '',
      serviceName: e.ServiceName ?? '',
      vpcId: e.VpcId ?? '',
      subnetIds: [...(e.SubnetIds ?? [])].sort(),
      securityGroupIds: (e.Groups ?? []).flatMap((g) => (g.GroupId === undefined ? [] : [g.GroupId])).sort(),
    },
    attrs: { id },
  };
}

export function endpointResources(endpoints: readonly VpcEndpoint[], site: CellSite): LiveResource[] {
  return endpoints.flatMap((e) => {
    const body = endpointBody(e, site.account);
    return body === undefined ? [] : [tie(body, site.instanceId)];
  });
}

export async function observeEndpoints(ec2: Ec2Api, site: CellSite, tier: string, cell: string, infraGroups?: readonly string[]): Promise<LiveResource[]> {
  const filters = [
    { Name: `tag:${TAG.tier}`, Values: [tier] },
    { Name: `tag:${TAG.cell}`, Values: [cell] },
    ...(infraGroups !== undefined ? [{ Name: `tag:${TAG.infraGroup}`, Values: [...infraGroups] }] : []),
  ];
  return endpointResources(await ec2.describeVpcEndpoints({ filters }), site);
}
