// `tiered get tenants|infragroups|tiers <dir> [--tier t] [-o wide|json]`: the fleet as a table,
// from the manifests and live AWS (read as `tiered plan` reads it), kubectl style.
// Exit 0 when everything could be read, 1 otherwise (rows of unread tiers say `unknown`).
import { DEFAULT_INSTANCE_ID } from '../desired/tags.js';
import type { TiedLiveResource } from '../plan/live-resource.js';
import { parseCommandLine } from './args.js';
import { infraGroupRows, tenantRows, tierRows } from './fleet-view.js';
import type { TenantRow } from './fleet-view.js';
import { openPlanSession, tierErrorLines } from './plan-session.js';
import type { PlanSession } from './plan-session.js';
import type { ReconcileArgs } from './reconcile-args.js';
import { readServiceStatus } from './service-status.js';
import { renderTable } from './table.js';

const KINDS = ['tenants', 'infragroups', 'tiers'] as const;
type Kind = (typeof KINDS)[number];
const ALIASES: Readonly<Record<string, Kind>> = { tenant: 'tenants', tenants: 'tenants', infragroup: 'infragroups', infragroups: 'infragroups', ig: 'infragroups', tier: 'tiers', tiers: 'tiers' };

export const GET_USAGE = `usage: tiered get tenants|infragroups|tiers <dir> [options]

A table of the manifests joined with live AWS (read as tiered plan reads it; nothing is changed).
Tenant states: in-sync, drift (apply would change something), moving (made in one infra group,
deleted from another), unschedulable, suspended, unknown (its tier could not be read).
Exit 0 when all could be read, 1 otherwise.

options:
  --tier NAME                 only this tier (repeatable; default every tier)
  --output, -o text|wide|json  text: the table (default); wide: more columns; json: every field
  --instance-id ID            the tiered.dev/managed-by value whose resources count (default ${DEFAULT_INSTANCE_ID})
  --help, -h                  this help`;

export function sessionArgs(dir: string, tiers: readonly string[], instanceId: string): ReconcileArgs {
  return { dir, output: 'text', instanceId, tiers, planOptions: {}, yes: false, concurrency: 4, showValues: false };
}

/** The live ECS services of every readable tier. */
export function liveServices(session: PlanSession): TiedLiveResource[] {
  return session.tiers.flatMap((t) =>
    t.ok ? t.observation.live.resources.filter((r): r is TiedLiveResource => r.ownership === 'ours' && r.kind === 'ecs-service') : [],
  );
}

function dash(v: string | number | null | undefined): string {
  return v === null || v === undefined ? '-' : String(v);
}

function tenantTable(rows: readonly TenantRow[], wide: boolean): string {
  const headers = ['TENANT', 'TIER', 'CELL', 'INFRA GROUP', 'CLUSTERS', 'TASKS', 'STATE', ...(wide ? ['DNS NAME', 'SERVICES', 'REASON'] : [])];
  return renderTable(
    headers,
    rows.map((r) => [
      r.tenant,
      r.tier,
      dash(r.cell),
      dash(r.infraGroup),
      `${dash(r.clusters.live)}/${r.clusters.desired}`,
      r.tasks === null ? '?' : `${r.tasks.running}/${r.tasks.desired}`,
      r.state,
      ...(wide ? [r.dnsName, r.services.join(',') || '-', dash(r.reason)] : []),
    ]),
  );
}

async function render(kind: Kind, session: PlanSession, output: string): Promise<string> {
  const wide = output === 'wide';
  switch (kind) {
    case 'tenants': {
      const services = await readServiceStatus(session.factory, session.set, liveServices(session));
      const rows = tenantRows(session.set, session.tiers, services);
      return output === 'json' ? JSON.stringify(rows, null, 2) : tenantTable(rows, wide);
    }
    case 'infragroups': {
      const rows = infraGroupRows(session.set, session.tiers);
      if (output === 'json') return JSON.stringify(rows, null, 2);
      return renderTable(
        ['INFRA GROUP', 'TIER', 'CELL', 'TENANTS', 'TARGET GROUPS', 'RULES', 'STATE', ...(wide ? ['LOAD BALANCER'] : [])],
        rows.map((r) => [r.infraGroup, r.tier, r.cell, r.tenants, r.targetGroups, r.rules, r.state, ...(wide ? [dash(r.loadBalancer)] : [])]),
      );
    }
    case 'tiers': {
      const rows = tierRows(session.set, session.tiers);
      if (output === 'json') return JSON.stringify(rows, null, 2);
      return renderTable(
        ['TIER', 'REGION', 'CELLS', 'INFRA GROUPS', 'TENANTS', 'DRIFT', 'STATE', ...(wide ? ['UNSCHEDULABLE'] : [])],
        rows.map((r) => [r.tier, r.region, String(r.cells), String(r.infraGroups), String(r.tenants), dash(r.drift), r.state, ...(wide ? [dash(r.unschedulable)] : [])]),
      );
    }
  }
}

export async function runGet(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('get', argv, { output: { type: 'string', short: 'o', default: 'text' }, tier: { type: 'string', multiple: true }, 'instance-id': { type: 'string' } }, GET_USAGE);
  if (typeof parsed === 'number') return parsed;
  const [what, dir, ...rest] = parsed.positionals;
  const kind = what === undefined ? undefined : ALIASES[what];
  const output = parsed.values['output'] as string;
  const problem =
    kind === undefined ? `expected what to get (${KINDS.join(', ')}); found ${what ?? 'nothing'}`
    : dir === undefined || rest.length > 0 ? 'expected one manifest directory after what to get'
    : !['text', 'wide', 'json'].includes(output) ? `--output must be text, wide or json; found ${output}`
    : undefined;
  if (problem !== undefined || kind === undefined || dir === undefined) {
    console.error(`tiered get: ${problem ?? 'usage'}\n\n${GET_USAGE}`);
    return 1;
  }
  const opened = await openPlanSession('get', sessionArgs(dir, (parsed.values['tier'] as string[] | undefined) ?? [], (parsed.values['instance-id'] as string | undefined) ?? DEFAULT_INSTANCE_ID));
  if (!opened.ok) return opened.code;
  const { session } = opened;
  try {
    console.log(await render(kind, session, output));
    const errors = tierErrorLines(session.tiers);
    for (const line of errors) console.error(`tiered get: could not read live state: ${line}`);
    return errors.length > 0 ? 1 : 0;
  } finally {
    session.factory.destroy();
  }
}
