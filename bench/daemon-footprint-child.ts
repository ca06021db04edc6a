// Child process of scenario 5 (daemon-footprint.bench.ts): what `tiered run` holds for a tier
// of 10,000 tenants, without AWS. It loads the manifest directory the parent wrote (as the
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
import { place } from '../src/desired/placement.js';
import { compileTopology } from '../src/desired/topology/compile.js';
import { NO_HINTS } from '../src/desired/topology/live-hints.js';
import { livePlacement } from '../src/live/live-placement.js';
import { diff } from '../src/plan/diff.js';
import { hintsFromLive } from '../src/plan/hints-from-live.js';
import type { LiveState } from '../src/plan/live-resource.js';
import { liveFrom } from '../test/support/live-fixtures.js';
import { TIER } from './tier-workload.js';

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
store.setTiers([TIER]);

let live: LiveState | undefined = liveFrom(compileTopology(set, place(set, new Map()), NO_HINTS));
const liveResources = live.resources.length;
let placement: ReturnType<typeof place> | undefined = place(set, livePlacement(live.resources));
let desired: ReturnType<typeof compileTopology> | undefined = compileTopology(set, placement, hintsFromLive(live.resources));
let plan: ReturnType<typeof diff> | undefined = diff(desired, live);
store.setPlacement(TIER, placement.fill, placement.unschedulable);
store.recordPass(TIER, plan.actions.length === 0 ? 'in-sync' : 'drift', 0, driftOf(plan), { revision: 'synthetic' });
// Module bindings: `set`, `store` and `hint` stay referenced to the end, as the daemon keeps them.
const hint = placementHint(placement, true);
const actions = plan.actions.length + plan.conflicts.length;
gc();
const inPassRssMb = mb(process.memoryUsage().rss);
const inPassHeapMb = mb(process.memoryUsage().heapUsed);

// The pass is over: the daemon keeps the manifests, the status store and the hint.
live = placement = desired = plan = undefined;
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
if (hint.size !== set.tenants.length || store.snapshot().tiers[TIER] === undefined) throw new Error('the daemon\'s state was not built');
console.log(JSON.stringify(run));
