// What live discovery hands the planner: one LiveResource per AWS object it found that tiered
// owns or that sits where tiered wants something, in the same shape as a DesiredResource.
import type { Owner, RefAttr, ResourceKind, Spec } from '../desired/topology/resource.js';

/** How a live resource is tied to this controller (docs/design.md §4.4):
 * - `ours`: tagged (or, for DNS, TXT-owned) with our managed-by instance;
 * - `other-owner`: tiered's tags with another instance id;
 * - `foreign`: no tiered ownership at all. */
export type Ownership = 'ours' | 'foreign' | 'other-owner';

/** The AWS identity of a live object. `name` follows the same per-kind convention as a desired
 * resource's `identity.name` (docs/plan-json.md); `parentArn` is the ALB of a listener, the
 * listener of a rule, the cluster of a service. */
export interface AwsIdentity {
  readonly name: string;
  readonly arn?: string;
  readonly id?: string;
  readonly parentArn?: string;
}

interface LiveBase {
  readonly kind: ResourceKind;
  /** Account for AWS objects; undefined for DNS records (their names are already global). */
  readonly account?: string;
  readonly aws: AwsIdentity;
  /** All of a foreign resource's tags; of a tied one, only those read after tying (its spec
   * hash: src/live/tags.ts keptTags), as its key and owner hold the rest. */
  readonly tags: Readonly<Record<string, string>>;
  /** The fields tiered sets, in the desired spec's shape, with resolved values (ids, ARNs). */
  readonly spec: Spec;
  /** What other resources may reference: arn, dnsName, canonicalHostedZoneId, id. For a task
   * definition `arn` is the latest ACTIVE revision of the family. */
  readonly attrs: Readonly<Partial<Record<RefAttr, string>>>;
  /** An ECS service's primary deployment: how its last rollout is going (not a spec field: it
   * is never compared, only reported; docs/design.md §11.4). */
  readonly rollout?: ServiceRollout;
  /** An alarm's CloudWatch state (OK, ALARM, INSUFFICIENT_DATA): never compared, read by a
   * move's gate (docs/moves.md). */
  readonly alarmState?: string;
}

export interface ServiceRollout {
  /** ECS's rolloutState: COMPLETED, IN_PROGRESS or FAILED. */
  readonly state: string;
  /** When the deployment began (ISO 8601). */
  readonly startedAt: string;
  readonly reason: string;
  /** ECS's latest service event message, e.g. why tasks fail to start. */
  readonly event?: string;
  /** The service's running and desired task counts (a move's gate: docs/moves.md). */
  readonly running?: number;
  readonly desired?: number;
}

export interface TiedLiveResource extends LiveBase {
  readonly ownership: 'ours' | 'other-owner';
  /** Rebuilt from the tags with keys.ts keyFromTags. */
  readonly key: string;
  readonly owner: Owner;
}

export interface ForeignLiveResource extends LiveBase {
  readonly ownership: 'foreign';
}

export type LiveResource = TiedLiveResource | ForeignLiveResource;

/** A listener rule a scoped observation read only for the priority it holds (src/live/
 * rules-to-tag.ts): whose it is was not read, so it is no LiveResource and no action or conflict
 * can name it; the priority is never handed to a new rule (hintsFromLive). */
export interface OccupiedPriority {
  readonly listenerArn: string;
  readonly priority: number;
}

export interface LiveState {
  readonly resources: readonly LiveResource[];
  /** What each LookupRef resolved to, by resources.ts lookupKey: one id or a list of ids.
   * A lookup missing here is a missing reference: an error for its tier. */
  readonly lookups: ReadonlyMap<string, string | readonly string[]>;
}
