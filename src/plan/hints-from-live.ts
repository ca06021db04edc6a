// LiveHints (what the topology needs from live state) derived from the live resources, so the
// live layer fills them once and the same way: our rules keep their priorities; priorities of
// rules that are not ours, on listeners that are, are never handed out; nor are those a scoped
// observation read only as occupied.
import { infraGroupKeyString } from '../desired/model.js';
import type { ListenerPriorities, LiveHints } from '../desired/topology/live-hints.js';
import type { LiveResource, OccupiedPriority } from './live-resource.js';

export function hintsFromLive(resources: readonly LiveResource[], occupied: readonly OccupiedPriority[] = []): LiveHints {
  const igOfListener = new Map<string, string>();
  for (const r of resources) {
    if (r.kind === 'listener' && r.ownership === 'ours' && r.aws.arn !== undefined) igOfListener.set(r.aws.arn, infraGroupKeyString(r.owner));
  }
  const ours = new Map<string, Map<string, number>>();
  const taken = new Map<string, number[]>();
  const take = (listenerArn: string | undefined, priority: number): void => {
    const ig = listenerArn !== undefined ? igOfListener.get(listenerArn) : undefined;
    if (ig === undefined) return;
    const list = taken.get(ig);
    if (list === undefined) taken.set(ig, [priority]);
    else list.push(priority);
  };
  for (const r of resources) {
    if (r.kind !== 'listener-rule') continue;
    const priority = Number(r.spec['priority'] ?? r.aws.name);
    if (!Number.isInteger(priority)) continue;
    if (r.ownership === 'ours') {
      const ig = infraGroupKeyString(r.owner);
      ours.set(ig, (ours.get(ig) ?? new Map<string, number>()).set(r.key, priority));
    } else {
      take(r.aws.parentArn, priority);
    }
  }
  for (const { listenerArn, priority } of occupied) take(listenerArn, priority);
  const priorities = new Map<string, ListenerPriorities>();
  for (const ig of [...new Set([...ours.keys(), ...taken.keys()])].sort()) {
    priorities.set(ig, { ours: ours.get(ig) ?? new Map(), taken: [...(taken.get(ig) ?? [])].sort((a, b) => a - b) });
  }
  return { priorities };
}
