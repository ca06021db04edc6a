// Explicit ordering between actions. Creates, updates and adoptions follow the desired
// resources' dependencies; deletes follow the reverse safe order of kinds.ts; a tenant's old
// DNS record goes only once its new one is in place, a superseded target group only once its
// rule and service moved off it; a tier endpoint's switch between DNS trees is ordered as
// dns-switch.ts says.
import type { Action } from './action.js';
import { dnsTreeDependencies } from './dns-switch.js';
import { deleteWaitsFor, deleteWaitsForUpsert } from './kinds.js';

function tenantKey(a: Action): string {
  return [a.owner.tier, a.owner.cell, a.owner.infraGroup, a.owner.tenant].join('/');
}

export function linkActions(actions: readonly Action[]): readonly Action[] {
  const upsertIdByKey = new Map<string, string>();
  for (const a of actions) if (a.action !== 'delete') upsertIdByKey.set(a.key, a.id);
  const deletes = actions.filter((a) => a.action === 'delete');
  const dnsUpserts = actions.filter((a) => a.action !== 'delete' && a.kind === 'dns-record' && a.owner.tenant !== undefined);
  // Upserts by tenant, so a delete looks only at its own tenant's (a plan may hold 100,000).
  const tenantUpserts = new Map<string, Action[]>();
  for (const a of actions) {
    if (a.action === 'delete' || a.owner.tenant === undefined) continue;
    const key = tenantKey(a);
    const list = tenantUpserts.get(key);
    if (list === undefined) tenantUpserts.set(key, [a]);
    else list.push(a);
  }
  const linked = actions.map((a) => {
    let deps: string[];
    if (a.action === 'delete') {
      deps = deletes.filter((d) => d !== a && deleteWaitsFor(a, d)).map((d) => d.id);
      if (a.owner.tenant !== undefined) {
        deps.push(...(tenantUpserts.get(tenantKey(a)) ?? []).filter((u) => deleteWaitsForUpsert(a, u)).map((u) => u.id));
      }
      if (a.kind === 'dns-record' && a.owner.tenant !== undefined) {
        deps.push(...dnsUpserts.filter((u) => u.owner.tenant === a.owner.tenant && u.owner.tier === a.owner.tier).map((u) => u.id));
      }
    } else {
      deps = a.desired.dependsOn.flatMap((k) => upsertIdByKey.get(k) ?? []);
    }
    return { ...a, dependsOn: [...new Set(deps)].sort() };
  });
  const tree = dnsTreeDependencies(linked);
  if (tree.size === 0) return linked;
  return linked.map((a) => {
    const more = tree.get(a.id);
    return more === undefined ? a : { ...a, dependsOn: [...new Set([...a.dependsOn, ...more])].sort() };
  });
}

