// Child process of scenario 4 (pure-core.bench.ts), so that its peak RSS is the core's alone:
// 10,000 tenants x 2 clusters over 200 infra groups in 20 cells, a synthetic live state of
// that tier fully built (test/support/live-fixtures.ts), then what a full pass does after
// observing: placement from the live tags, compile, diff. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { place } from '../src/desired/placement/placement.js';
import { compileTopology } from '../src/desired/topology/compile.js';
import { NO_HINTS } from '../src/desired/topology/live-hints.js';
import { livePlacement } from '../src/live/live-placement.js';
import { diff } from '../src/plan/diff.js';
import { hintsFromLive } from '../src/plan/hints-from-live.js';
import { liveFrom } from '../test/support/live-fixtures.js';
import { manifestSet } from '../test/support/manifest-builder.js';
import { DOWNSTREAM, TIER, tenantName } from './tier-workload.js';

export interface PureCoreRun {
  readonly tenants: number;
  readonly infraGroups: number;
  readonly resources: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly actions: number;
  readonly peakRssMb: number;
  readonly setupRssMb: number;
  readonly heldRssMb: number;
  readonly heldObjects: number;
  readonly heldHeapMb: number;
}

const tenants = Number(process.argv[2] ?? 10_000);
const cells = Math.ceil(tenants / 500);
const builder = manifestSet().tier(TIER, { downstreams: [DOWNSTREAM], limits: { tenantsPerInfraGroup: 50, headroomPercent: 0 } });
for (let c = 1; c <= cells; c++) builder.layout(TIER, { [`cell-${c}`]: Array.from({ length: 10 }, (_, g) => `ig-${g + 1}`) });
for (let i = 0; i < tenants; i++) builder.tenant(tenantName(i), { clusters: 2 });
const set = builder.build();
const live = liveFrom(compileTopology(set, place(set, new Map()), NO_HINTS));
const setupRssMb = process.memoryUsage().rss / 2 ** 20;
// The garbage of building the synthetic state is collected before the clock starts: a pass
// of the controller does not pay for a compile it never made.
(globalThis as { gc?: () => void }).gc?.();

const cpuStart = process.cpuUsage();
const start = performance.now();
const placement = place(set, livePlacement(live.resources));
const desired = compileTopology(set, placement, hintsFromLive(live.resources));
const plan = diff(desired, live);
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);

// What the controller holds after the pass: manifests, live state, desired and plan, garbage
// collected (the child runs with --expose-gc). The peak above also counts the first compile
// the synthetic live state was built from, which a controller never makes.
(globalThis as { gc?: () => void }).gc?.();
const heldRssMb = process.memoryUsage().rss / 2 ** 20;
const heldHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
const held = [set, live, desired, plan];

const run: PureCoreRun = {
  tenants,
  infraGroups: cells * 10,
  resources: desired.resources.length,
  cpuMs: (cpu.user + cpu.system) / 1000,
  wallMs,
  actions: plan.actions.length + plan.conflicts.length,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  setupRssMb,
  heldRssMb,
  heldObjects: held.length,
  heldHeapMb,
};
console.log(JSON.stringify(run));
