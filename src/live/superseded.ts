// A target group's name hashes the fields AWS cannot change in place (src/desired/naming.ts), so
// one of ours whose name is not the desired one under its key was superseded: a port (or
// protocol, target type, VPC) changed, or it was named by an older naming scheme. It is keyed
// apart here, so the plan makes the new one beside it (create), switches what points at it
// (the rule and service updates) and then deletes it as an orphan, in that order
// (src/plan/kinds.ts). A crash in between leaves both under the one key: the desired name keeps
// it, so the next pass picks up where this one stopped (docs/aws-behaviour.md, "Target group
// replacement").
import type { DesiredResource } from '../desired/topology/resource.js';
import type { LiveResource } from '../plan/live-resource.js';

/** The kinds whose replacement is a new resource under a new name beside the old one. */
const RENAMED_ON_REPLACEMENT: ReadonlySet<string> = new Set(['target-group']);

/** The key suffix of a superseded resource: its own name, unique per account. */
export function supersededSuffix(name: string): string {
  return `#superseded:${name}`;
}

export function keySuperseded(resources: readonly LiveResource[], desired: ReadonlyMap<string, DesiredResource>): LiveResource[] {
  return resources.map((r) => {
    if (r.ownership !== 'ours' || !RENAMED_ON_REPLACEMENT.has(r.kind)) return r;
    const d = desired.get(r.key);
    return d === undefined || d.identity.name === r.aws.name ? r : { ...r, key: r.key + supersededSuffix(r.aws.name) };
  });
}
