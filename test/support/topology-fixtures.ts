// A minimal builder of valid ManifestSets and placements for topology and plan tests, kept
// apart from the placement helper's builder so these tests stand on their own.
import type {
  Alarms, Cell, InfraGroup, ManifestSet, RoutingMatch, Tenant, Tier, Workload,
} from '../../src/desired/model.js';
import type { PlacementResult, TenantPlacement } from '../../src/desired/placement/placement-types.js';

const at = { file: 'fixture.yaml', line: 1, col: 1 };

export const WORKLOAD: Workload = {
  image: 'registry.example.com/app:1.0',
  cpu: 1024,
  memory: 4096,
  port: 8080,
  desiredCount: 2,
  healthCheckPath: '/healthz',
  deregistrationDelaySeconds: 30,
  taskRoleName: 'tier-1-task',
  executionRoleName: 'tier-1-exec',
  environment: { CACHE_ENDPOINT: 'cache.tier-1.internal' },
  secrets: {},
  latencyBaselineMs: 150,
};

/** The reference's alarms, on, with a topic per severity. */
export const ALARMS: Alarms = {
  enabled: true, memoryWarningPercent: 70, memoryCriticalPercent: 85, latencyFactor: 2, target5xxCount: 10, unhealthyHosts: 0,
  periodSeconds: 60, evaluationPeriods: 5,
  actions: { warning: ['arn:aws:sns:us-east-1:111111111111:warn'], critical: ['arn:aws:sns:us-east-1:111111111111:page'] },
};
const NO_ALARMS: Alarms = { ...ALARMS, enabled: false };

export function tier(name = 'tier-1', routing: RoutingMatch = { match: 'path' }): Tier {
  return {
    kind: 'Tier',
    name,
    source: at,
    spec: {
      region: 'us-east-1',
      dns: { zone: { name: 'us-east-1.example.com' }, endpoint: `${name}.us-east-1.example.com` },
      routing,
      placement: { strategy: 'spread' },
      limits: { targetGroupsPerLoadBalancer: 100, rulesPerListener: 100, targetGroupsPerRule: 5, tenantsPerInfraGroup: 50, headroomPercent: 10 },
      downstreams: [{ name: 'cache', serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718', port: 6379 }],
      workload: WORKLOAD,
      logs: { groupName: `/tiered/${name}`, retentionDays: 30, deleteWithTier: false },
      alarms: NO_ALARMS,
      rollout: { circuitBreaker: true, rollback: true, stuckAfterMinutes: 30 },
      migration: { steps: [10, 50, 100], bakeSeconds: 300, maxConcurrent: 2 },
      prune: 'sync',
      suspend: false,
    },
  };
}

export function cell(name = 'cell-1', tierName = 'tier-1', accountId = '111111111111'): Cell {
  return { kind: 'Cell', name, source: at, spec: { tier: tierName, accountId, roleArn: `arn:aws:iam::${accountId}:role/tiered` } };
}

export function infraGroup(name = 'ig-1', cellName = 'cell-1', tierName = 'tier-1', dnsWeight = 50): InfraGroup {
  const base = `${tierName}-${cellName}-${name}`;
  return {
    kind: 'InfraGroup',
    name,
    source: at,
    spec: {
      tier: tierName,
      cell: cellName,
      vpc: { name: base },
      subnets: { name: `${base}-private` },
      securityGroups: { name: `${base}-tasks` },
      listener: { protocol: 'HTTPS', port: 443, certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' },
      dnsWeight,
    },
  };
}

export function tenant(name: string, clusters = 1, over: Partial<Workload> = {}, tierName = 'tier-1', alarms: Alarms = NO_ALARMS): Tenant {
  return {
    kind: 'Tenant',
    name,
    source: at,
    spec: { tier: tierName, clusters, workload: { ...WORKLOAD, ...over }, alarms, placement: {}, suspend: false },
  };
}

/** tier-1 with cell-1 holding ig-1 and ig-2, and the given tenants. */
export function smallSet(tenants: readonly Tenant[], t: Tier = tier()): ManifestSet {
  return { tiers: [t], cells: [cell()], infraGroups: [infraGroup('ig-1'), infraGroup('ig-2', 'cell-1', 'tier-1', 30)], tenants };
}

/** Places each tenant in the infra groups given (default ig-1 of cell-1). */
export function placeAll(set: ManifestSet, where: Readonly<Record<string, readonly string[]>> = {}): PlacementResult {
  const placements: TenantPlacement[] = set.tenants.map((t) => ({
    tenant: t.name,
    tier: t.spec.tier,
    infraGroups: (where[t.name] ?? ['ig-1']).map((ig) => ({ tier: t.spec.tier, cell: 'cell-1', infraGroup: ig })),
    origin: 'new',
  }));
  return { placements, unschedulable: [], fill: [] };
}
