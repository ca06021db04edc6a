// The tier the AWS-call scenarios of issue 6 run against: 2 cells of 10 infra groups each,
// tenants of 2 ECS clusters, one downstream. At scale 1 that is 1,000 tenants, 50 per infra
// group: exactly 100 target groups per ALB, the AWS quota, so headroom is 0 here.
import type { ManifestSet } from '../src/desired/model.js';
import { DEFAULT_ALARMS, manifestSet } from '../test/support/manifest-builder.js';

export const TIER = 'tier-1';
export const CELLS = 2;
export const INFRA_GROUPS_PER_CELL = 10;
export const CLUSTERS_PER_TENANT = 2;
export const FULL_SCALE_TENANTS = 1000;

/** The one downstream every infra group gets an interface endpoint to. */
export const DOWNSTREAM = { name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 };

export function tenantName(i: number): string {
  return `t${String(i).padStart(5, '0')}`;
}

/** Issue 12's read budget: every service autoscaled (a target and two policies) and every
 * cluster alarmed (five alarms), as the reference's Step 5 has it. */
export const OBSERVED = {
  autoscaling: { minCapacity: 2, maxCapacity: 6, cpuTarget: 60, memoryTarget: 70 },
  alarms: { ...DEFAULT_ALARMS, enabled: true },
} as const;

export function benchTier(tenants: number, options: { readonly observed?: boolean } = {}): ManifestSet {
  const builder = manifestSet().tier(TIER, {
    downstreams: [DOWNSTREAM],
    limits: { tenantsPerInfraGroup: 50, headroomPercent: 0 },
    ...(options.observed === true ? { workload: { autoscaling: OBSERVED.autoscaling }, alarms: OBSERVED.alarms } : {}),
  });
  for (let c = 1; c <= CELLS; c++) {
    const groups = Array.from({ length: INFRA_GROUPS_PER_CELL }, (_, g) => `ig-${g + 1}`);
    builder.layout(TIER, { [`cell-${c}`]: groups });
  }
  for (let i = 0; i < tenants; i++) builder.tenant(tenantName(i), { clusters: CLUSTERS_PER_TENANT });
  return builder.build();
}
