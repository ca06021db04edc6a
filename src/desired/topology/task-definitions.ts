// Per tenant per hosting infra group: the task definition family its clusters' services run.
import { taskDefinitionFamily } from '../naming.js';
import type { Tenant } from '../model.js';
import type { InfraGroupContext } from './context.js';
import { ownershipTags } from './owner-tags.js';
import type { DesiredResource, Spec } from './resource.js';
import { specHash } from './spec-hash.js';
import { TAG } from '../tags.js';
import type { TenantParts } from './tenant-parts.js';

export const CONTAINER_NAME = 'app';

/** The AWS partition of a region, for ARNs tiered builds itself (IAM role ARNs). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function roleArn(region: string, account: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/${roleName}`;
}

/** The tier environment (already merged with the tenant's overrides by the manifest loader),
 * plus TENANT_ID, TIER_ID and REGION, which always win: the fields the application's structured
 * logs carry (docs/design.md §11.1); keys sorted so the spec is stable. */
export function containerEnvironment(tenant: Tenant, region: string): Readonly<Record<string, string>> {
  return sortedRecord({ ...tenant.spec.workload.environment, TENANT_ID: tenant.name, TIER_ID: tenant.spec.tier, REGION: region });
}

function sortedRecord(record: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** awslogs to the tier's group in the cell's account, one stream prefix per tenant
 * (streams are `{tenant}/app/{task id}`). */
function awslogs(ctx: InfraGroupContext, tenant: string): Spec {
  return {
    logDriver: 'awslogs',
    options: { 'awslogs-group': ctx.tier.spec.logs.groupName, 'awslogs-region': ctx.tier.spec.region, 'awslogs-stream-prefix': tenant },
  };
}

export function taskDefinition(ctx: InfraGroupContext, parts: TenantParts): DesiredResource {
  const { owner, tenant } = parts;
  const w = tenant.spec.workload;
  const family = taskDefinitionFamily(owner);
  const spec: Spec = {
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: w.cpu,
    memory: w.memory,
    taskRoleArn: ctx.roleArnOf(w.taskRoleName),
    executionRoleArn: ctx.roleArnOf(w.executionRoleName),
    container: {
      name: CONTAINER_NAME,
      image: w.image,
      portMappings: [{ containerPort: w.port, protocol: 'tcp' }],
      environment: containerEnvironment(tenant, ctx.tier.spec.region),
      // Only when there are any: a spec without secrets keeps the hash it had before they existed.
      ...(Object.keys(w.secrets).length > 0 && { secrets: sortedRecord(w.secrets) }),
      logConfiguration: awslogs(ctx, tenant.name),
    },
  };
  return {
    kind: 'task-definition',
    key: parts.taskDefinitionKey,
    owner,
    scope: ctx.scope,
    identity: { name: family },
    tags: ownershipTags(ctx.instanceId, 'task-definition', owner, { [TAG.specHash]: specHash(spec) }),
    spec,
    // The group must exist before a task of the family starts (awslogs does not create it).
    dependsOn: ctx.logGroupDependency,
  };
}
