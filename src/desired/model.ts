// The validated manifest model: what the rest of tiered sees once YAML has been loaded,
// checked against the JSON Schemas and the whole-set rules, and tier defaults filled in.
// Everything here is plain readonly data; no AWS call and no I/O ever produces it.

import type { AccountQuotas } from './account-quotas.js';

export const API_VERSION = 'tiered.dev/v1alpha1';

export const KINDS = ['Tier', 'Cell', 'InfraGroup', 'Tenant'] as const;
export type Kind = (typeof KINDS)[number];

/** Where a document (or one of its fields) was written: 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** An AWS object tiered references but never owns: by id, or by its `Name` tag. */
export type ResourceRef = { readonly id: string } | { readonly name: string };

/** Hosted zone reference: a zone name (`example.com`) or a zone id (`Z0123…`). */
export type ZoneRef = { readonly id: string } | { readonly name: string };

export type RoutingMatch =
  | { readonly match: 'path' } // /{tenant}/*
  | { readonly match: 'host' } // {tenant}.{endpoint}
  | { readonly match: 'header'; readonly header: string }; // {header}: {tenant}

export type PlacementStrategy = 'spread' | 'binpack';
export type PrunePolicy = 'sync' | 'upsert-only';

export interface TierLimits {
  /** Unique target groups one ALB may hold (AWS: 100, not adjustable). */
  readonly targetGroupsPerLoadBalancer: number;
  /** Rules on the infra group's listener, the default rule excluded. AWS counts this quota per
   * ALB across all its listeners (100, adjustable); tiered gives each ALB one listener, so the
   * listener's rules are the ALB's. */
  readonly rulesPerListener: number;
  /** Target groups one forward action may name (AWS: 5). */
  readonly targetGroupsPerRule: number;
  /** The tier's own cap on tenants per infra group (the article: 50). */
  readonly tenantsPerInfraGroup: number;
  /** Share of each limit kept free for migrations, 0–90. New tenants never eat into it. */
  readonly headroomPercent: number;
}

/** What new placements may fill of a limit: the limit less the tier's headroom, rounded down.
 * Placement packs by it and validation refuses a tier where it leaves nothing. */
export function placeableOf(limit: number, headroomPercent: number): number {
  return Math.max(0, Math.floor((limit * (100 - headroomPercent)) / 100));
}

export interface Downstream {
  readonly name: string;
  /** The VPC endpoint service name, e.g. com.amazonaws.vpce.us-east-1.vpce-svc-…. */
  readonly serviceName: string;
  readonly port: number;
}

/** Application Auto Scaling of each of a tenant's ECS services (docs/design.md §11.2). */
export interface Autoscaling {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Target of the ECSServiceAverageCPUUtilization tracking policy, in percent. */
  readonly cpuTarget: number;
  /** Target of the ECSServiceAverageMemoryUtilization tracking policy, in percent. */
  readonly memoryTarget: number;
  readonly scaleInCooldownSeconds?: number;
  readonly scaleOutCooldownSeconds?: number;
}

export interface Workload {
  readonly image: string;
  /** ECS task CPU units (256, 512, 1024, …). */
  readonly cpu: number;
  /** ECS task memory in MiB. */
  readonly memory: number;
  /** Container port the target group forwards to. */
  readonly port: number;
  readonly desiredCount: number;
  readonly healthCheckPath: string;
  /** Seconds a target group lets a deregistering task finish its requests (ELBv2 attribute
   * `deregistration_delay.timeout_seconds`, 0–3600); a removed tenant's ECS cluster can only
   * be deleted once its tasks have drained (docs/aws-behaviour.md §17). */
  readonly deregistrationDelaySeconds: number;
  readonly taskRoleName: string;
  readonly executionRoleName: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Variable name -> the ARN of a Secrets Manager secret or SSM parameter (ECS `secrets`):
   * resolved by ECS at task start, so no secret value passes through tiered or its plans. */
  readonly secrets: Readonly<Record<string, string>>;
  /** When set, the service's desiredCount belongs to the autoscaler and is left alone. */
  readonly autoscaling?: Autoscaling;
  /** The tenant's normal TargetResponseTime, in ms: its latency alarm fires at `latencyFactor`
   * times this (docs/design.md §11.3). */
  readonly latencyBaselineMs: number;
}

/** SNS topic ARNs an alarm of each severity notifies: referenced, never created. */
export interface AlarmActions {
  readonly warning: readonly string[];
  readonly critical: readonly string[];
}

/** The alarms of each tenant cluster and their thresholds (docs/design.md §11.3); the tier's,
 * with a tenant's overrides merged in. Defaults are the reference article's. */
export interface Alarms {
  readonly enabled: boolean;
  /** ECS MemoryUtilization of the service, percent: warning and critical. */
  readonly memoryWarningPercent: number;
  readonly memoryCriticalPercent: number;
  /** ALB TargetResponseTime of the target group above this many times latencyBaselineMs. */
  readonly latencyFactor: number;
  /** ALB HTTPCode_Target_5XX_Count of the target group, summed over a period. */
  readonly target5xxCount: number;
  /** ALB UnHealthyHostCount of the target group (AWS publishes it per target group only). */
  readonly unhealthyHosts: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly actions: AlarmActions;
}

/** CloudWatch Logs retention periods AWS accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** The tier's log group, one in each of its cells' accounts (docs/design.md §11.1). */
export interface TierLogs {
  /** `/tiered/{tier}` unless the tier names another. */
  readonly groupName: string;
  readonly retentionDays: LogRetentionDays;
  /** Whether the group (and its log data) goes once the tier is gone; tenants never take it. */
  readonly deleteWithTier: boolean;
}

/** How the tier's ECS services roll out (docs/design.md §11.4). */
export interface Rollout {
  /** ECS's deployment circuit breaker: a deployment whose tasks keep failing stops. */
  readonly circuitBreaker: boolean;
  /** With the breaker: a stopped deployment rolls back to the last one that worked. */
  readonly rollback: boolean;
  /** A deployment still in progress after this long makes the pass degraded. */
  readonly stuckAfterMinutes: number;
}

export interface TierDns {
  readonly zone: ZoneRef;
  /** The tier's Regional endpoint, e.g. tier-1.us-east-1.example.com (no trailing dot). */
  readonly endpoint: string;
  /** Role to assume for the hosted zone; absent = the controller's own credentials. */
  readonly roleArn?: string;
  /** `auto` (absent): a two-level tree of weighted records (docs/dns-tree.md) once the tier has
   * more than 100 infra groups; `cells`: always the two-level tree. */
  readonly tree?: 'auto' | 'cells';
  /** The domain tenants are named under (`{tenant}.{tenantDomain}`), shared by the tiers of a
   * region so a tenant keeps its name when it changes tier; absent = the endpoint, as before
   * (docs/moves.md, "Stable name"). */
  readonly tenantDomain?: string;
}

/** How a tenant moves between infra groups (docs/moves.md): the destination's share of the
 * tenant's DNS weight at each step, in percent, ascending and ending at 100; how long each step
 * bakes before the next; how many moves of a tier run at once. */
export interface Migration {
  readonly steps: readonly number[];
  readonly bakeSeconds: number;
  readonly maxConcurrent: number;
}

/** A tenant's own steps or bake time; the tier's concurrency always applies. */
export type MigrationOverride = Partial<Pick<Migration, 'steps' | 'bakeSeconds'>>;

export interface TierSpec {
  readonly region: string;
  readonly dns: TierDns;
  readonly routing: RoutingMatch;
  readonly placement: { readonly strategy: PlacementStrategy };
  readonly limits: TierLimits;
  readonly downstreams: readonly Downstream[];
  readonly workload: Workload;
  readonly logs: TierLogs;
  readonly alarms: Alarms;
  readonly rollout: Rollout;
  readonly migration: Migration;
  readonly prune: PrunePolicy;
  readonly suspend: boolean;
  /** Delete the whole tier (docs/drain-and-decommission.md §4); validation checks the confirm. */
  readonly decommission?: { readonly confirm: string };
}

export interface CellSpec {
  readonly tier: string;
  readonly accountId: string;
  readonly roleArn: string;
  /** Route 53 weight of this cell in a two-level tier endpoint, 0–255; absent = its infra
   * groups' weights summed (docs/dns-tree.md). */
  readonly dnsWeight?: number;
  /** The account's quotas as the manifest sets them, over Service Quotas and AWS's defaults
   * (docs/capacity.md §1). */
  readonly quotas?: Partial<AccountQuotas>;
  /** Drain every infra group of the cell (docs/drain-and-decommission.md §2); absent = false. */
  readonly drain?: boolean;
}

export type ListenerSpec =
  | { readonly protocol: 'HTTPS'; readonly port: number; readonly certificateArn: string }
  | { readonly protocol: 'HTTP'; readonly port: number };

export interface InfraGroupSpec {
  readonly tier: string;
  readonly cell: string;
  readonly vpc: ResourceRef;
  readonly subnets: ResourceRef | { readonly ids: readonly string[] };
  readonly securityGroups: ResourceRef | { readonly ids: readonly string[] };
  readonly listener: ListenerSpec;
  /** Route 53 weight of this infra group's ALB in the tier endpoint, 0–255. */
  readonly dnsWeight: number;
  /** Adopt an existing ALB instead of creating one. */
  readonly loadBalancerArn?: string;
  /** No destination for placement; its tenants move away, then it is deleted
   * (docs/drain-and-decommission.md §2). Absent = false. */
  readonly drain?: boolean;
}

export interface TenantPlacementPin {
  readonly cell?: string;
  readonly infraGroup?: string;
}

export interface TenantSpec {
  readonly tier: string;
  /** Number of dedicated ECS clusters, 1–5. */
  readonly clusters: number;
  /** The tier workload with the tenant's overrides applied. */
  readonly workload: Workload;
  /** The tier's alarms with the tenant's overrides applied. */
  readonly alarms: Alarms;
  readonly placement: TenantPlacementPin;
  readonly suspend: boolean;
  /** Overrides of the tier's migration for this tenant's moves. */
  readonly migration?: MigrationOverride;
}

interface Document<K extends Kind, S> {
  readonly kind: K;
  readonly name: string;
  readonly spec: S;
  readonly source: SourceLocation;
}

export type Tier = Document<'Tier', TierSpec>;
export type Cell = Document<'Cell', CellSpec>;
export type InfraGroup = Document<'InfraGroup', InfraGroupSpec>;
export type Tenant = Document<'Tenant', TenantSpec>;
export type Manifest = Tier | Cell | InfraGroup | Tenant;

/** A whole, valid manifest set. Lookup keys: tier and tenant names are global; cells are
 * unique within a tier and infra groups within a cell. */
export interface ManifestSet {
  readonly tiers: readonly Tier[];
  readonly cells: readonly Cell[];
  readonly infraGroups: readonly InfraGroup[];
  readonly tenants: readonly Tenant[];
}

/** The address of an infra group: unique across the whole set. */
export interface InfraGroupKey {
  readonly tier: string;
  readonly cell: string;
  readonly infraGroup: string;
}

export function infraGroupKeyString(k: InfraGroupKey): string {
  return `${k.tier}/${k.cell}/${k.infraGroup}`;
}

/** An InfraGroup document's address. */
export function infraGroupKeyOf(ig: InfraGroup): InfraGroupKey {
  return { tier: ig.spec.tier, cell: ig.spec.cell, infraGroup: ig.name };
}

/** The migration a tenant's move follows: the tier's, with the tenant's overrides. */
export function migrationOf(tier: Tier, tenant: Tenant): Migration {
  const own = tenant.spec.migration;
  return own === undefined ? tier.spec.migration : { ...tier.spec.migration, ...own };
}
