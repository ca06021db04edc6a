// `tiered verify` (the article's Step 6; docs/design.md §11.5): read-only checks of a tier, made
// against live AWS after a plan has observed it. Each check is one line: DNS names answer with
// the ALBs they should, every tenant's requests meet its own rule first and go only to its
// target groups (simulated from the rules read, no request sent), every interface endpoint is
// available, and the alarms, scaling policies and log groups the manifests ask for exist.
import type { AwsClientFactory } from '../aws/clients.js';
import { nameTagFilter } from '../aws/ec2.js';
import type { Tier } from '../desired/model.js';
import { tenantDnsName } from '../desired/naming.js';
import type { DesiredResource, ResourceKind } from '../desired/topology/resource.js';
import { isAttrRef, zoneLookupKey } from '../desired/topology/resource.js';
import type { TierPlan } from '../engine/plan-tier.js';
import { normaliseAliasTarget } from '../live/dns-name.js';
import type { LiveResource } from '../plan/live-resource.js';
import type { SimulatedRequest, SimulatedRule } from './rule-match.js';
import { firstMatch } from './rule-match.js';

export type CheckName = 'dns' | 'rule' | 'endpoint' | 'alarms' | 'scaling' | 'log-group';

export interface VerifyCheck {
  readonly check: CheckName;
  readonly tier: string;
  /** What was checked: a DNS name, `tenant in tier/cell/infraGroup`, an endpoint, a cell. */
  readonly subject: string;
  readonly ok: boolean;
  readonly detail: string;
}

type Planned = Extract<TierPlan, { ok: true }>;

/** What the tier wants to exist: suspended tiers and tenants are report-only, so what they
 * would have is not expected live. */
function wanted(planned: Planned): DesiredResource[] {
  const policy = planned.desired.tiers.find((t) => t.tier === planned.tier);
  if (policy?.suspend === true) return [];
  const suspended = new Set(policy?.suspendedTenants ?? []);
  return planned.desired.resources.filter((d) => d.owner.tenant === undefined || !suspended.has(d.owner.tenant));
}

function byKey(live: readonly LiveResource[]): Map<string, LiveResource> {
  return new Map(live.flatMap((r) => (r.ownership === 'ours' ? [[r.key, r] as const] : [])));
}

/** The request a client of `tenant` sends, as the tier's routing has it addressed. */
export function tenantRequest(tier: Tier, tenant: string): SimulatedRequest {
  const host = tenantDnsName(tenant, tier.spec.dns.endpoint);
  const routing = tier.spec.routing;
  if (routing.match === 'path') return { host, path: `/${tenant}/`, headers: {} };
  if (routing.match === 'header') return { host, path: '/', headers: { [routing.header.toLowerCase()]: tenant } };
  return { host, path: '/', headers: {} };
}

function asRule(r: LiveResource): SimulatedRule & { readonly live: LiveResource } {
  return { priority: Number(r.spec['priority']), conditions: r.spec['conditions'] as SimulatedRule['conditions'], live: r };
}

export function ruleChecks(tier: Tier, planned: Planned): VerifyCheck[] {
  const live = planned.observation.live.resources;
  const ours = byKey(live);
  const out: VerifyCheck[] = [];
  for (const d of wanted(planned).filter((r) => r.kind === 'listener-rule')) {
    const tenant = d.owner.tenant ?? '';
    const ig = `${d.owner.tier}/${d.owner.cell}/${d.owner.infraGroup}`;
    const subject = `${tenant} in ${ig}`;
    const listenerRef = d.identity.parent;
    const listenerArn = listenerRef === undefined ? undefined : ours.get(listenerRef.ref)?.attrs.arn;
    if (listenerArn === undefined) {
      out.push({ check: 'rule', tier: tier.name, subject, ok: false, detail: 'the infra group has no listener of ours' });
      continue;
    }
    const rules = live.filter((r) => r.kind === 'listener-rule' && r.aws.parentArn === listenerArn).map(asRule);
    const match = firstMatch(rules, tenantRequest(tier, tenant));
    const own = new Set(live.flatMap((r) => (r.kind === 'target-group' && r.ownership === 'ours' && r.owner.tenant === tenant && r.owner.infraGroup === d.owner.infraGroup && r.owner.cell === d.owner.cell ? [r.attrs.arn ?? ''] : [])));
    if (match === undefined) {
      out.push({ check: 'rule', tier: tier.name, subject, ok: false, detail: 'no rule matches its requests: they get the listener default' });
      continue;
    }
    const m = match.live;
    const mine = m.ownership === 'ours' && m.key === d.key;
    const forward = ((m.spec['forward'] as readonly { targetGroupArn: string }[] | undefined) ?? []).map((f) => f.targetGroupArn);
    const strays = forward.filter((arn) => !own.has(arn));
    const ok = mine && forward.length > 0 && strays.length === 0;
    const who = mine ? 'its own rule' : `${m.ownership === 'ours' ? `the rule of ${m.owner.tenant ?? '?'}` : 'a rule tiered does not own'} (priority ${match.priority})`;
    const detail = ok
      ? `matched first by its own rule (priority ${match.priority}), forwarding to its ${forward.length} target group(s)`
      : `matched first by ${who}${strays.length > 0 ? `, forwarding to ${strays.length} target group(s) not its own` : ''}`;
    out.push({ check: 'rule', tier: tier.name, subject, ok, detail });
  }
  return out;
}

export async function dnsChecks(tier: Tier, planned: Planned, factory: AwsClientFactory): Promise<VerifyCheck[]> {
  const ours = byKey(planned.observation.live.resources);
  const zoneId = planned.observation.live.lookups.get(zoneLookupKey(tier.spec.dns.zone));
  const route53 = factory.clients({ region: 'us-east-1', ...(tier.spec.dns.roleArn !== undefined ? { roleArn: tier.spec.dns.roleArn } : {}) }).route53;
  const byName = new Map<string, DesiredResource[]>();
  for (const d of wanted(planned)) {
    const name = d.spec['name'];
    if (d.kind === 'dns-record' && typeof name === 'string') byName.set(name, [...(byName.get(name) ?? []), d]);
  }
  // The ALB names each record name answers with: through a two-level tier endpoint's alias to a
  // cell name (a plain name in the same zone, docs/dns-tree.md), that name's.
  const targetsOf = (name: string, depth = 0): Set<string> => {
    const out = new Set<string>();
    for (const d of byName.get(name) ?? []) {
      const ref = (d.spec['alias'] as Record<string, unknown> | undefined)?.['dnsName'];
      if (Number(d.spec['weight']) <= 0) continue;
      if (typeof ref === 'string' && depth < 2) for (const t of targetsOf(ref, depth + 1)) out.add(t);
      const target = isAttrRef(ref) ? ours.get(ref.ref)?.attrs.dnsName : undefined;
      if (target !== undefined) out.add(normaliseAliasTarget(target));
    }
    return out;
  };
  const out: VerifyCheck[] = [];
  for (const [name, records] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const expected = targetsOf(name);
    const weights: string[] = [];
    for (const d of records) {
      const weight = Number(d.spec['weight']);
      const liveWeight = ours.get(d.key)?.spec['weight'];
      const setId = d.spec['setIdentifier'];
      if (liveWeight !== weight) weights.push(`${typeof setId === 'string' ? setId : d.key} weight ${typeof liveWeight === 'number' ? liveWeight : 'missing'}, not ${weight}`);
    }
    if (typeof zoneId !== 'string') {
      out.push({ check: 'dns', tier: tier.name, subject: name, ok: false, detail: 'the hosted zone was not found' });
      continue;
    }
    const answer = await route53.testDnsAnswer(zoneId, name, 'A');
    const got = answer.data.map(normaliseAliasTarget);
    const answers = answer.responseCode === 'NOERROR' && got.length > 0 && got.every((g) => expected.has(g));
    const ok = answers && weights.length === 0;
    const detail = !answers
      ? `Route 53 answers ${answer.responseCode}${got.length > 0 ? ` ${got.join(', ')}` : ''}, expected one of ${[...expected].sort().join(', ') || 'nothing'}`
      : weights.length > 0 ? weights.join('; ') : `answers ${got.join(', ')}; ${records.length} weighted record(s) as declared`;
    out.push({ check: 'dns', tier: tier.name, subject: name, ok, detail });
  }
  return out;
}

export async function endpointChecks(tier: Tier, planned: Planned, factory: AwsClientFactory): Promise<VerifyCheck[]> {
  const endpoints = wanted(planned).filter((d) => d.kind === 'interface-endpoint' && d.scope.kind === 'account');
  const out: VerifyCheck[] = [];
  for (const cell of [...new Set(endpoints.map((d) => d.owner.cell))].sort()) {
    const mine = endpoints.filter((d) => d.owner.cell === cell);
    const scope = mine[0]?.scope;
    if (scope?.kind !== 'account') continue;
    const ec2 = factory.clients({ region: scope.region, roleArn: scope.roleArn }).ec2;
    const found = await ec2.describeVpcEndpoints({ filters: [nameTagFilter(mine.map((d) => d.identity.name))] });
    for (const d of mine) {
      const states = found.filter((e) => e.Tags?.some((t) => t.Key === 'Name' && t.Value === d.identity.name)).map((e) => (e.State ?? '').toLowerCase());
      const ok = states.includes('available');
      out.push({ check: 'endpoint', tier: tier.name, subject: d.identity.name, ok, detail: ok ? 'available' : states.length === 0 ? 'missing' : `state ${states.join(', ')}` });
    }
  }
  return out;
}

function presence(tier: string, check: CheckName, subject: string, wanted: readonly DesiredResource[], ours: ReadonlyMap<string, LiveResource>, what: string): VerifyCheck {
  const missing = wanted.filter((d) => !ours.has(d.key)).map((d) => d.identity.name);
  return {
    check, tier, subject, ok: missing.length === 0,
    detail: missing.length === 0 ? `${wanted.length} ${what} present` : `${missing.length} of ${wanted.length} ${what} missing: ${missing.join(', ')}`,
  };
}

export function presenceChecks(tier: Tier, planned: Planned): VerifyCheck[] {
  const ours = byKey(planned.observation.live.resources);
  const of = (kinds: readonly ResourceKind[]) => wanted(planned).filter((d) => kinds.includes(d.kind));
  const out: VerifyCheck[] = [];
  const tenantsOf = (rs: readonly DesiredResource[]) => [...new Set(rs.map((d) => d.owner.tenant ?? ''))].sort();
  const alarms = of(['alarm']);
  for (const t of tenantsOf(alarms)) out.push(presence(tier.name, 'alarms', t, alarms.filter((d) => d.owner.tenant === t), ours, 'alarms'));
  const scaling = of(['scalable-target', 'scaling-policy']);
  for (const t of tenantsOf(scaling)) out.push(presence(tier.name, 'scaling', t, scaling.filter((d) => d.owner.tenant === t), ours, 'scalable targets and policies'));
  for (const g of of(['log-group'])) out.push(presence(tier.name, 'log-group', `${g.identity.name} in ${g.owner.cell}`, [g], ours, 'log group'));
  return out;
}

export async function verifyTier(tier: Tier, planned: Planned, factory: AwsClientFactory): Promise<VerifyCheck[]> {
  return [
    ...(await dnsChecks(tier, planned, factory)),
    ...ruleChecks(tier, planned),
    ...(await endpointChecks(tier, planned, factory)),
    ...presenceChecks(tier, planned),
  ];
}
