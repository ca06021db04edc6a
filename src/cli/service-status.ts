// What `tiered get` and `tiered describe` show beside the plan: the running side of a tenant's
// ECS services (running and pending tasks, ECS's recent events). The plan's observation keeps
// only the fields tiered sets, so these come from one DescribeServices per cluster, in the
// cell's account, for the services the observation found.
import type { AwsClientFactory } from '../aws/clients.js';
import type { ManifestSet } from '../desired/model.js';
import type { TiedLiveResource } from '../plan/live-resource.js';

export interface ServiceEvent {
  /** ISO 8601. */
  readonly at: string;
  readonly message: string;
}

export interface ServiceStatus {
  readonly arn: string;
  readonly cluster: string;
  readonly name: string;
  readonly status: string;
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
  readonly taskDefinition: string;
  /** Newest first, as ECS gives them. */
  readonly events: readonly ServiceEvent[];
}

/** By service ARN. A cluster that cannot be read is left out: the caller shows "?" for it. */
export async function readServiceStatus(
  factory: AwsClientFactory,
  set: ManifestSet,
  services: readonly TiedLiveResource[],
  eventsPerService = 5,
): Promise<Map<string, ServiceStatus>> {
  const byCluster = new Map<string, TiedLiveResource[]>();
  for (const s of services) {
    const cluster = s.aws.parentArn;
    if (s.kind !== 'ecs-service' || cluster === undefined) continue;
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), s]);
  }
  const out = new Map<string, ServiceStatus>();
  await Promise.all(
    [...byCluster].map(async ([cluster, list]) => {
      const owner = list[0]!.owner;
      const cell = set.cells.find((c) => c.spec.tier === owner.tier && c.name === owner.cell);
      const tier = set.tiers.find((t) => t.name === owner.tier);
      if (cell === undefined || tier === undefined) return;
      const ecs = factory.clients({ region: tier.spec.region, roleArn: cell.spec.roleArn }).ecs;
      const described = await ecs.describeServices(cluster, list.map((s) => s.aws.name));
      for (const d of described.found) {
        if (d.serviceArn === undefined) continue;
        out.set(d.serviceArn, {
          arn: d.serviceArn,
          cluster,
          name: d.serviceName ?? '',
          status: d.status ?? '',
          desired: d.desiredCount ?? 0,
          running: d.runningCount ?? 0,
          pending: d.pendingCount ?? 0,
          taskDefinition: d.taskDefinition ?? '',
          events: (d.events ?? []).slice(0, eventsPerService).map((e) => ({ at: e.createdAt?.toISOString() ?? '', message: e.message ?? '' })),
        });
      }
    }),
  );
  return out;
}
