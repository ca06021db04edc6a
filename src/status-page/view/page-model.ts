// What the status page draws, read from /status (or an offline placement snapshot) without
// trusting its shape: a missing or odd field reads as absent, never as a crash, because
// other parts of /status grow on their own (moves, capacity, alarms: docs/status.md). Pure,
// DOM-free: the browser bundle and Node's tests share it.

export interface Usage {
  readonly used: number;
  readonly limit: number;
  /** What new placements may fill up to: the limit less the tier's headroom. */
  readonly placeable: number;
}

export interface InfraGroupView {
  /** `tier/cell/infraGroup`. */
  readonly key: string;
  readonly name: string;
  readonly targetGroups: Usage | null;
  readonly rules: Usage | null;
  readonly tenants: Usage | null;
  /** The tenants placed here, by name. */
  readonly tenantNames: readonly string[];
}

export interface CellView {
  /** `tier/cell`. */
  readonly key: string;
  readonly name: string;
  readonly infraGroups: readonly InfraGroupView[];
}

export interface LastPassView {
  readonly at: string;
  readonly result: string;
  readonly durationMs: number | null;
  readonly revision: string | null;
}

export interface TierView {
  readonly name: string;
  readonly converged: boolean | null;
  readonly lastPass: LastPassView | null;
  /** Applied revision (last pass that did not fail). */
  readonly revision: string | null;
  readonly phase: string | null;
  /** Whether this controller holds the tier's lease (null: not known), who does if the
   * controller says, and its last error talking to the lease table. */
  readonly lease: { readonly held: boolean | null; readonly holder: string | null; readonly error: string | null };
  readonly drift: { readonly total: number; readonly byKind: readonly (readonly [string, number])[] };
  readonly cells: readonly CellView[];
  readonly unschedulable: readonly { readonly tenant: string; readonly reason: string; readonly remedy: string }[];
  readonly degraded: readonly { readonly tenant: string; readonly service: string; readonly state: string; readonly message: string }[];
  readonly errors: readonly string[];
}

export interface PageModel {
  /** `live`: a controller's /status; `offline`: `tiered placement -o html`. */
  readonly mode: 'live' | 'offline';
  readonly offline: { readonly dir: string; readonly generatedAt: string; readonly note: string } | null;
  readonly instanceId: string | null;
  readonly dryRun: boolean;
  readonly source: {
    readonly location: string | null;
    readonly revision: string | null;
    readonly revisionAt: string | null;
    readonly error: string | null;
    readonly validation: { readonly revision: string; readonly errors: readonly string[] } | null;
  };
  readonly inForce: string | null;
  readonly converged: boolean | null;
  readonly aws: { readonly readable: boolean; readonly problems: readonly { readonly tier: string | null; readonly message: string; readonly at: string }[] };
  readonly awsGone: string | null;
  readonly leases: { readonly known: boolean; readonly held: readonly string[] };
  readonly tiers: readonly TierView[];
  /** Parts other features add to /status; drawn as they come when present. */
  readonly extras: readonly { readonly title: string; readonly value: unknown }[];
}

type Json = Readonly<Record<string, unknown>>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const strings = (v: unknown): string[] => arr(v).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));

function usage(v: unknown): Usage | null {
  const u = obj(v);
  const used = num(u['used']);
  const limit = num(u['limit']);
  if (used === null || limit === null) return null;
  return { used, limit, placeable: num(u['placeable']) ?? limit };
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The cells and infra groups of a tier, from its fill (one entry per infra group). */
function cellsOf(tierName: string, placement: Json): CellView[] {
  const tenantsByGroup = new Map<string, string[]>();
  for (const p of arr(placement['placements'])) {
    const tenant = str(obj(p)['tenant']);
    if (tenant === null) continue;
    for (const ig of strings(obj(p)['infraGroups'])) {
      const list = tenantsByGroup.get(ig) ?? [];
      list.push(tenant);
      tenantsByGroup.set(ig, list);
    }
  }
  const cells = new Map<string, InfraGroupView[]>();
  for (const f of arr(placement['fill'])) {
    const fill = obj(f);
    const key = str(fill['infraGroup']);
    if (key === null) continue;
    const [, cell = '?', name = key] = key.startsWith(`${tierName}/`) ? key.split('/') : [tierName, '?', key];
    const groups = cells.get(cell) ?? [];
    groups.push({
      key,
      name,
      targetGroups: usage(fill['targetGroups']),
      rules: usage(fill['rules']),
      tenants: usage(fill['tenants']),
      tenantNames: (tenantsByGroup.get(key) ?? []).sort(),
    });
    cells.set(cell, groups);
  }
  return [...cells]
    .map(([name, groups]) => ({ key: `${tierName}/${name}`, name, infraGroups: groups.sort(byName) }))
    .sort(byName);
}

function tierView(name: string, v: unknown): TierView {
  const t = obj(v);
  const last = obj(t['lastPass']);
  const drift = obj(t['drift']);
  const placement = obj(t['placement']);
  const lease = obj(t['lease']);
  return {
    name,
    converged: bool(t['converged']),
    lastPass: str(last['at']) === null
      ? null
      : { at: str(last['at'])!, result: str(last['result']) ?? '?', durationMs: num(last['durationMs']), revision: str(last['revision']) },
    revision: str(t['revision']),
    phase: str(obj(t['schedule'])['phase']),
    lease: { held: bool(lease['held']), holder: str(lease['holder']) ?? str(lease['holderId']), error: str(lease['lastError']) },
    drift: {
      total: num(drift['total']) ?? 0,
      byKind: Object.entries(obj(drift['byKind']))
        .flatMap(([kind, n]): (readonly [string, number])[] => (num(n) === null ? [] : [[kind, n as number]]))
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    },
    cells: cellsOf(name, placement),
    unschedulable: arr(placement['unschedulable']).map((u) => {
      const o = obj(u);
      return { tenant: str(o['tenant']) ?? '?', reason: str(o['reason']) ?? '', remedy: str(o['remedy']) ?? '' };
    }),
    degraded: arr(t['degraded']).map((d) => {
      const o = obj(d);
      return { tenant: str(o['tenant']) ?? '?', service: str(o['service']) ?? '?', state: str(o['state']) ?? '?', message: str(o['message']) ?? '' };
    }),
    errors: strings(t['errors']),
  };
}

/** The parts of /status the page draws generically, as other features add them. */
const EXTRAS: readonly (readonly [string, string])[] = [
  ['moves', 'Moves in progress'],
  ['alarms', 'Alarms in ALARM'],
  ['capacity', 'Capacity'],
];

function alarmsInAlarm(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.filter((a) => {
    const state = obj(a)['state'] ?? obj(a)['stateValue'];
    return state === undefined || state === 'ALARM';
  });
}

export function readPageModel(json: unknown): PageModel {
  const s = obj(json);
  const offline = s['offline'] === undefined ? null : obj(s['offline']);
  const source = obj(s['source']);
  const revision = obj(source['revision']);
  const validation = obj(source['validation']);
  const aws = obj(s['aws']);
  const controller = obj(s['controller']);
  const leases = obj(s['leases']);
  const tiers = Object.entries(obj(s['tiers']))
    .map(([name, t]) => tierView(name, t))
    .sort(byName);
  const extras = EXTRAS.flatMap(([field, title]) => {
    const value = field === 'alarms' ? alarmsInAlarm(s[field]) : s[field];
    return value === undefined || value === null ? [] : [{ title, value }];
  });
  return {
    mode: offline === null ? 'live' : 'offline',
    offline: offline === null ? null : { dir: str(offline['dir']) ?? '', generatedAt: str(offline['generatedAt']) ?? '', note: str(offline['note']) ?? '' },
    instanceId: str(controller['instanceId']),
    dryRun: bool(controller['dryRun']) ?? false,
    source: {
      location: str(source['location']),
      revision: str(revision['revision']),
      revisionAt: str(revision['at']),
      error: str(obj(source['error'])['message']),
      validation: str(validation['revision']) === null ? null : { revision: str(validation['revision'])!, errors: strings(validation['errors']) },
    },
    inForce: str(s['inForce']),
    converged: bool(s['converged']),
    aws: {
      // A snapshot without the field (an older controller, or offline) says nothing is wrong.
      readable: bool(aws['readable']) ?? true,
      problems: arr(aws['problems']).map((p) => ({ tier: str(obj(p)['tier']), message: str(obj(p)['message']) ?? '', at: str(obj(p)['at']) ?? '' })),
    },
    awsGone: str(s['awsGone']),
    leases: { known: bool(leases['known']) ?? false, held: strings(leases['held']) },
    tiers,
    extras,
  };
}

/** Tenants whose name contains `query` (case-insensitive), exact match first, then by name. */
export function findTenants(model: PageModel, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const names = new Set<string>();
  for (const tier of model.tiers) {
    for (const cell of tier.cells) for (const ig of cell.infraGroups) for (const t of ig.tenantNames) names.add(t);
    for (const u of tier.unschedulable) names.add(u.tenant);
  }
  return [...names]
    .filter((n) => n.toLowerCase().includes(q))
    .sort((a, b) => Number(b.toLowerCase() === q) - Number(a.toLowerCase() === q) || (a < b ? -1 : a > b ? 1 : 0));
}
