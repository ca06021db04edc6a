// The second half of an observation, once the desired topology is compiled from it (compile
// needs the first half's placement and priorities, so the two cannot be one step):
// - task definitions: a live revision whose spec-hash tag equals the desired one holds the
//   desired content, so its spec is taken from the desired resource without a call; only
//   mismatching revisions are described (one DescribeTaskDefinition each);
// - superseded target groups (a replacement field changed their desired name) are keyed apart,
//   to be deleted once their successor is in place (superseded.ts);
// - natural identities: a desired ECS cluster, target group, ALB or endpoint that is neither
//   ours nor otherwise seen is probed by name, to find a foreign or other-owner holder before
//   tiered tries to create it. Once a tier has converged nothing is missing: zero calls.
import type { AwsClientFactory, AwsClients } from '../aws/clients.js';
import { nameTagFilter } from '../aws/ec2.js';
import { awsErrorCode } from '../aws/errors.js';
import { TAG } from '../desired/tags.js';
import type { DesiredResource, DesiredTopology } from '../desired/topology/resource.js';
import type { LiveResource } from '../plan/live-resource.js';
import { identityKey } from '../plan/match.js';
import { clusterBody, taskDefinitionSpec } from './ecs-specs.js';
import { loadBalancerBody, targetGroupBody } from './elbv2-specs.js';
import { endpointResources } from './observe-endpoints.js';
import type { CellSite } from './observe-elbv2.js';
import { inScope } from './scope.js';
import { keySuperseded } from './superseded.js';
import { tagRecord } from '../aws/tag-record.js';
import { tie } from './tags.js';
import { describeSkippingMissing } from './tolerant.js';
import type { ObserveError, TierObservation } from './types.js';

/** Above this many missing names, one paged listing of the account beats probing by name. */
const PROBE_LIMIT = 20;
const PROBED_KINDS = new Set(['ecs-cluster', 'target-group', 'load-balancer', 'interface-endpoint']);

interface AccountTarget {
  readonly region: string;
  readonly roleArn: string;
  readonly account: string;
}

function clientsFor(d: DesiredResource, factory: AwsClientFactory): { aws: AwsClients; target: AccountTarget } | undefined {
  if (d.scope.kind !== 'account') return undefined;
  const target = { region: d.scope.region, roleArn: d.scope.roleArn, account: d.scope.account };
  return { aws: factory.clients({ region: target.region, roleArn: target.roleArn }), target };
}

function codeOf(err: unknown): { code?: string } {
  const code = awsErrorCode(err);
  return code === undefined ? {} : { code };
}

async function fillTaskDefinitions(
  resources: readonly LiveResource[],
  desired: ReadonlyMap<string, DesiredResource>,
  factory: AwsClientFactory,
  errors: ObserveError[],
): Promise<LiveResource[]> {
  const out: LiveResource[] = [];
  for (const r of resources) {
    const d = r.kind === 'task-definition' && r.ownership === 'ours' ? desired.get(r.key) : undefined;
    if (d === undefined || r.aws.arn === undefined) {
      out.push(r);
      continue;
    }
    if (r.tags[TAG.specHash] !== undefined && r.tags[TAG.specHash] === d.tags[TAG.specHash]) {
      out.push({ ...r, spec: d.spec });
      continue;
    }
    const where = clientsFor(d, factory);
    if (where === undefined) {
      out.push(r);
      continue;
    }
    try {
      const described = await where.aws.ecs.describeTaskDefinition(r.aws.arn);
      out.push(described.taskDefinition === undefined ? r : { ...r, spec: taskDefinitionSpec(described.taskDefinition) });
    } catch (err) {
      // Left with an empty spec, the revision reads as drifted: the error says why.
      errors.push({ tier: d.owner.tier, cell: d.owner.cell, message: err instanceof Error ? err.message : String(err), ...codeOf(err) });
      out.push(r);
    }
  }
  return out;
}

async function probeAccount(aws: AwsClients, site: CellSite, missing: readonly DesiredResource[]): Promise<LiveResource[]> {
  const names = (kind: string) => [...new Set(missing.filter((d) => d.kind === kind).map((d) => d.identity.name))].sort();
  const out: LiveResource[] = [];
  const clusters = names('ecs-cluster');
  if (clusters.length > 0) {
    const { found } = await aws.ecs.describeClusters(clusters);
    for (const c of found) if (c.status !== 'INACTIVE') out.push(tie(clusterBody(c, tagRecord(c.tags), site.account), site.instanceId));
  }
  const elbTags = async (arns: string[]) =>
    new Map((await aws.elbv2.describeTags(arns)).map((t) => [t.ResourceArn ?? '', tagRecord(t.Tags)] as const));
  const tgNames = names('target-group');
  if (tgNames.length > 0) {
    const wanted = new Set(tgNames);
    const tgs = tgNames.length > PROBE_LIMIT
      ? (await aws.elbv2.describeTargetGroups()).filter((tg) => wanted.has(tg.TargetGroupName ?? ''))
      : await describeSkippingMissing(tgNames, (ids) => aws.elbv2.describeTargetGroups({ names: ids }));
    const tags = await elbTags(tgs.flatMap((tg) => tg.TargetGroupArn ?? []));
    for (const tg of tgs) out.push(tie(targetGroupBody(tg, tags.get(tg.TargetGroupArn ?? '') ?? {}, site.account), site.instanceId));
  }
  const lbNames = names('load-balancer');
  if (lbNames.length > 0) {
    const wanted = new Set(lbNames);
    const lbs = lbNames.length > PROBE_LIMIT
      ? (await aws.elbv2.describeLoadBalancers()).filter((lb) => wanted.has(lb.LoadBalancerName ?? ''))
      : await describeSkippingMissing(lbNames, (ids) => aws.elbv2.describeLoadBalancers({ names: ids }));
    const tags = await elbTags(lbs.flatMap((lb) => lb.LoadBalancerArn ?? []));
    for (const lb of lbs) out.push(tie(loadBalancerBody(lb, tags.get(lb.LoadBalancerArn ?? '') ?? {}, site.account), site.instanceId));
  }
  const endpointNames = names('interface-endpoint');
  for (let i = 0; i < endpointNames.length; i += 200) {
    const found = await aws.ec2.describeVpcEndpoints({ filters: [nameTagFilter(endpointNames.slice(i, i + 200))] });
    out.push(...endpointResources(found, site));
  }
  return out;
}

export async function completeObservation(
  observation: TierObservation,
  desired: DesiredTopology,
  factory: AwsClientFactory,
  instanceId: string,
): Promise<TierObservation> {
  const scope = observation.scope;
  const wanted = desired.resources.filter(
    (d) => d.owner.tier === observation.tier && (scope === undefined || inScope(d.owner, d.kind, scope)),
  );
  const byKey = new Map(wanted.map((d) => [d.key, d]));
  const errors: ObserveError[] = [...observation.errors];
  const resources = await fillTaskDefinitions(keySuperseded(observation.live.resources, byKey), byKey, factory, errors);

  const seenKeys = new Set(resources.flatMap((r) => (r.ownership === 'foreign' ? [] : [r.key])));
  const seenIdentities = new Set(resources.map((r) => identityKey(r.kind, r.account, r.aws.parentArn, r.aws.name)));
  const failedCells = new Set(observation.errors.flatMap((e) => (e.cell !== undefined ? [e.cell] : [])));
  const missing = new Map<string, { aws: AwsClients; site: CellSite; items: DesiredResource[] }>();
  for (const d of wanted) {
    if (!PROBED_KINDS.has(d.kind) || seenKeys.has(d.key) || d.scope.kind !== 'account' || failedCells.has(d.owner.cell)) continue;
    if (seenIdentities.has(identityKey(d.kind, d.scope.account, undefined, d.identity.name))) continue;
    if (d.adopt === true) continue; // an ALB to adopt is described by ARN already
    const where = clientsFor(d, factory);
    if (where === undefined) continue;
    const entry = missing.get(d.scope.account) ?? { aws: where.aws, site: { account: d.scope.account, instanceId }, items: [] };
    entry.items.push(d);
    missing.set(d.scope.account, entry);
  }
  const probed: LiveResource[] = [];
  for (const { aws, site, items } of missing.values()) {
    try {
      probed.push(...(await probeAccount(aws, site, items)));
    } catch (err) {
      errors.push({ tier: observation.tier, cell: items[0]?.owner.cell, message: err instanceof Error ? err.message : String(err), ...codeOf(err) });
    }
  }
  return { ...observation, live: { ...observation.live, resources: [...resources, ...probed] }, errors };
}
