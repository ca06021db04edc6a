// Placement at scale (issue 2 acceptance): 10,000 tenants over 200 infra groups in under 1 s,
// 100,000 over 2,000 in under 2 s, for both strategies; a stable re-plan of 100,000 live
// tenants plus 1,000 new; and binpack's infra group count against a plain first-fit-decreasing
// packing of the same tenants.
import { capacityOf, type Capacity } from '../src/desired/placement/capacity.js';
import type { InfraGroupKey, ManifestSet, PlacementStrategy } from '../src/desired/model.js';
import { place } from '../src/desired/placement/placement.js';
import type { PlacementResult } from '../src/desired/placement/placement-types.js';
import { manifestSet } from '../test/support/manifest-builder.js';
import { measure, round, type BenchFigure, type BenchModule } from './figure.js';

/** AWS raises rules per listener on request; tenants per infra group is the tier's own cap. */
const LIMITS = {
  targetGroupsPerLoadBalancer: 100,
  rulesPerListener: 100,
  targetGroupsPerRule: 5,
  tenantsPerInfraGroup: 100,
  headroomPercent: 10,
};
const INFRA_GROUPS_PER_CELL = 10;

/** Cluster counts 1–5, mostly small (mean 1.6), from a fixed LCG so every run is the same. */
function clusterCounts(n: number): number[] {
  let s = 20240601;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s % 100;
    out.push(r < 65 ? 1 : r < 85 ? 2 : r < 93 ? 3 : r < 97 ? 4 : 5);
  }
  return out;
}

function workload(tenants: number, infraGroups: number, strategy: PlacementStrategy): ManifestSet {
  const builder = manifestSet().tier('tier-1', { placement: { strategy }, limits: LIMITS });
  for (let g = 0; g < infraGroups; g++) {
    const cell = `cell-${Math.floor(g / INFRA_GROUPS_PER_CELL)}`;
    if (g % INFRA_GROUPS_PER_CELL === 0) builder.cell('tier-1', cell);
    builder.infraGroup('tier-1', cell, `ig-${g % INFRA_GROUPS_PER_CELL}`);
  }
  clusterCounts(tenants).forEach((clusters, i) => builder.tenant(`tenant-${i}`, { clusters }));
  return builder.build();
}

/** Plain first-fit-decreasing over empty infra groups: largest tenant first, into the first
 * infra group (in opening order) with room in every dimension. */
export function firstFitDecreasingBins(clusters: readonly number[], capacity: Capacity): number {
  const bins: { targetGroups: number; tenants: number }[] = [];
  const slots = Math.min(capacity.placeable.rules, capacity.placeable.tenants);
  for (const k of [...clusters].sort((a, b) => b - a)) {
    const bin = bins.find((b) => b.targetGroups + k <= capacity.placeable.targetGroups && b.tenants + 1 <= slots);
    if (bin === undefined) bins.push({ targetGroups: k, tenants: 1 });
    else {
      bin.targetGroups += k;
      bin.tenants += 1;
    }
  }
  return bins.length;
}

function usedInfraGroups(result: PlacementResult): number {
  return result.fill.filter((f) => f.tenants.used > 0).length;
}

function outcome(result: PlacementResult): string {
  return `${result.placements.length} placed, ${result.unschedulable.length} unschedulable`;
}

function timed(name: string, targetMs: number, runs: number, fn: () => PlacementResult): BenchFigure {
  let last: PlacementResult | undefined;
  const t = measure(runs, () => {
    last = fn();
  });
  return {
    name,
    value: round(t.medianMs),
    unit: 'ms',
    target: `< ${targetMs} ms`,
    met: t.medianMs < targetMs,
    note:
      `median of ${t.runs} (min ${round(t.minMs)}, max ${round(t.maxMs)}), CPU ${round(t.cpuMs)} ms; ` +
      (last === undefined ? '' : outcome(last)),
  };
}

function scale(tenants: number, infraGroups: number, targetMs: number, runs: number): BenchFigure[] {
  const label = `${tenants / 1000}k-tenants.${infraGroups}-infra-groups`;
  const figures: BenchFigure[] = [];
  for (const strategy of ['spread', 'binpack'] as const) {
    const set = workload(tenants, infraGroups, strategy);
    figures.push(timed(`placement.${strategy}.${label}`, targetMs, runs, () => place(set, new Map())));
    if (strategy === 'binpack') {
      const used = usedInfraGroups(place(set, new Map()));
      const bound = firstFitDecreasingBins(clusterCounts(tenants), capacityOf(LIMITS));
      figures.push({
        name: `placement.binpack.${label}.infra-groups-used`,
        value: used,
        unit: 'infra groups',
        target: `<= first-fit-decreasing (${bound})`,
        met: used <= bound,
        note: `of ${infraGroups} available`,
      });
    }
  }
  return figures;
}

/** The daemon's steady state: everything live, a few new tenants to place. */
function replan(live: number, fresh: number, infraGroups: number, targetMs: number, runs: number): BenchFigure {
  const first = workload(live, infraGroups, 'spread');
  const placed = place(first, new Map());
  const livePlacement = new Map<string, readonly InfraGroupKey[]>(placed.placements.map((p) => [p.tenant, p.infraGroups]));
  const set = workload(live + fresh, infraGroups, 'spread');
  return timed(
    `placement.spread.replan.${live / 1000}k-live+${fresh / 1000}k-new.${infraGroups}-infra-groups`,
    targetMs,
    runs,
    () => place(set, livePlacement),
  );
}

export const placementBench: BenchModule = {
  title: 'Placement (src/desired/placement/placement.ts)',
  async run() {
    return [
      ...scale(10_000, 200, 1000, 7),
      ...scale(100_000, 2000, 2000, 5),
      replan(100_000, 1000, 2000, 2000, 5),
    ];
  },
};
