// ECS describe outputs -> live resource bodies in the desired spec's shape (see
// src/desired/topology/ecs.ts and task-definitions.ts). Pure.
import type { Cluster, LogConfiguration, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { ServiceRollout } from '../plan/live-resource.js';
import type { Tags } from './tagged-index.js';
import type { LiveBody } from './tags.js';

export function clusterBody(c: Cluster, tags: Tags, account: string): LiveBody {
  const name = c.clusterName ?? '';
  return {
    kind: 'ecs-cluster',
    account,
    aws: { name, ...(c.clusterArn !== undefined ? { arn: c.clusterArn } : {}) },
    tags,
    spec: { name },
    attrs: c.clusterArn !== undefined ? { arn: c.clusterArn } : {},
  };
}

export function serviceBody(s: Service, tags: Tags, account: string): LiveBody {
  const name = s.serviceName ?? '';
  const net = s.networkConfiguration?.awsvpcConfiguration;
  const lb = s.loadBalancers?.[0];
  return {
    kind: 'ecs-service',
    account,
    aws: {
      name,
      ...(s.serviceArn !== undefined ? { arn: s.serviceArn } : {}),
      ...(s.clusterArn !== undefined ? { parentArn: s.clusterArn } : {}),
    },
    tags,
    spec: {
      name,
      launchType: s.launchType ?? '',
      taskDefinition: s.taskDefinition ?? '',
      desiredCount: s.desiredCount ?? 0,
      deploymentCircuitBreaker: {
        enable: s.deploymentConfiguration?.deploymentCircuitBreaker?.enable ?? false,
        rollback: s.deploymentConfiguration?.deploymentCircuitBreaker?.rollback ?? false,
      },
      network: {
        subnets: [...(net?.subnets ?? [])].sort(),
        securityGroups: [...(net?.securityGroups ?? [])].sort(),
        assignPublicIp: net?.assignPublicIp ?? '',
      },
      ...(lb !== undefined
        ? { loadBalancer: { targetGroupArn: lb.targetGroupArn ?? '', containerName: lb.containerName ?? '', containerPort: lb.containerPort ?? 0 } }
        : {}),
    },
    attrs: s.serviceArn !== undefined ? { arn: s.serviceArn } : {},
    ...rolloutOf(s),
  };
}

/** The service's primary deployment, and ECS's latest event about the service (events come
 * newest first): what a degraded pass reports (docs/design.md §11.4). */
function rolloutOf(s: Service): { rollout?: ServiceRollout } {
  const primary = s.deployments?.find((d) => d.status === 'PRIMARY');
  if (primary === undefined) return {};
  const event = s.events?.[0]?.message;
  return {
    rollout: {
      state: primary.rolloutState ?? 'IN_PROGRESS',
      startedAt: (primary.createdAt ?? new Date(0)).toISOString(),
      reason: primary.rolloutStateReason ?? '',
      ...(event !== undefined ? { event } : {}),
      running: s.runningCount ?? 0,
      desired: s.desiredCount ?? 0,
    },
  };
}

/** The spec of a described revision. CPU and memory come back as strings; the manifests hold
 * numbers. The first container is the app (tiered registers exactly one). */
export function taskDefinitionSpec(td: TaskDefinition): LiveBody['spec'] {
  const c = td.containerDefinitions?.[0];
  const byName = (pairs: readonly (readonly [string, string])[]): Record<string, string> =>
    Object.fromEntries([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const env = byName((c?.environment ?? []).map((e) => [e.name ?? '', e.value ?? ''] as const));
  const secrets = byName((c?.secrets ?? []).map((e) => [e.name ?? '', e.valueFrom ?? ''] as const));
  return {
    family: td.family ?? '',
    requiresCompatibilities: [...(td.requiresCompatibilities ?? [])],
    networkMode: td.networkMode ?? '',
    cpu: Number(td.cpu),
    memory: Number(td.memory),
    taskRoleArn: td.taskRoleArn ?? '',
    executionRoleArn: td.executionRoleArn ?? '',
    container: {
      name: c?.name ?? '',
      image: c?.image ?? '',
      portMappings: (c?.portMappings ?? []).map((p) => ({ containerPort: p.containerPort ?? 0, protocol: p.protocol ?? 'tcp' })),
      environment: env,
      // Absent when there are none, as in the desired spec (topology/task-definitions.ts).
      ...(Object.keys(secrets).length > 0 && { secrets }),
      ...(c?.logConfiguration !== undefined ? { logConfiguration: logConfigurationSpec(c.logConfiguration) } : {}),
    },
  };
}

function logConfigurationSpec(l: LogConfiguration): LiveBody['spec'] {
  const options = Object.entries(l.options ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { logDriver: l.logDriver ?? '', options: Object.fromEntries(options) };
}

/** `family:revision` of a task definition ARN. */
export function parseTaskDefinitionArn(arn: string): { readonly family: string; readonly revision: number } | undefined {
  const m = /:task-definition\/([^:/]+):(\d+)$/.exec(arn);
  return m === null ? undefined : { family: m[1] as string, revision: Number(m[2]) };
}

/** The cluster name of a service ARN (`service/{cluster}/{name}`; the old short form has none). */
export function clusterOfServiceArn(arn: string): string | undefined {
  const parts = arn.split(':').slice(5).join(':').split('/');
  return parts.length === 3 ? parts[1] : undefined;
}
