// Every ownership tag tiered writes, in one place (docs/design.md §4.2). Identity lives in these tags,
// never in parsing resource names: names with short limits are hashed.

export const TAG_PREFIX = 'tiered.dev/';

export const TAG = {
  /** The controller instance that owns the resource (its --instance-id, default "tiered"). */
  managedBy: 'tiered.dev/managed-by',
  tier: 'tiered.dev/tier',
  cell: 'tiered.dev/cell',
  infraGroup: 'tiered.dev/infra-group',
  tenant: 'tiered.dev/tenant',
  /** For per-cluster resources (target group, ECS cluster, service): the 1-based cluster index. */
  clusterIndex: 'tiered.dev/cluster-index',
  /** What the resource is to tiered (load-balancer, target-group, …): matches desired to live. */
  resource: 'tiered.dev/resource',
  /** For interface endpoints: the downstream's name in the Tier spec. */
  downstream: 'tiered.dev/downstream',
  /** For task definitions: a hash of the spec the revision was registered from, so discovery
   * can tell an unchanged revision without describing it (src/live/complete-observation.ts). */
  specHash: 'tiered.dev/spec-hash',
  /** For target groups: the deregistration delay tiered set, written only after the attribute
   * was (a tag comes with the sweep; the attribute would cost a read per target group). */
  deregistrationDelay: 'tiered.dev/deregistration-delay',
  /** For log groups: `true` when the group and its log data go once the tier is gone (the
   * tier's manifest, which said so, is gone by then: docs/design.md §11.1). */
  deleteWithTier: 'tiered.dev/delete-with-tier',
  /** For scaling policies: the metric (cpu, memory) that tells a target's two policies apart.
   * Policies take no tags in AWS: this one only rebuilds the key (docs/design.md §11.2). */
  scalingMetric: 'tiered.dev/scaling-metric',
  /** For alarms: which of a tenant cluster's alarms it is (memory-warning, latency, …). */
  alarm: 'tiered.dev/alarm',
  /** For the records of a two-level tier endpoint (docs/dns-tree.md): `endpoint` on a cell's
   * record at the tier endpoint, `cell` on an infra group's record at the cell name. Absent on
   * the one-level tree's records and on tenant records. */
  dnsTree: 'tiered.dev/dns-tree',
} as const;

export type TagKey = (typeof TAG)[keyof typeof TAG];

export const DEFAULT_INSTANCE_ID = 'tiered';
