// Per infra group, one VPC interface endpoint (PrivateLink) per downstream of the tier: the
// pre-wired dependencies every tenant of the infra group inherits (article, Step 4).
import { TAG } from '../tags.js';
import { endpointName } from '../naming.js';
import type { Downstream } from '../model.js';
import type { InfraGroupContext } from './context.js';
import { resourceKey } from './keys.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';

export function interfaceEndpoint(ctx: InfraGroupContext, downstream: Downstream): DesiredResource {
  const { owner } = ctx;
  const name = endpointName({ ...owner, downstream: downstream.name });
  return {
    kind: 'interface-endpoint',
    key: resourceKey('interface-endpoint', owner, downstream.name),
    owner,
    scope: ctx.scope,
    // Endpoints have no name of their own: the Name tag is the identity a foreign one could share.
    identity: { name },
    tags: ownershipTags(ctx.instanceId, 'interface-endpoint', owner, {
      [TAG.downstream]: downstream.name,
      Name: name,
    }),
    spec: {
      type: 'Interface',
      serviceName: downstream.serviceName,
      vpcId: ctx.vpcId,
      subnetIds: ctx.subnetIds,
      securityGroupIds: ctx.securityGroupIds,
    },
    dependsOn: NO_DEPENDENCIES,
  };
}

export function interfaceEndpoints(ctx: InfraGroupContext): readonly DesiredResource[] {
  return ctx.tier.spec.downstreams.map((d) => interfaceEndpoint(ctx, d));
}
