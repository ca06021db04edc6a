// Explicit ordering between actions. Creates, updates and adoptions follow the desired
// resources' dependencies; deletes follow the reverse safe order of kinds.ts; a tenant's old
// DNS record goes only once its new one is in place.
import type { Action } from './action.js';
import { deleteWaitsFor } from './kinds.js';

export function linkActions(actions: readonly Action[]): readonly Action[] {
  const upsertIdByKey = new Map<string, string>();
  for (const a of actions) if (a.action !== 'delete') upsertIdByKey.set(a.key, a.id);
  const deletes = actions.filter((a) => a.action === 'delete');
  const dnsUpserts = actions.filter((a) => a.action !== 'delete' && a.kind === 'dns-record' && a.owner.tenant !== undefined);
  return actions.map((a) => {
    let deps: string[];
    if (a.action === 'delete') {
      deps = deletes.filter((d) => d !== a && deleteWaitsFor(a, d)).map((d) => d.id);
      if (a.kind === 'dns-record' && a.owner.tenant !== undefined) {
        deps.push(...dnsUpserts.filter((u) => u.owner.tenant === a.owner.tenant && u.owner.tier === a.owner.tier).map((u) => u.id));
      }
    } else {
      deps = a.desired.dependsOn.flatMap((k) => upsertIdByKey.get(k) ?? []);
    }
    return { ...a, dependsOn: [...new Set(deps)].sort() };
  });
}

