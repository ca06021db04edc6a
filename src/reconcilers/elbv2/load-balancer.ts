// The infra group's ALB: created by name with our tags in the create call, or adopted by ARN
// (tagged, nothing else changed). Subnets and security groups are fixed in place; the name,
// type and scheme cannot change without a new ALB, which tiered refuses to do on its own.
import type { CreateLoadBalancerCommandInput, LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError } from '../../aws/errors.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import type { Attrs } from '../attr-store.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { driftedFields, liveArn, ReconcileError, required, specToSend, tagList } from '../reconciler.js';
import { elbv2InTheWay, existingOurs } from '../existing-ours.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { str, strs } from '../resolved-fields.js';

export function createLoadBalancerInput(spec: ResolvedSpec, tags: Readonly<Record<string, string>>): CreateLoadBalancerCommandInput {
  return {
    Name: str(spec, 'name'),
    Type: str(spec, 'type') as CreateLoadBalancerCommandInput['Type'],
    Scheme: str(spec, 'scheme') as CreateLoadBalancerCommandInput['Scheme'],
    Subnets: strs(spec, 'subnets'),
    SecurityGroups: strs(spec, 'securityGroups'),
    Tags: tagList(tags),
  };
}

export function loadBalancerAttrs(lb: LoadBalancer): Attrs {
  return {
    arn: required(lb.LoadBalancerArn, 'LoadBalancerArn'),
    dnsName: required(lb.DNSName, 'DNSName').toLowerCase(),
    canonicalHostedZoneId: required(lb.CanonicalHostedZoneId, 'CanonicalHostedZoneId'),
  };
}

/** An ALB of our name that a lost create answer left behind: ours only if its tags say so. */
async function existingLoadBalancer(env: ActionEnv, desired: DesiredResource, name: string): Promise<Attrs> {
  const [lb] = await env.read(() => env.clients.elbv2.describeLoadBalancers({ names: [name] }));
  const inTheWay = await elbv2InTheWay(env, lb, lb?.LoadBalancerArn);
  return loadBalancerAttrs(existingOurs(env, desired, inTheWay, { code: 'DuplicateLoadBalancerName', message: `load balancer ${name} exists and is not ours` }));
}

async function describeOne(env: ActionEnv, arn: string): Promise<LoadBalancer> {
  const [lb] = await env.read(() => env.clients.elbv2.describeLoadBalancers({ arns: [arn] }));
  return required(lb, `load balancer ${arn}`);
}

async function fixInPlace(env: ActionEnv, arn: string, desired: DesiredResource, fields: ReadonlySet<string>): Promise<void> {
  const spec = specToSend(env.store, desired);
  if (fields.has('subnets')) await env.mutate(() => env.clients.elbv2.setSubnets({ LoadBalancerArn: arn, Subnets: strs(spec, 'subnets') }));
  if (fields.has('securityGroups')) {
    await env.mutate(() => env.clients.elbv2.setSecurityGroups({ LoadBalancerArn: arn, SecurityGroups: strs(spec, 'securityGroups') }));
  }
}

export const loadBalancerReconciler: Reconciler = {
  async create(env, desired) {
    const input = createLoadBalancerInput(specToSend(env.store, desired), desired.tags);
    try {
      // ELBv2 answers an identical create by name with the existing ALB: a rerun never duplicates.
      const out = await env.mutate(() => env.clients.elbv2.createLoadBalancer(input));
      return loadBalancerAttrs(required(out.LoadBalancers?.[0], 'LoadBalancers'));
    } catch (err) {
      if (isAwsError(err, 'DuplicateLoadBalancerName')) return existingLoadBalancer(env, desired, required(input.Name, 'Name'));
      throw err;
    }
  },
  async update(env, action) {
    if (action.replace) {
      throw new ReconcileError(
        'ReplacementRefused',
        `load balancer ${action.aws.name} would need replacing (${[...driftedFields(action.changes)].join(', ')} changed); tiered does not replace an ALB on its own`,
      );
    }
    const arn = liveArn(action);
    await fixInPlace(env, arn, action.desired, driftedFields(action.changes));
    return action.live.attrs;
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.elbv2.addTags({ ResourceArns: [arn], Tags: tagList(action.desired.tags) }));
    await fixInPlace(env, arn, action.desired, driftedFields(action.changes));
    return Object.keys(action.live.attrs).length > 0 ? action.live.attrs : loadBalancerAttrs(await describeOne(env, arn));
  },
  async delete(env, action) {
    try {
      await env.mutate(() => env.clients.elbv2.deleteLoadBalancer(liveArn(action)));
    } catch (err) {
      if (!isAwsError(err, 'LoadBalancerNotFound')) throw err;
    }
  },
};
