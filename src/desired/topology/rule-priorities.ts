// Stable listener rule priorities. A live rule keeps its priority; a new rule gets the lowest
// priority held by nobody, in tenant-name order. Tenant patterns are disjoint (the validator
// refuses collisions), so priority order never changes routing, only stability matters.
import type { ListenerPriorities } from './live-hints.js';

/** AWS: rule priorities are 1–50,000. */
export const MAX_RULE_PRIORITY = 50_000;

/** `ruleKeys` in the order new rules should be numbered; returns rule key -> priority. */
export function assignPriorities(
  ruleKeys: readonly string[],
  live: ListenerPriorities | undefined,
): ReadonlyMap<string, number> {
  const assigned = new Map<string, number>();
  // Every priority that exists on the listener stays taken, including those of our rules that
  // are about to be deleted: creates run before deletes.
  const used = new Set<number>([...(live?.taken ?? []), ...(live?.ours.values() ?? [])]);
  const fresh: string[] = [];
  for (const key of ruleKeys) {
    const kept = live?.ours.get(key);
    if (kept !== undefined) assigned.set(key, kept);
    else fresh.push(key);
  }
  let next = 1;
  for (const key of fresh) {
    while (used.has(next)) next++;
    if (next > MAX_RULE_PRIORITY) throw new Error(`no free listener rule priority left for ${key}`);
    used.add(next);
    assigned.set(key, next);
  }
  return assigned;
}
