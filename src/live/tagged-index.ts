// The one Resource Groups Tagging API sweep per cell: every resource of every type that carries
// our managed-by and tier tags, in pages of 100, as ARN -> tags grouped by what the ARN names.
// (moto 5.2.1 returns ALBs, target groups, ECS clusters, services and task definitions — every
// revision, deregistered ones included — log groups and CloudWatch alarms, but not listeners, rules or VPC
// endpoints; AWS may return listeners and rules too, which then need no DescribeTags.)
import type { TagFilter } from '@aws-sdk/client-resource-groups-tagging-api';
import type { TaggingApi } from '../aws/tagging.js';
import { TAG } from '../desired/tags.js';
import { tagRecord } from '../aws/tag-record.js';

export type Tags = Readonly<Record<string, string>>;

export interface TaggedIndex {
  readonly loadBalancers: ReadonlyMap<string, Tags>;
  readonly listeners: ReadonlyMap<string, Tags>;
  readonly rules: ReadonlyMap<string, Tags>;
  readonly targetGroups: ReadonlyMap<string, Tags>;
  readonly clusters: ReadonlyMap<string, Tags>;
  readonly services: ReadonlyMap<string, Tags>;
  readonly taskDefinitions: ReadonlyMap<string, Tags>;
  readonly logGroups: ReadonlyMap<string, Tags>;
  readonly alarms: ReadonlyMap<string, Tags>;
}

type Bucket = keyof TaggedIndex;

/** Which bucket an ARN falls in, from its resource part (`targetgroup/…`, `cluster/…`). */
export function bucketOf(arn: string): Bucket | undefined {
  const resource = arn.split(':').slice(5).join(':');
  // `targetgroup/…`, `cluster/…`; `log-group:…`
  const type = resource.split(/[/:]/)[0];
  const service = arn.split(':')[2];
  if (service === 'elasticloadbalancing') {
    if (type === 'loadbalancer') return 'loadBalancers';
    if (type === 'listener') return 'listeners';
    if (type === 'listener-rule') return 'rules';
    if (type === 'targetgroup') return 'targetGroups';
  }
  if (service === 'ecs') {
    if (type === 'cluster') return 'clusters';
    if (type === 'service') return 'services';
    if (type === 'task-definition') return 'taskDefinitions';
  }
  if (service === 'logs' && type === 'log-group') return 'logGroups';
  if (service === 'cloudwatch' && type === 'alarm') return 'alarms';
  return undefined;
}

export function emptyIndex(): TaggedIndex {
  return {
    loadBalancers: new Map(), listeners: new Map(), rules: new Map(), targetGroups: new Map(),
    clusters: new Map(), services: new Map(), taskDefinitions: new Map(), logGroups: new Map(), alarms: new Map(),
  };
}

export function indexTagged(mappings: readonly { ResourceARN?: string | undefined; Tags?: readonly { Key?: string; Value?: string }[] | undefined }[]): TaggedIndex {
  const index = emptyIndex();
  for (const m of mappings) {
    if (m.ResourceARN === undefined) continue;
    const bucket = bucketOf(m.ResourceARN);
    if (bucket !== undefined) (index[bucket] as Map<string, Tags>).set(m.ResourceARN, tagRecord(m.Tags));
  }
  return index;
}

export function mergeIndexes(a: TaggedIndex, b: TaggedIndex): TaggedIndex {
  const out = emptyIndex();
  for (const bucket of Object.keys(out) as Bucket[]) {
    const target = out[bucket] as Map<string, Tags>;
    for (const [arn, tags] of [...a[bucket], ...b[bucket]]) target.set(arn, tags);
  }
  return out;
}

export interface SweepTarget {
  readonly instanceId: string;
  readonly tier: string;
  readonly cell: string;
}

function ownedBy(t: SweepTarget): TagFilter[] {
  return [
    { Key: TAG.managedBy, Values: [t.instanceId] },
    { Key: TAG.tier, Values: [t.tier] },
    { Key: TAG.cell, Values: [t.cell] },
  ];
}

/** The whole cell's share of the tier: one paged sweep over every resource type. */
export async function sweepCell(tagging: TaggingApi, t: SweepTarget): Promise<TaggedIndex> {
  return indexTagged(await tagging.getResources({ tagFilters: ownedBy(t) }));
}

/** A scoped sweep: the resources of some tenants, and the load balancers of some infra groups
 * (at most 20 values per tag filter, as AWS allows). */
export async function sweepScoped(
  tagging: TaggingApi,
  t: SweepTarget,
  tenants: readonly string[],
  infraGroups: readonly string[],
): Promise<TaggedIndex> {
  let index = emptyIndex();
  for (let i = 0; i < tenants.length; i += 20) {
    const filters = [...ownedBy(t), { Key: TAG.tenant, Values: tenants.slice(i, i + 20) }];
    index = mergeIndexes(index, indexTagged(await tagging.getResources({ tagFilters: filters })));
  }
  for (let i = 0; i < infraGroups.length; i += 20) {
    const filters = [
      ...ownedBy(t),
      { Key: TAG.resource, Values: ['load-balancer'] },
      { Key: TAG.infraGroup, Values: infraGroups.slice(i, i + 20) },
    ];
    index = mergeIndexes(index, indexTagged(await tagging.getResources({ tagFilters: filters })));
  }
  return index;
}
