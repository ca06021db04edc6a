// Test-only builder of valid-looking ManifestSets, straight as model objects (no YAML): sensible
// defaults for every field, overrides for what a test is about. Accounts, ARNs and names are
// derived from the names given, so two builders fed the same calls build equal sets.
import type {
  Alarms,
  Cell,
  CellSpec,
  InfraGroup,
  InfraGroupSpec,
  ManifestSet,
  SourceLocation,
  Tenant,
  TenantPlacementPin,
  Tier,
  TierLimits,
  TierSpec,
  Workload,
} from '../../src/desired/model.js';

export const DEFAULT_LIMITS: TierLimits = {
  targetGroupsPerLoadBalancer: 100,
  rulesPerListener: 100,
  targetGroupsPerRule: 5,
  tenantsPerInfraGroup: 50,
  headroomPercent: 10,
};

export const DEFAULT_WORKLOAD: Workload = {
  image: 'public.ecr.aws/example/app:1.0.0',
  cpu: 1024,
  memory: 4096,
  port: 8080,
  desiredCount: 2,
  healthCheckPath: '/healthz',
  deregistrationDelaySeconds: 30,
  taskRoleName: 'app-task',
  executionRoleName: 'app-exec',
  environment: {},
  secrets: {},
  latencyBaselineMs: 150,
};

/** The reference's alarms, off: a test (or bench) that wants them turns them on. */
export const DEFAULT_ALARMS: Alarms = {
  enabled: false, memoryWarningPercent: 70, memoryCriticalPercent: 85, latencyFactor: 2, target5xxCount: 10, unhealthyHosts: 0,
  periodSeconds: 60, evaluationPeriods: 5, actions: { warning: [], critical: [] },
};

export interface TierOverrides extends Partial<Omit<TierSpec, 'limits' | 'workload'>> {
  readonly limits?: Partial<TierLimits>;
  readonly workload?: Partial<Workload>;
}

export interface TenantOverrides {
  readonly tier?: string;
  readonly clusters?: number;
  readonly workload?: Partial<Workload>;
  readonly placement?: TenantPlacementPin;
  readonly suspend?: boolean;
  readonly alarms?: Partial<Alarms>;
}

/** A stable 12-digit account id per cell, from its tier and name. */
function accountIdOf(tier: string, cell: string): string {
  let h = 7;
  for (const ch of `${tier}/${cell}`) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_000_000;
  return String(h).padStart(12, '1');
}

export class ManifestSetBuilder {
  private readonly tiers: Tier[] = [];
  private readonly cells: Cell[] = [];
  private readonly infraGroups: InfraGroup[] = [];
  private readonly tenants: { name: string; overrides: TenantOverrides; source: SourceLocation }[] = [];
  private line = 1;

  private source(): SourceLocation {
    const loc = { file: 'built.yaml', line: this.line, col: 1 };
    this.line += 1;
    return loc;
  }

  tier(name: string, overrides: TierOverrides = {}): this {
    const { limits, workload, ...rest } = overrides;
    const spec: TierSpec = {
      region: 'us-east-1',
      dns: { zone: { name: 'example.com' }, endpoint: `${name}.us-east-1.example.com`, tree: 'auto' }, // as the schema's default fills it
      routing: { match: 'path' },
      placement: { strategy: 'spread' },
      downstreams: [],
      prune: 'sync',
      suspend: false,
      logs: { groupName: `/tiered/${name}`, retentionDays: 30, deleteWithTier: false },
      alarms: DEFAULT_ALARMS,
      rollout: { circuitBreaker: true, rollback: true, stuckAfterMinutes: 30 },
      migration: { steps: [10, 50, 100], bakeSeconds: 300, maxConcurrent: 2 },
      ...rest,
      limits: { ...DEFAULT_LIMITS, ...limits },
      workload: { ...DEFAULT_WORKLOAD, ...workload },
    };
    this.tiers.push({ kind: 'Tier', name, spec, source: this.source() });
    return this;
  }

  cell(tier: string, name: string, overrides: Partial<CellSpec> = {}): this {
    const accountId = overrides.accountId ?? accountIdOf(tier, name);
    const spec: CellSpec = {
      tier,
      accountId,
      roleArn: `arn:aws:iam::${accountId}:role/tiered`,
      ...overrides,
    };
    this.cells.push({ kind: 'Cell', name, spec, source: this.source() });
    return this;
  }

  infraGroup(tier: string, cell: string, name: string, overrides: Partial<InfraGroupSpec> = {}): this {
    const base = `${tier}-${cell}-${name}`;
    const spec: InfraGroupSpec = {
      tier,
      cell,
      vpc: { name: base },
      subnets: { name: `${base}-private` },
      securityGroups: { name: `${base}-tasks` },
      listener: { protocol: 'HTTP', port: 80 },
      dnsWeight: 50,
      ...overrides,
    };
    this.infraGroups.push({ kind: 'InfraGroup', name, spec, source: this.source() });
    return this;
  }

  /** Cells and their infra groups in one go: `{ 'cell-1': ['ig-1', 'ig-2'] }`. */
  layout(tier: string, cells: Readonly<Record<string, readonly string[]>>): this {
    for (const [cell, groups] of Object.entries(cells)) {
      this.cell(tier, cell);
      for (const ig of groups) this.infraGroup(tier, cell, ig);
    }
    return this;
  }

  /** A tenant of the first tier unless `overrides.tier` says otherwise; 1 cluster by default. */
  tenant(name: string, overrides: TenantOverrides = {}): this {
    this.tenants.push({ name, overrides, source: this.source() });
    return this;
  }

  build(): ManifestSet {
    const tenants = this.tenants.map(({ name, overrides, source }): Tenant => {
      const tier = overrides.tier ?? this.tiers[0]?.name ?? 'tier-1';
      const tierWorkload = this.tiers.find((t) => t.name === tier)?.spec.workload ?? DEFAULT_WORKLOAD;
      return {
        kind: 'Tenant',
        name,
        source,
        spec: {
          tier,
          clusters: overrides.clusters ?? 1,
          workload: { ...tierWorkload, ...overrides.workload },
          alarms: { ...(this.tiers.find((t) => t.name === tier)?.spec.alarms ?? DEFAULT_ALARMS), ...overrides.alarms },
          placement: overrides.placement ?? {},
          suspend: overrides.suspend ?? false,
        },
      };
    });
    return {
      tiers: [...this.tiers],
      cells: [...this.cells],
      infraGroups: [...this.infraGroups],
      tenants,
    };
  }
}

export function manifestSet(): ManifestSetBuilder {
  return new ManifestSetBuilder();
}
