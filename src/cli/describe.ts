// `tiered describe tenant <name> <dir>`: one tenant in full, kubectl style: where it is placed,
// every resource of it with its AWS name and ARN, live against desired fields, and the recent
// events of its ECS services. Read-only: live state is read as `tiered plan` reads it.
import { DEFAULT_INSTANCE_ID } from '../desired/tags.js';
import type { DesiredResource } from '../desired/topology/resource.js';
import type { TierPlan } from '../engine/plan-tier.js';
import type { Action, PlanValue } from '../plan/action.js';
import { createAttributes } from '../plan/create-attributes.js';
import { formatValue } from '../plan/format-value.js';
import type { TiedLiveResource } from '../plan/live-resource.js';
import { maskSensitiveValues } from '../plan/sensitive-values.js';
import { parseCommandLine } from './args.js';
import { tenantRows } from './fleet-view.js';
import type { TenantRow } from './fleet-view.js';
import { liveServices, sessionArgs } from './get.js';
import { loadValidSet } from './load-valid-set.js';
import { openPlanSession, tierErrorLines } from './plan-session.js';
import { readServiceStatus } from './service-status.js';
import type { ServiceStatus } from './service-status.js';

export const DESCRIBE_USAGE = `usage: tiered describe tenant <name> <dir> [options]

One tenant in full: placement and state, every resource with its AWS name and ARN, live against
desired fields, and the recent events of its ECS services. Reads live AWS as tiered plan does;
changes nothing. Exit 0 when all could be read, 1 otherwise.

options:
  --output, -o text|json      text (default) or json
  --instance-id ID            the tiered.dev/managed-by value whose resources count (default ${DEFAULT_INSTANCE_ID})
  --help, -h                  this help`;

export interface DescribedResource {
  readonly kind: string;
  readonly key: string;
  readonly clusterIndex: number | null;
  readonly name: string;
  readonly exists: boolean;
  /** ARN or id in AWS; null when it does not exist yet, or has none (a Route 53 record). */
  readonly arn: string | null;
  /** `in-sync`, or what apply would do (`create`, `update`, `delete`, `adopt`), `(held)` when report-only. */
  readonly state: string;
  /** Drifted fields: live against desired; for a resource in sync, its main fields. */
  readonly fields: readonly { readonly field: string; readonly live: PlanValue; readonly desired: PlanValue }[];
}

export interface TenantDescription extends TenantRow {
  readonly account: string | null;
  readonly resources: readonly DescribedResource[];
  readonly services: readonly string[];
  readonly serviceStatus: readonly ServiceStatus[];
}

function describedResources(plan: Extract<TierPlan, { ok: true }>, tenant: string): DescribedResource[] {
  const masked = maskSensitiveValues(plan.plan);
  const actionByKey = new Map<string, Action>(masked.actions.filter((a) => a.owner.tenant === tenant).map((a) => [a.key, a]));
  const desired = new Map<string, DesiredResource>(plan.desired.resources.filter((r) => r.owner.tenant === tenant).map((r) => [r.key, r]));
  const live = new Map<string, TiedLiveResource>(
    plan.observation.live.resources.filter((r): r is TiedLiveResource => r.ownership === 'ours' && r.owner.tenant === tenant).map((r) => [r.key, r]),
  );
  const keys = [...new Set([...desired.keys(), ...live.keys(), ...actionByKey.keys()])].sort();
  return keys.map((key) => {
    const d = desired.get(key);
    const l = live.get(key);
    const a = actionByKey.get(key);
    const kind = d?.kind ?? l?.kind ?? a?.kind ?? '?';
    // Drifted fields as the plan compares them; else the kind's main fields, live (resolved
    // ARNs and names) beside desired.
    const liveAttrs = new Map(l !== undefined ? createAttributes({ kind: l.kind, spec: l.spec }).map((x) => [x.field, x.value]) : []);
    const fields =
      a !== undefined && (a.action === 'update' || a.action === 'adopt')
        ? a.changes.map((c) => ({ field: c.field, live: c.live, desired: c.desired }))
        : d !== undefined
          ? createAttributes(d).map((x) => ({ field: x.field, live: liveAttrs.get(x.field) ?? null, desired: x.value }))
          : [...liveAttrs].map(([field, live]) => ({ field, live, desired: null }));
    return {
      kind,
      key,
      clusterIndex: (d?.owner ?? l?.owner ?? a?.owner)?.clusterIndex ?? null,
      name: l?.aws.name ?? d?.identity.name ?? a?.aws.name ?? '?',
      exists: l !== undefined,
      arn: l?.aws.arn ?? l?.aws.id ?? null,
      state: a === undefined ? 'in-sync' : `${a.action}${a.hold !== undefined ? ' (held)' : ''}`,
      fields,
    };
  });
}

function textOf(d: TenantDescription): string {
  const lines = [
    `Name:         ${d.tenant}`,
    `Tier:         ${d.tier}`,
    `Cell:         ${d.cell ?? '-'}${d.account !== null ? ` (account ${d.account})` : ''}`,
    `Infra group:  ${d.infraGroup ?? '-'}`,
    `State:        ${d.state}${d.reason !== null ? `: ${d.reason}` : ''}`,
    `DNS name:     ${d.dnsName}`,
    `Clusters:     ${d.clusters.live ?? '?'} live, ${d.clusters.desired} desired`,
    `Tasks:        ${d.tasks === null ? '?' : `${d.tasks.running} running, ${d.tasks.desired} desired`}`,
    '',
    'Resources:',
  ];
  for (const r of d.resources) {
    lines.push(`  ${r.kind}${r.clusterIndex !== null ? ` #${r.clusterIndex}` : ''}  ${r.name}  [${r.state}]`);
    lines.push(`    ${r.arn ?? (r.exists ? '(no ARN: named above)' : '(not in AWS yet)')}`);
    for (const f of r.fields) {
      const [live, desired] = [formatValue(f.live), formatValue(f.desired)];
      // In sync, live is what the plan compared equal to desired: with the ARNs AWS gave.
      const same = live === desired || (r.state === 'in-sync' && r.exists);
      lines.push(same ? `    ${f.field}: ${live}` : `    ${f.field}: live ${r.exists ? live : '(none)'}, desired ${desired}`);
    }
  }
  lines.push('', 'Services:');
  if (d.serviceStatus.length === 0) lines.push('  (none in AWS)');
  for (const s of d.serviceStatus) {
    lines.push(`  ${s.cluster.split('/').pop() ?? s.cluster}/${s.name}: ${s.status}, ${s.running} running, ${s.pending} pending, ${s.desired} desired`);
    lines.push(`    task definition ${s.taskDefinition}`);
    lines.push('    Events:');
    if (s.events.length === 0) lines.push('      (none)');
    for (const e of s.events) lines.push(`      ${e.at}  ${e.message}`);
  }
  return lines.join('\n');
}

export async function runDescribe(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('describe', argv, { output: { type: 'string', short: 'o', default: 'text' }, 'instance-id': { type: 'string' } }, DESCRIBE_USAGE);
  if (typeof parsed === 'number') return parsed;
  const [what, name, dir, ...rest] = parsed.positionals;
  const output = parsed.values['output'] as string;
  const problem =
    what !== 'tenant' ? `expected 'tenant' (what to describe); found ${what ?? 'nothing'}`
    : name === undefined || dir === undefined || rest.length > 0 ? 'expected a tenant name and a manifest directory'
    : output !== 'text' && output !== 'json' ? `--output must be text or json; found ${output}`
    : undefined;
  if (problem !== undefined || name === undefined || dir === undefined) {
    console.error(`tiered describe: ${problem ?? 'usage'}\n\n${DESCRIBE_USAGE}`);
    return 1;
  }
  const set = await loadValidSet(dir, (n) => `tiered describe: ${dir} is invalid (${n} errors); nothing was read in AWS.`);
  if (set === undefined) return 1;
  const tenant = set.tenants.find((t) => t.name === name);
  if (tenant === undefined) {
    console.error(`tiered describe: no tenant named ${name} in ${dir}`);
    return 1;
  }
  const opened = await openPlanSession('describe', sessionArgs(dir, [tenant.spec.tier], (parsed.values['instance-id'] as string | undefined) ?? DEFAULT_INSTANCE_ID));
  if (!opened.ok) return opened.code;
  const { session } = opened;
  try {
    const services = liveServices(session).filter((s) => s.owner.tenant === name);
    const status = await readServiceStatus(session.factory, session.set, services, 10);
    const row = tenantRows(session.set, session.tiers, status).find((r) => r.tenant === name)!;
    const plan = session.tiers[0];
    const cell = session.set.cells.find((c) => c.spec.tier === tenant.spec.tier && c.name === row.cell);
    const description: TenantDescription = {
      ...row,
      account: cell?.spec.accountId ?? null,
      resources: plan?.ok === true ? describedResources(plan, name) : [],
      serviceStatus: [...status.values()].sort((a, b) => (a.cluster < b.cluster ? -1 : 1)),
    };
    console.log(output === 'json' ? JSON.stringify(description, null, 2) : textOf(description));
    const errors = tierErrorLines(session.tiers);
    for (const line of errors) console.error(`tiered describe: could not read live state: ${line}`);
    return errors.length > 0 ? 1 : 0;
  } finally {
    session.factory.destroy();
  }
}
