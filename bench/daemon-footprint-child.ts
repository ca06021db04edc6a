// Child process of scenario 5 (daemon-footprint.bench.ts): what `tiered run` holds for a tier
// of 10,000 tenants (2 tiers of 5,000), without AWS. It loads the manifest directory the parent wrote (as the
// daemon's source does), builds a synthetic live state of that tier fully built (as observe
// would return it), runs what a pass does after observing (placement, compile, diff), records
// the pass in a StatusStore as the daemon does, keeps the placement hint the daemon keeps, and
// then drops what a pass drops. Memory is read after garbage collection (--expose-gc) twice:
// in a pass (everything referenced) and between passes (what the daemon keeps). Prints one
// JSON line.
// What `tiered run` loads (the AWS SDK clients, pino, the HTTP server...): its RSS is the base
// a pass's memory sits on.
import '../src/cli/run.js';
import { ControllerMetrics } from '../src/controller/http/metrics.js';
import { StatusStore } from '../src/controller/http/status-store.js';
import { driftOf, placementHint } from '../src/controller/tier-pass.js';
import { loadManifestSet } from '../src/desired/manifests/manifests.js';
import { tierSubset } from '../src/engine/tier-subset.js';
import { place } from '../src/desired/placement/placement.js';
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

/** Memory after `idleMs` back on the event loop and a full GC. Measuring in the same tick as the
 * release measured what the module's suspended frame still pointed at (the array `splice`
 * returned: 74 MB of a tier's pass), not what the daemon keeps; and the daemon returns to its
 * event loop after every pass. */
const mb = (bytes: number): number => bytes / 2 ** 20;

async function settled(idleMs: number): Promise<{ readonly rssMb: number; readonly heapMb: number }> {
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with --expose-gc');
  collect();
  collect();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: mb(rss), heapMb: mb(heapUsed) };
}
/** Passes are minutes apart (--resync 10m, or a revision); a second into that idle time V8 has
 * given back the pages of the pass's garbage. */
const BETWEEN_PASSES_IDLE_MS = 1000;

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
/** One tier's pass: placement, compile and diff against the synthetic live state, recorded as
 * the daemon records it. */
function pass(tier: string): TierPassState {
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
  return { live, placement, desired, plan };
}
for (const tier of tiers) passes.push(pass(tier));
const inPass = await settled(0);

// The pass is over: the daemon keeps the manifests, the status store and the hint.
passes.splice(0);
const between = await settled(BETWEEN_PASSES_IDLE_MS);
const run: FootprintRun = {
  tenants: set.tenants.length,
  liveResources,
  actions,
  inPassRssMb: inPass.rssMb,
  inPassHeapMb: inPass.heapMb,
  betweenRssMb: between.rssMb,
  betweenHeapMb: between.heapMb,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
if ([...hints.values()].reduce((n, h) => n + h.size, 0) !== set.tenants.length || tiers.some((t) => store.snapshot().tiers[t] === undefined)) throw new Error('the daemon\'s state was not built');
console.log(JSON.stringify(run));
