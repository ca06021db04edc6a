// `tiered placement <dir> -o html`: the status page's picture of an offline placement, as ONE
// self-contained HTML file (the status page's script and stylesheet inlined, the data embedded
// as JSON): tiers → cells → infra groups with their fills, unschedulable tenants, and each
// tenant's resources for the search, in the same shape /status serves (docs/status.md).
import { StatusStore } from '../controller/http/status-store.js';
import type { ManifestSet } from '../desired/model.js';
import type { PlacementResult } from '../desired/placement/placement-types.js';
import { compileTopology } from '../desired/topology/compile.js';
import { NO_HINTS } from '../desired/topology/live-hints.js';
import { summarizeTenants } from '../desired/topology/tenant-summary.js';
import { statusPageAssets } from './assets.js';
import { statusPageHtml } from './html.js';

export const OFFLINE_NOTE =
  'A first placement, as if nothing were placed yet (tiered plan places against live AWS); rule priorities are the ones a first apply would assign.';

/** The snapshot an offline page draws: /status's tiers, plus every tenant's resources. */
export function offlineSnapshot(set: ManifestSet, result: PlacementResult, dir: string, now: Date): unknown {
  const store = new StatusStore();
  const tiers = set.tiers.map((t) => t.name).sort();
  store.setTiers(tiers);
  for (const tier of tiers) {
    store.setPlacement(
      tier,
      result.fill.filter((f) => f.key.tier === tier),
      result.unschedulable.filter((u) => u.tier === tier),
      result.placements,
    );
  }
  const { tiers: tierStatus } = store.snapshot();
  const tenants = Object.fromEntries(summarizeTenants(compileTopology(set, result, NO_HINTS)).map((s) => [s.tenant, s]));
  return { offline: { dir, generatedAt: now.toISOString(), note: OFFLINE_NOTE }, tiers: tierStatus, tenants };
}

export function offlinePageHtml(set: ManifestSet, result: PlacementResult, dir: string, now: Date = new Date()): string {
  const assets = statusPageAssets();
  return statusPageHtml({
    title: `tiered capacity: ${dir}`,
    script: { inline: assets.script },
    style: { inline: assets.style },
    data: offlineSnapshot(set, result, dir, now),
  });
}
