// The plan: tiered's central data structure (docs/design.md §7.3). Printable, serialisable, and what the
// reconcilers execute: each action names the resource, the verb, the reason, and the actions
// it must wait for.
import type { PlacementResult, TenantPlacement, Unschedulable } from '../desired/placement/placement-types.js';
import type { DesiredResource, Owner, ResourceKind } from '../desired/topology/resource.js';
import type { AwsIdentity, LiveResource, Ownership } from './live-resource.js';
import type { DegradedService } from './rollout-health.js';
import type { MoveReport } from './move-report.js';

/** A value in a change: plain data with references resolved, or a reference to a value that
 * AWS only gives once the referenced resource is created or replaced. */
export type PlanValue =
  | string
  | number
  | boolean
  | null
  | { readonly knownAfterApply: string }
  | readonly PlanValue[]
  | { readonly [k: string]: PlanValue };

export interface Change {
  /** Dotted path in the spec, e.g. `container.environment.TENANT_ID`, `forward`. */
  readonly field: string;
  /** null when the live resource lacks the field. */
  readonly live: PlanValue;
  readonly desired: PlanValue;
}

export type Reason = 'missing' | 'drifted' | 'orphaned' | 'unowned';

/** Why an action is report-only: the reconcilers skip held actions. */
export type Hold =
  | { readonly reason: 'suspended'; readonly scope: 'tier' | 'tenant' }
  | { readonly reason: 'deletion-guard' }
  | { readonly reason: 'missing-reference'; readonly lookups: readonly string[] }
  | { readonly reason: 'blocked-by-conflict'; readonly conflict: string }
  /** An action it depends on is held, so it cannot run either. */
  | { readonly reason: 'waits-for-held'; readonly action: string };

interface ActionBase {
  /** `{action}:{key}`, unique in a plan; dependsOn lists these. */
  readonly id: string;
  readonly kind: ResourceKind;
  readonly key: string;
  readonly owner: Owner;
  /** The AWS identity: the live one, or for a create the name it will get. */
  readonly aws: AwsIdentity;
  readonly dependsOn: readonly string[];
  readonly hold?: Hold;
}

export interface CreateAction extends ActionBase {
  readonly action: 'create';
  readonly reason: 'missing';
  readonly desired: DesiredResource;
}

export interface UpdateAction extends ActionBase {
  readonly action: 'update';
  readonly reason: 'drifted';
  readonly desired: DesiredResource;
  readonly live: LiveResource;
  readonly changes: readonly Change[];
  /** The drifted fields cannot be changed in place (a task definition revision, a target
   * group's port): the resource is replaced and whatever references it sees a new ARN. */
  readonly replace: boolean;
}

export interface DeleteAction extends ActionBase {
  readonly action: 'delete';
  readonly reason: 'orphaned';
  readonly live: LiveResource;
}

/** Take over an untagged resource with our identity: tag it, then fix `changes` if any. */
export interface AdoptAction extends ActionBase {
  readonly action: 'adopt';
  readonly reason: 'unowned';
  readonly desired: DesiredResource;
  readonly live: LiveResource;
  readonly changes: readonly Change[];
}

export type Action = CreateAction | UpdateAction | DeleteAction | AdoptAction;
export type Verb = Action['action'];

/** A resource tiered wants whose place is held by something it cannot prove is its own. */
export interface Conflict {
  readonly kind: ResourceKind;
  readonly key: string;
  readonly owner: Owner;
  readonly aws: AwsIdentity;
  readonly ownership: Exclude<Ownership, 'ours'>;
  readonly reason: 'conflict';
  readonly message: string;
}

export interface TierNotice {
  readonly tier: string;
  readonly message: string;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly adopt: number;
  readonly conflicts: number;
  /** Actions in the plan that are report-only (suspend, deletion guard, blocked); not counted
   * in create/update/delete/adopt: apply does not do them. */
  readonly held: number;
}

/** Live state tiered could not read (endpoint down, no credentials, AccessDenied): what it
 * covers is unknown, so the plan says so instead of "No changes". */
export interface ReadError {
  readonly tier: string;
  readonly cell?: string;
  /** The AWS error code, when AWS gave one. */
  readonly code?: string;
  readonly message: string;
}

export interface Plan {
  /** In dependency order: an action comes after every action it depends on. */
  readonly actions: readonly Action[];
  readonly conflicts: readonly Conflict[];
  /** Per tier: missing references, refused deletions. */
  readonly notices: readonly TierNotice[];
  readonly placement: readonly TenantPlacement[];
  readonly unschedulable: readonly Unschedulable[];
  readonly summary: PlanSummary;
  /** ECS services whose last rollout failed or is stuck (rollout-health.ts): absent = none seen.
   * The diff leaves it out; the engine adds it from the observation. */
  readonly degraded?: readonly DegradedService[];
  /** Tenants moving between infra groups, and moves refused (docs/moves.md): absent = none.
   * The engine adds it, as `degraded`. */
  readonly moves?: readonly MoveReport[];
  /** Live state that could not be read: absent = everything was read. */
  readonly errors?: readonly ReadError[];
}

export type PlanPlacement = Pick<PlacementResult, 'placements' | 'unschedulable' | 'draining'>;

export interface PlanOptions {
  /** Overrides every tier's `prune`: `upsert-only` drops deletes. */
  readonly policy?: 'sync' | 'upsert-only';
  /** Take over untagged resources with our identity instead of reporting a conflict. */
  readonly adopt?: boolean;
  /** Refuse a tier's plan that deletes more than this share of its live tenants (default 20). */
  readonly maxDeletePercent?: number;
  readonly allowMassDelete?: boolean;
  /** Placement and unschedulable tenants, attached to the plan as they are. */
  readonly placement?: PlanPlacement;
  /** Tenants a move releases from their source (docs/moves.md): the deletion guard does not
   * count them as removed from the source's tier, since they live on in the destination. */
  readonly moved?: ReadonlySet<string>;
}

export function actionId(action: Verb, key: string): string {
  return `${action}:${key}`;
}
