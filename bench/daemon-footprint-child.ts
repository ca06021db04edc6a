// Child process of scenario 5 (daemon-footprint.bench.ts): what `tiered run` holds for a tier
// of 10,000 tenants (2 tiers of 5,000), without AWS. It loads the manifest directory the parent wrote (as the
// daemon's source does), builds a synthetic live state of that tier fully built (as observe
// would return it), runs what a pass does after observing (placement, compile, diff), records
// the pass in a StatusStore as the daemon does, keeps the placement hint the daemon keeps, and
// then drops what a pass drops. Memory is read after garbage collection (--expose-gc) twice:
// in a pass (everything referenced) and between passes (what the daemon keeps). Prints one
// JSON line.
import { ControllerMetrics } from '../src/controller/http/metrics.js';
import { StatusStore } from '../src/controller/http/status-store.js';
import { driftOf, placementHint } from '../src/controller/tier-pass.js';
import { loadManifestSet } from '../src/desired/manifests.js';
import { tierSubset } from '../src/engine/tier-subset.js';
import { place } from '../src/desired/placement.js';
import { compileTopology } from '../src/desired/topology/compile.js';
import { NO_HINTS } from '../src/desired/topology/live-hints.js';
import { livePlacement } from '../src/live/live-placement.js';
import { diff } from '../src/plan/diff.js';
import { hintsFromLive } from '../src/plan/hints-from-live.js';
import type { LiveState } from '../src/plan/live-resource.js';
import { liveFrom } from '../test/support/live-fixtures.js';

export interface FootprintRun {
  readonly tenants: number;
  readonly liveResources: number;
  readonly actions: number;
  /** After GC, while a pass holds the live state, the desired topology and the plan. */
  readonly inPassRssMb: number;
  readonly inPassHeapMb: number;
  /** After GC, once the pass is over: the manifests, the status store and the placement hint. */
  readonly betweenRssMb: number;
  readonly betweenHeapMb: number;
  readonly peakRssMb: number;
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with --expose-gc');
  collect();
  collect();
};
const mb = (bytes: number): number => bytes / 2 ** 20;

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: daemon-footprint-child <manifest dir>');
const loaded = await loadManifestSet(dir);
if (!loaded.ok) throw new Error(`${dir} does not load`);
const set = loaded.set;
const store = new StatusStore(new ControllerMetrics());
const tiers = set.tiers.map((t) => t.name);
store.setTiers(tiers);

interface TierPassState {
  readonly live: LiveState;
  readonly placement: ReturnType<typeof place>;
  readonly desired: ReturnType<typeof compileTopology>;
  readonly plan: ReturnType<typeof diff>;
}
// The daemon passes several tiers side by side (--concurrency 4): both tiers' passes held at once.
const passes: TierPassState[] = [];
// Module bindings: `set`, `store` and `hints` stay referenced to the end, as the daemon keeps them.
const hints = new Map<string, ReturnType<typeof placementHint>>();
let liveResources = 0;
let actions = 0;
for (const tier of tiers) {
  const subset = tierSubset(set, tier);
  const live = liveFrom(compileTopology(subset, place(subset, new Map()), NO_HINTS));
  const placement = place(subset, livePlacement(live.resources));
  const desired = compileTopology(subset, placement, hintsFromLive(live.resources));
  const plan = diff(desired, live);
  store.setPlacement(tier, placement.fill, placement.unschedulable);
  store.recordPass(tier, plan.actions.length === 0 ? 'in-sync' : 'drift', 0, driftOf(plan), { revision: 'synthetic' });
  hints.set(tier, placementHint(placement, true));
  liveResources += live.resources.length;
  actions += plan.actions.length + plan.conflicts.length;
  passes.push({ live, placement, desired, plan });
}
gc();
const inPassRssMb = mb(process.memoryUsage().rss);
const inPassHeapMb = mb(process.memoryUsage().heapUsed);

// The pass is over: the daemon keeps the manifests, the status store and the hint.
passes.splice(0);
gc();
const run: FootprintRun = {
  tenants: set.tenants.length,
  liveResources,
  actions,
  inPassRssMb,
  inPassHeapMb,
  betweenRssMb: mb(process.memoryUsage().rss),
  betweenHeapMb: mb(process.memoryUsage().heapUsed),
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
if ([...hints.values()].reduce((n, h) => n + h.size, 0) !== set.tenants.length || tiers.some((t) => store.snapshot().tiers[t] === undefined)) throw new Error('the daemon\'s state was not built');
console.log(JSON.stringify(run));
