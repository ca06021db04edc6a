// Shared helpers for placement tests: live placements written as `tier/cell/ig` strings, and
// lookups into a PlacementResult by tenant.
import type { InfraGroupKey } from '../../src/desired/model.js';
import { infraGroupKeyString } from '../../src/desired/model.js';
import type { LivePlacement, PlacementResult } from '../../src/desired/placement/placement-types.js';

export function keyOf(path: string): InfraGroupKey {
  const [tier = '', cell = '', infraGroup = ''] = path.split('/');
  return { tier, cell, infraGroup };
}

/** `{ 'tenant-a': 'tier-1/cell-1/ig-1' }`, or a list of paths for a tenant mid-migration. */
export function livePlacement(entries: Readonly<Record<string, string | readonly string[]>>): LivePlacement {
  const map = new Map<string, readonly InfraGroupKey[]>();
  for (const [tenant, paths] of Object.entries(entries)) {
    map.set(tenant, (typeof paths === 'string' ? [paths] : paths).map(keyOf));
  }
  return map;
}

/** The `tier/cell/ig` paths that host a tenant, home first; undefined when it is not placed. */
export function hostsOf(result: PlacementResult, tenant: string): string[] | undefined {
  return result.placements.find((p) => p.tenant === tenant)?.infraGroups.map(infraGroupKeyString);
}

export function homeOf(result: PlacementResult, tenant: string): string | undefined {
  return hostsOf(result, tenant)?.[0];
}

export function fillOf(result: PlacementResult, path: string) {
  return result.fill.find((f) => infraGroupKeyString(f.key) === path);
}
