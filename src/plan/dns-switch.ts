// The ordered switch of a tier endpoint between the one-level and the two-level tree
// (docs/dns-tree.md, "The switch"). The endpoint's records of the old shape are replaced by those
// of the new in one ChangeResourceRecordSets batch: Route 53 holds at most 100 weighted records of
// one name and type, so 100 per-infra-group records and a first per-cell record cannot coexist,
// and a batch is applied whole, so the endpoint answers before and after it and never between.
// The batch waits until what the new records point at is in place: the cell names' records
// (INSYNC: the zone batcher counts a DNS action done only then) when going to two levels, the
// ownership claims of the new records both ways. Pure.
import { dnsRecordRole } from '../desired/topology/dns-tree.js';
import type { Action } from './action.js';

export interface EndpointSwitch {
  readonly tier: string;
  /** The endpoint records of the new shape the switch creates. */
  readonly creates: readonly Action[];
  /** The endpoint records of the old shape it deletes. */
  readonly deletes: readonly Action[];
}

function roleOf(a: Action) {
  return a.kind === 'dns-record' ? dnsRecordRole(a.key, a.owner) : undefined;
}

/** Per tier, the endpoint switch the actions hold, if any: creates of one shape's endpoint
 * records beside deletes of the other's. */
export function endpointSwitches(actions: readonly Action[]): readonly EndpointSwitch[] {
  const byTier = new Map<string, { up: Action[]; downCreates: Action[]; oneLevelDeletes: Action[]; cellDeletes: Action[] }>();
  for (const a of actions) {
    const role = roleOf(a);
    if (role !== 'endpoint' && role !== 'endpoint-cell') continue;
    if (a.action !== 'create' && a.action !== 'delete') continue;
    let t = byTier.get(a.owner.tier);
    if (t === undefined) byTier.set(a.owner.tier, (t = { up: [], downCreates: [], oneLevelDeletes: [], cellDeletes: [] }));
    if (a.action === 'create') (role === 'endpoint-cell' ? t.up : t.downCreates).push(a);
    else (role === 'endpoint' ? t.oneLevelDeletes : t.cellDeletes).push(a);
  }
  const out: EndpointSwitch[] = [];
  for (const [tier, t] of [...byTier].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (t.up.length > 0 && t.oneLevelDeletes.length > 0) out.push({ tier, creates: t.up, deletes: t.oneLevelDeletes });
    else if (t.downCreates.length > 0 && t.cellDeletes.length > 0) out.push({ tier, creates: t.downCreates, deletes: t.cellDeletes });
  }
  return out;
}

/** The id of the switch (its one batch) of each action in one. */
export function switchUnits(actions: readonly Action[]): ReadonlyMap<string, string> {
  const unit = new Map<string, string>();
  for (const s of endpointSwitches(actions)) for (const a of [...s.creates, ...s.deletes]) unit.set(a.id, `switch:${s.tier}`);
  return unit;
}

/** The dependencies the DNS tree adds to linked actions, by action id:
 * - every action of a switch waits for everything any of its creates waits for, so all are
 *   ready together and go in one batch, and a cell name whose records failed holds the whole
 *   switch (the endpoint never holds part of each shape);
 * - an infra group's record at a cell name goes only once the cell's record at the endpoint,
 *   which aliases that name, is gone. */
export function dnsTreeDependencies(actions: readonly Action[]): ReadonlyMap<string, readonly string[]> {
  const extra = new Map<string, string[]>();
  const add = (id: string, deps: readonly string[]) => {
    if (deps.length === 0) return;
    const list = extra.get(id);
    if (list === undefined) extra.set(id, [...deps]);
    else list.push(...deps);
  };
  for (const s of endpointSwitches(actions)) {
    const ready = [...new Set(s.creates.flatMap((c) => c.dependsOn))];
    for (const a of [...s.creates, ...s.deletes]) add(a.id, ready.filter((d) => !a.dependsOn.includes(d)));
  }
  const cellRecordDeletes = new Map<string, string>();
  for (const a of actions) {
    if (a.action === 'delete' && roleOf(a) === 'endpoint-cell') cellRecordDeletes.set(`${a.owner.tier}/${a.owner.cell}`, a.id);
  }
  if (cellRecordDeletes.size > 0) {
    for (const a of actions) {
      if (a.action !== 'delete' || roleOf(a) !== 'cell') continue;
      const first = cellRecordDeletes.get(`${a.owner.tier}/${a.owner.cell}`);
      if (first !== undefined) add(a.id, [first]);
    }
  }
  return extra;
}
