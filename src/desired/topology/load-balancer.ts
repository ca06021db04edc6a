// Per infra group: the ALB (created, or adopted by ARN) and its one listener, whose default
// action tells a client that reached the wrong ALB where its tenant lives (docs/design.md §6.3).
import { loadBalancerName, tenantDnsName, tenantDomainOf } from '../naming.js';
import type { InfraGroupContext } from './context.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Spec } from './resource.js';
import { NO_DEPENDENCIES } from './resource.js';

/** tiered puts ALBs in the infra group's (private) subnets, so they are internal; the tier
 * endpoint's alias records point clients inside the network at them. */
export const LOAD_BALANCER_SCHEME = 'internal';

export function loadBalancer(ctx: InfraGroupContext): DesiredResource {
  const { owner, infraGroup } = ctx;
  const adoptArn = infraGroup.spec.loadBalancerArn;
  const name = loadBalancerName(owner);
  // An adopted ALB was built by someone else: tiered only tags it and hangs its listener on it.
  const spec: Spec =
    adoptArn !== undefined
      ? {}
      : {
          name,
          type: 'application',
          scheme: LOAD_BALANCER_SCHEME,
          subnets: ctx.subnetIds,
          securityGroups: ctx.securityGroupIds,
        };
  return {
    kind: 'load-balancer',
    key: ctx.loadBalancerKey,
    owner,
    scope: ctx.scope,
    identity: adoptArn !== undefined ? { name, arn: adoptArn } : { name },
    tags: ownershipTags(ctx.instanceId, 'load-balancer', owner),
    spec,
    dependsOn: NO_DEPENDENCIES,
    ...(adoptArn !== undefined ? { adopt: true as const } : {}),
  };
}

/** The body of the listener's default 404: names the endpoint pattern clients should use. */
export function notHostedMessage(tierName: string, tenantDomain: string): string {
  return `tenant not hosted on this load balancer of ${tierName}: address it as ${tenantDnsName('{tenant}', tenantDomain)}`;
}

export function listener(ctx: InfraGroupContext): DesiredResource {
  const { owner, tier } = ctx;
  const lbKey = ctx.loadBalancerKey;
  const l = ctx.infraGroup.spec.listener;
  return {
    kind: 'listener',
    key: ctx.listenerKey,
    owner,
    scope: ctx.scope,
    identity: { name: String(l.port), parent: ctx.loadBalancerArn },
    tags: ownershipTags(ctx.instanceId, 'listener', owner),
    spec: {
      protocol: l.protocol,
      port: l.port,
      ...(l.protocol === 'HTTPS' ? { certificateArn: l.certificateArn } : {}),
      defaultAction: {
        type: 'fixed-response',
        statusCode: '404',
        contentType: 'text/plain',
        messageBody: notHostedMessage(tier.name, tenantDomainOf(tier.spec.dns)),
      },
    },
    dependsOn: [lbKey],
  };
}
