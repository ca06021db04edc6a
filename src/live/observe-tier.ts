// observeTier: the live state of one tier, read through the AWS clients. Per cell (an account,
// reached as the cell's role): one tagging sweep, then batched describes by service; then the
// tier's DNS. Read calls grow with pages, not with resources (docs/design.md §7.2); a cell or
// zone that cannot be read is an error of the tier, never a crash. See docs/observe.md.
import type { AwsClientFactory, AwsClients } from '../aws/clients.js';
import { awsErrorCode } from '../aws/errors.js';
import type { Cell, InfraGroup, InfraGroupKey, Tier } from '../desired/model.js';
import { infraGroupKeyString } from '../desired/model.js';
import { tenantDnsName, tenantDomainOf } from '../desired/naming.js';
import { TAG } from '../desired/tags.js';
import { parseOwnershipTxt } from '../desired/topology/dns-ownership.js';
import { alarmNamePrefix } from '../desired/topology/alarms.js';
import { zoneLookupKey } from '../desired/topology/resource.js';
import { hintsFromLive } from '../plan/hints-from-live.js';
import type { LiveResource, OccupiedPriority } from '../plan/live-resource.js';
import { parseTaskDefinitionArn } from './ecs-specs.js';
import { lookupRefs, resolveLookups } from './lookups.js';
import { livePlacement } from './live-placement.js';
import { dnsResources, findZone, inSubtree, listSubtree } from './observe-dns.js';
import { observeAlarms } from './observe-alarms.js';
import { observeAutoscaling } from './observe-autoscaling.js';
import { observeEcs } from './observe-ecs.js';
import { observeElbv2 } from './observe-elbv2.js';
import type { CellSite } from './observe-elbv2.js';
import { observeEndpoints } from './observe-endpoints.js';
import { observeLogGroups } from './observe-logs.js';
import { scopeRoutes } from './rules-to-tag.js';
import type { ResolvedScope } from './scope.js';
import { inScope } from './scope.js';
import { mergeIndexes, sweepCell, sweepScoped } from './tagged-index.js';
import type { TaggedIndex } from './tagged-index.js';
import type { ObserveError, ObserveInput, TierObservation } from './types.js';

interface CellResult {
  readonly resources: readonly LiveResource[];
  /** Rules a scoped pass read only for their priority. */
  readonly occupied: readonly OccupiedPriority[];
  readonly lookups: ReadonlyMap<string, string | readonly string[]>;
  readonly errors: readonly ObserveError[];
  /** Infra groups this cell's part of the scope reached. */
  readonly infraGroups: readonly string[];
}

function errorOf(tier: string, cell: string | undefined, err: unknown): ObserveError {
  const code = awsErrorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return { tier, ...(cell !== undefined ? { cell } : {}), message, ...(code !== undefined ? { code } : {}) };
}

/** The infra groups a scoped sweep found its tenants in, by name within the cell. */
function groupsOfTenants(index: TaggedIndex): string[] {
  const names = new Set<string>();
  for (const bucket of Object.values(index) as ReadonlyMap<string, Readonly<Record<string, string>>>[]) {
    for (const tags of bucket.values()) if (tags[TAG.infraGroup] !== undefined) names.add(tags[TAG.infraGroup] as string);
  }
  return [...names];
}

async function sweep(aws: AwsClients, tier: Tier, cell: Cell, input: ObserveInput): Promise<{ index: TaggedIndex; groups: string[] | undefined }> {
  const target = { instanceId: input.instanceId, tier: tier.name, cell: cell.name };
  const tenants = input.scope?.tenants;
  if (tenants === undefined) return { index: await sweepCell(aws.tagging, target), groups: undefined };
  const byTenant = await sweepScoped(aws.tagging, target, tenants, []);
  const explicit = (input.scope?.infraGroups ?? []).flatMap((k) => {
    const [t, c, g] = k.split('/');
    return t === tier.name && c === cell.name && g !== undefined ? [g] : [];
  });
  const groups = [...new Set([...groupsOfTenants(byTenant), ...explicit])].sort();
  const lbs = groups.length === 0 ? byTenant : mergeIndexes(byTenant, await sweepScoped(aws.tagging, target, [], groups));
  return { index: lbs, groups };
}

async function observeCell(aws: AwsClients, tier: Tier, cell: Cell, groups: readonly InfraGroup[], input: ObserveInput): Promise<CellResult> {
  const site: CellSite = { account: cell.spec.accountId, instanceId: input.instanceId };
  const { index, groups: scoped } = await sweep(aws, tier, cell, input);
  const reached = scoped === undefined ? groups : groups.filter((g) => scoped.includes(g.name));
  const adoptArns = reached.flatMap((g) => (g.spec.loadBalancerArn !== undefined ? [g.spec.loadBalancerArn] : []));
  const families =
    scoped === undefined
      ? undefined
      : [...new Set([...index.taskDefinitions.keys()].flatMap((arn) => parseTaskDefinitionArn(arn)?.family ?? []))].sort();
  const scopedTenants = new Set(input.scope?.tenants ?? []);
  const routes = scoped === undefined ? undefined : scopeRoutes(tier, input.set.tenants.filter((t) => scopedTenants.has(t.name)));
  const alarmPrefix = alarmNamePrefix(input.instanceId, tier.name, cell.name);
  const [elbv2, ecs, endpoints, refs, logGroups, alarms] = await Promise.all([
    observeElbv2(aws.elbv2, site, index, adoptArns, routes),
    observeEcs(aws.ecs, site, index, families === undefined ? {} : { families }),
    scoped !== undefined && scoped.length === 0 ? [] : observeEndpoints(aws.ec2, site, tier.name, cell.name, scoped),
    resolveLookups(aws.ec2, lookupRefs(reached, cell.spec.accountId, tier.spec.region)),
    // A cell's log group is no tenant's: scoped passes leave it to full ones (scope.ts).
    scoped !== undefined ? [] : observeLogGroups(aws.logs, site, index.logGroups, [tier.spec.logs.groupName]),
    observeAlarms(aws.cloudwatch, site, index.alarms, alarmPrefix, scoped !== undefined),
  ]);
  const scaling = await observeAutoscaling(aws.autoscaling, ecs, scoped !== undefined);
  return {
    resources: [...elbv2.resources, ...ecs, ...scaling, ...alarms, ...endpoints, ...logGroups],
    occupied: elbv2.occupied,
    lookups: refs.lookups,
    errors: refs.problems.map((message) => ({ tier: tier.name, cell: cell.name, message })),
    infraGroups: reached.map((g) => infraGroupKeyString({ tier: tier.name, cell: cell.name, infraGroup: g.name })),
  };
}

async function observeDns(aws: AwsClients, tier: Tier, input: ObserveInput) {
  const zone = tier.spec.dns.zone;
  const found = await findZone(aws.route53, zone);
  if (found.zoneId === undefined) return { resources: [], lookups: new Map(), errors: [{ tier: tier.name, message: found.problem ?? 'hosted zone not found' }] };
  const endpoint = tier.spec.dns.endpoint.toLowerCase().replace(/\.$/, '');
  const domain = tenantDomainOf(tier.spec.dns);
  // A tenant domain shared by tiers holds their tenants' records side by side (docs/moves.md):
  // read once when it already holds the endpoint, beside it otherwise.
  const full = inSubtree(endpoint, domain) ? [domain] : inSubtree(domain, endpoint) ? [endpoint] : [endpoint, domain];
  const roots = input.scope?.tenants === undefined ? full : input.scope.tenants.map((t) => tenantDnsName(t, domain));
  const records = [];
  for (const root of roots) records.push(...(await listSubtree(aws.route53, found.zoneId, root)));
  const { mine, elsewhere } = ofTier(dnsResources(records, input.instanceId), tier.name, new Set(input.set.tenants.filter((t) => t.spec.tier === tier.name).map((t) => t.name)));
  return { resources: mine, elsewhere, lookups: new Map([[zoneLookupKey(zone), found.zoneId]]), errors: [] };
}

/** Our records of other tiers in a shared tenant domain are theirs; those of one of this tier's
 * tenants say where it lives before it moves here (engine/moves/cross-tier.ts). */
function ofTier(resources: readonly LiveResource[], tier: string, tenants: ReadonlySet<string>) {
  const mine: LiveResource[] = [];
  const elsewhere = new Map<string, InfraGroupKey[]>();
  const note = (tenant: string, key: InfraGroupKey): void => {
    const list = elsewhere.get(tenant) ?? [];
    if (!list.some((k) => k.tier === key.tier && k.cell === key.cell && k.infraGroup === key.infraGroup)) list.push(key);
    elsewhere.set(tenant, list);
  };
  for (const r of resources) {
    if (r.ownership !== 'ours' || r.owner.tier === tier) {
      mine.push(r);
      // A destination's move tags name its source, also once the source's records are gone.
      if (r.ownership !== 'ours' || r.kind !== 'dns-ownership' || r.owner.tenant === undefined) continue;
      const from = moveSource(r.spec['value']);
      if (from !== undefined && from.tier !== tier) note(r.owner.tenant, from);
      continue;
    }
    const { tenant, tier: t, cell, infraGroup } = r.owner;
    if (tenant !== undefined && tenants.has(tenant)) note(tenant, { tier: t, cell, infraGroup });
  }
  return { mine, elsewhere };
}

function moveSource(value: unknown): InfraGroupKey | undefined {
  const from = typeof value === 'string' ? parseOwnershipTxt(value)?.[TAG.moveFrom] : undefined;
  const [tier, cell, infraGroup] = from?.split('/') ?? [];
  return tier !== undefined && cell !== undefined && infraGroup !== undefined ? { tier, cell, infraGroup } : undefined;
}

export async function observeTier(input: ObserveInput, factory: AwsClientFactory): Promise<TierObservation> {
  const tier = input.set.tiers.find((t) => t.name === input.tier);
  if (tier === undefined) throw new Error(`observeTier: the manifest set has no tier ${input.tier}`);
  const region = tier.spec.region;
  const cells = input.set.cells.filter((c) => c.spec.tier === tier.name).sort((a, b) => (a.name < b.name ? -1 : 1));
  // Cells are separate accounts with separate rate limits: they are read side by side.
  const cellResults = await Promise.all(
    cells.map(async (cell): Promise<CellResult> => {
      const groups = input.set.infraGroups.filter((g) => g.spec.tier === tier.name && g.spec.cell === cell.name);
      try {
        return await observeCell(factory.clients({ region, roleArn: cell.spec.roleArn }), tier, cell, groups, input);
      } catch (err) {
        return { resources: [], occupied: [], lookups: new Map(), errors: [errorOf(tier.name, cell.name, err)], infraGroups: [] };
      }
    }),
  );
  const dnsTarget = tier.spec.dns.roleArn === undefined ? { region } : { region, roleArn: tier.spec.dns.roleArn };
  const dns = await observeDns(factory.clients(dnsTarget), tier, input).catch((err: unknown) => ({
    resources: [] as LiveResource[], elsewhere: new Map<string, InfraGroupKey[]>(), lookups: new Map<string, string>(), errors: [errorOf(tier.name, undefined, err)],
  }));

  const all = [...cellResults.flatMap((c) => c.resources), ...dns.resources];
  const scope: ResolvedScope | undefined =
    input.scope?.tenants === undefined
      ? undefined
      : { tenants: new Set(input.scope.tenants), infraGroups: new Set(cellResults.flatMap((c) => c.infraGroups)) };
  // A scoped observation keeps only our resources inside the scope, so the diff sees nothing
  // else as orphaned; foreign ones stay, since they can only ever be reported as conflicts.
  const resources = scope === undefined ? all : all.filter((r) => r.ownership !== 'ours' || inScope(r.owner, r.kind, scope));
  return {
    tier: tier.name,
    live: {
      resources,
      lookups: new Map([...cellResults.flatMap((c) => [...c.lookups]), ...dns.lookups]),
    },
    placement: livePlacement(resources),
    hints: hintsFromLive(all, cellResults.flatMap((c) => c.occupied)),
    errors: [...cellResults.flatMap((c) => c.errors), ...dns.errors],
    ...(scope !== undefined ? { scope } : {}),
    ...(dns.elsewhere !== undefined && dns.elsewhere.size > 0 ? { elsewhere: dns.elsewhere } : {}),
  };
}
