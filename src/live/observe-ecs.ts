// A cell's ECS share of a tier: clusters by the ARNs the sweep found (100 per call), the
// services of each cluster (one DescribeServices per cluster: the API's floor), and task
// definition families from the sweep's tags alone — which revisions are ACTIVE comes from
// ListTaskDefinitions (100 per page); their content is filled in later, and only where the
// spec-hash tag disagrees with the desired one (complete-observation.ts).
import type { EcsApi } from '../aws/ecs.js';
import type { LiveResource } from '../plan/live-resource.js';
import { clusterBody, clusterOfServiceArn, parseTaskDefinitionArn, serviceBody } from './ecs-specs.js';
import type { CellSite } from './observe-elbv2.js';
import type { Tags, TaggedIndex } from './tagged-index.js';
import { tagRecord } from '../aws/tag-record.js';
import { tie } from './tags.js';

/** The key suffix of an ACTIVE revision older than its family's latest: an orphan to deregister. */
export function olderRevisionSuffix(revision: number): string {
  return `#rev${revision}`;
}

async function observeServices(ecs: EcsApi, site: CellSite, tagged: TaggedIndex, clusters: readonly LiveResource[]): Promise<LiveResource[]> {
  const taggedByCluster = new Map<string, string[]>();
  for (const arn of tagged.services.keys()) {
    const cluster = clusterOfServiceArn(arn);
    if (cluster !== undefined) taggedByCluster.set(cluster, [...(taggedByCluster.get(cluster) ?? []), arn.split('/').pop() as string]);
  }
  const out: LiveResource[] = [];
  for (const c of clusters) {
    if (c.ownership !== 'ours' || c.aws.arn === undefined) continue;
    // The service tiered would run here is named after the tenant: asking for it too finds a
    // foreign service holding that name in the same call.
    const names = new Set([...(taggedByCluster.get(c.aws.name) ?? []), ...(c.owner.tenant !== undefined ? [c.owner.tenant] : [])]);
    if (names.size === 0) continue;
    const { found } = await ecs.describeServices(c.aws.arn, [...names].sort());
    for (const s of found) {
      // A DRAINING service is on its way out (deleted, its tasks draining): it is going, not
      // live, so it is neither deleted again nor taken for the desired one.
      if (s.status !== 'ACTIVE') continue;
      out.push(tie(serviceBody(s, tagRecord(s.tags), site.account), site.instanceId));
    }
  }
  return out;
}

/** ACTIVE task definition ARNs: the whole account in pages, or only some families (scoped). */
async function activeRevisions(ecs: EcsApi, families: readonly string[] | undefined): Promise<Set<string>> {
  if (families === undefined) return new Set(await ecs.listTaskDefinitions({ status: 'ACTIVE' }));
  const out = new Set<string>();
  for (const family of families) for (const arn of await ecs.listTaskDefinitions({ familyPrefix: family, status: 'ACTIVE' })) out.add(arn);
  return out;
}

export function taskDefinitionResources(tagged: ReadonlyMap<string, Tags>, active: ReadonlySet<string>, site: CellSite): LiveResource[] {
  const byFamily = new Map<string, { revision: number; arn: string; tags: Tags }[]>();
  for (const [arn, tags] of tagged) {
    const parsed = parseTaskDefinitionArn(arn);
    if (parsed === undefined || !active.has(arn)) continue;
    byFamily.set(parsed.family, [...(byFamily.get(parsed.family) ?? []), { revision: parsed.revision, arn, tags }]);
  }
  const out: LiveResource[] = [];
  for (const [family, revisions] of [...byFamily].sort(([a], [b]) => (a < b ? -1 : 1))) {
    revisions.sort((a, b) => b.revision - a.revision);
    revisions.forEach((r, i) => {
      // The latest ACTIVE revision is the family's (its spec is filled by completeObservation);
      // older ones only wait to be deregistered, under keys and names of their own.
      const name = i === 0 ? family : `${family}:${r.revision}`;
      const body = { kind: 'task-definition' as const, account: site.account, aws: { name, arn: r.arn }, tags: r.tags, spec: {}, attrs: { arn: r.arn } };
      out.push(tie(body, site.instanceId, 'task-definition', i === 0 ? '' : olderRevisionSuffix(r.revision)));
    });
  }
  return out;
}

export interface EcsScope {
  /** Task definition families to list ACTIVE revisions of; absent = the whole account. */
  readonly families?: readonly string[];
}

export async function observeEcs(ecs: EcsApi, site: CellSite, tagged: TaggedIndex, scope: EcsScope = {}): Promise<LiveResource[]> {
  const { found } = await ecs.describeClusters([...tagged.clusters.keys()]);
  const clusters = found
    .filter((c) => c.status !== 'INACTIVE')
    .map((c) => tie(clusterBody(c, tagRecord(c.tags), site.account), site.instanceId));
  const services = await observeServices(ecs, site, tagged, clusters);
  const taskDefs = tagged.taskDefinitions.size === 0 ? [] : taskDefinitionResources(tagged.taskDefinitions, await activeRevisions(ecs, scope.families), site);
  return [...clusters, ...services, ...taskDefs];
}
