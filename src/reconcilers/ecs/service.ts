// A tenant cluster's Fargate service, registered in the cluster's target group. Created with a
// deterministic clientToken (a retried or re-run create never makes a second service) and our
// tags; an update sends one UpdateService with only the drifted fields; the desired count is
// never sent when the tenant autoscales (the desired spec omits it).
import type { CreateServiceCommandInput, DeploymentConfiguration, NetworkConfiguration, LoadBalancer, UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import { isAwsError } from '../../aws/errors.js';
import { clientToken } from '../../desired/naming.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { tagRecord } from '../../aws/tag-record.js';
import { existingOurs } from '../existing-ours.js';
import { driftedFields, liveArn, ReconcileError, required, specToSend } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { bool, num, obj, optNum, str, strs } from '../resolved-fields.js';
import { PendingError } from '../pending.js';
import { ecsTags } from './ecs-tags.js';

/** The count a new autoscaled service starts at when its desired resource names none (its
 * `createWith` carries the tenant's minCapacity: docs/design.md §11.2). */
export const AUTOSCALED_INITIAL_COUNT = 1;

export function networkConfiguration(spec: ResolvedSpec): NetworkConfiguration {
  const n = obj(spec, 'network');
  return {
    awsvpcConfiguration: {
      subnets: strs(n, 'subnets'),
      // moto answers 500 to an awsvpc service without security groups; AWS would default them.
      securityGroups: strs(n, 'securityGroups'),
      assignPublicIp: str(n, 'assignPublicIp') as 'ENABLED' | 'DISABLED',
    },
  };
}

/** ECS's deployment circuit breaker (docs/design.md §11.4). */
export function deploymentConfiguration(spec: ResolvedSpec): DeploymentConfiguration {
  const b = obj(spec, 'deploymentCircuitBreaker');
  return { deploymentCircuitBreaker: { enable: bool(b, 'enable'), rollback: bool(b, 'rollback') } };
}

export function loadBalancers(spec: ResolvedSpec): LoadBalancer[] {
  const lb = obj(spec, 'loadBalancer');
  return [{ targetGroupArn: str(lb, 'targetGroupArn'), containerName: str(lb, 'containerName'), containerPort: num(lb, 'containerPort') }];
}

export function createServiceInput(
  clusterArn: string,
  key: string,
  spec: ResolvedSpec,
  tags: Readonly<Record<string, string>>,
  initialCount?: number,
): CreateServiceCommandInput {
  return {
    cluster: clusterArn,
    serviceName: str(spec, 'name'),
    taskDefinition: str(spec, 'taskDefinition'),
    desiredCount: optNum(spec, 'desiredCount') ?? initialCount ?? AUTOSCALED_INITIAL_COUNT,
    launchType: str(spec, 'launchType') as CreateServiceCommandInput['launchType'],
    networkConfiguration: networkConfiguration(spec),
    loadBalancers: loadBalancers(spec),
    ...(spec['deploymentCircuitBreaker'] !== undefined ? { deploymentConfiguration: deploymentConfiguration(spec) } : {}),
    clientToken: clientToken(`ecs-service|${key}`),
    tags: ecsTags(tags),
  };
}

/** One UpdateService carrying only what drifted (undefined when nothing it can fix did). */
export function updateServiceInput(
  clusterArn: string,
  serviceName: string,
  spec: ResolvedSpec,
  fields: ReadonlySet<string>,
): UpdateServiceCommandInput | undefined {
  const input: UpdateServiceCommandInput = {
    cluster: clusterArn,
    service: serviceName,
    ...(fields.has('taskDefinition') ? { taskDefinition: str(spec, 'taskDefinition') } : {}),
    ...(fields.has('desiredCount') && spec['desiredCount'] !== undefined ? { desiredCount: num(spec, 'desiredCount') } : {}),
    ...(fields.has('network') ? { networkConfiguration: networkConfiguration(spec) } : {}),
    ...(fields.has('loadBalancer') ? { loadBalancers: loadBalancers(spec) } : {}),
    ...(fields.has('deploymentCircuitBreaker') ? { deploymentConfiguration: deploymentConfiguration(spec) } : {}),
  };
  return Object.keys(input).length > 2 ? input : undefined;
}

function clusterOf(env: ActionEnv, desired: DesiredResource): string {
  return env.store.attr(required(desired.identity.parent, `the cluster of ${desired.key}`));
}

/** A create refused because the service exists (a token from an older spec, a lost answer). */
async function existingService(env: ActionEnv, desired: DesiredResource, clusterArn: string, name: string): Promise<string> {
  const { found } = await env.read(() => env.clients.ecs.describeServices(clusterArn, [name]));
  const svc = found.find((s) => s.status === 'ACTIVE'); // a DRAINING one of the name is going, never ours to reuse
  const inTheWay = svc === undefined ? undefined : { found: svc, tags: tagRecord(svc.tags) };
  const ours = existingOurs(env, desired, inTheWay, { code: 'ServiceExists', message: `service ${name} in ${clusterArn} exists and is not ours` });
  return required(ours.serviceArn, 'serviceArn');
}

async function fixDrift(env: ActionEnv, clusterArn: string, name: string, desired: DesiredResource, fields: ReadonlySet<string>): Promise<void> {
  const input = updateServiceInput(clusterArn, name, specToSend(env.store, desired), fields);
  if (input !== undefined) await env.mutate(() => env.clients.ecs.updateService(input));
}

export const serviceReconciler: Reconciler = {
  async create(env, desired) {
    const spec = specToSend(env.store, desired);
    const clusterArn = clusterOf(env, desired);
    try {
      const initial = desired.createWith?.['desiredCount'];
      const input = createServiceInput(clusterArn, desired.key, spec, desired.tags, typeof initial === 'number' ? initial : undefined);
      const out = await env.mutate(() => env.clients.ecs.createService(input));
      return { arn: required(out.service?.serviceArn, 'serviceArn') };
    } catch (err) {
      // ECS: "Unable to Start a service that is still Draining." while the tenant's previous
      // service of this name drains (a tenant removed and added back within the delay).
      if (isAwsError(err, 'InvalidParameterException') && /still draining/i.test(String((err as Error).message))) {
        throw new PendingError('Draining', `service ${str(spec, 'name')} in ${clusterArn}: the previous service of this name still drains; created on a later pass`);
      }
      // ECS: "Creation of service was not idempotent" when the name is taken.
      if (isAwsError(err, 'InvalidParameterException') && /idempotent|already exists/i.test(String((err as Error).message))) {
        const arn = await existingService(env, desired, clusterArn, str(spec, 'name'));
        await fixDrift(env, clusterArn, str(spec, 'name'), desired, new Set(['taskDefinition', 'desiredCount', 'network', 'loadBalancer', 'deploymentCircuitBreaker']));
        return { arn };
      }
      throw err;
    }
  },
  async update(env, action) {
    if (action.replace) {
      throw new ReconcileError('ReplacementRefused', `service ${action.aws.name} would need replacing (${[...driftedFields(action.changes)].join(', ')} changed)`);
    }
    const clusterArn = required(action.live.aws.parentArn, `the cluster of ${action.key}`);
    await fixDrift(env, clusterArn, action.live.aws.name, action.desired, driftedFields(action.changes));
    return action.live.attrs;
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.ecs.tagResource(arn, ecsTags(action.desired.tags)));
    const clusterArn = required(action.live.aws.parentArn, `the cluster of ${action.key}`);
    await fixDrift(env, clusterArn, action.live.aws.name, action.desired, driftedFields(action.changes));
    return { ...action.live.attrs, arn };
  },
  async delete(env, action) {
    const clusterArn = required(action.live.aws.parentArn, `the cluster of ${action.key}`);
    try {
      await env.mutate(() => env.clients.ecs.deleteService({ cluster: clusterArn, service: action.live.aws.name, force: true }));
    } catch (err) {
      if (!isAwsError(err, 'ServiceNotFoundException') && !isAwsError(err, 'ServiceNotActiveException')) throw err;
    }
  },
};
