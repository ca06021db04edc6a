// The plan as JSON with stable, documented fields (docs/plan-json.md). Only plain data: the
// full desired/live resources stay out, so the document stays small and the contract narrow.
import type { DegradedService } from './rollout-health.js';
import type { MoveReport } from './move-report.js';
import { infraGroupKeyString } from '../desired/model.js';
import type { Action, Change, Hold, Plan, PlanSummary, PlanValue, ReadError } from './action.js';
import { createAttributes } from './create-attributes.js';
import { awsId } from './format-value.js';

// 2: summary counts leave report-only actions out (they are in `held`); `errors[]` added.
export const PLAN_JSON_VERSION = 2;

export interface JsonAction {
  readonly actionId: string;
  readonly action: Action['action'];
  readonly kind: string;
  readonly key: string;
  readonly tier: string;
  readonly cell: string;
  readonly infraGroup: string;
  readonly tenant: string | null;
  readonly clusterIndex: number | null;
  readonly id: string;
  readonly name: string;
  readonly reason: Action['reason'];
  readonly changes: readonly Change[];
  readonly replace: boolean;
  readonly dependsOn: readonly string[];
  readonly reportOnly: Hold | null;
  /** For `create`: what it will make (create-attributes.ts); null otherwise. */
  readonly attributes: Readonly<Record<string, PlanValue>> | null;
}

export interface PlanJson {
  readonly version: number;
  readonly summary: PlanSummary;
  readonly actions: readonly JsonAction[];
  readonly conflicts: readonly {
    readonly kind: string; readonly key: string; readonly tier: string; readonly cell: string; readonly infraGroup: string;
    readonly tenant: string | null; readonly id: string; readonly ownership: string; readonly reason: 'conflict'; readonly message: string;
  }[];
  readonly notices: readonly { readonly tier: string; readonly message: string }[];
  readonly unschedulable: readonly { readonly tenant: string; readonly tier: string; readonly reason: string; readonly remedy: string }[];
  readonly placement: readonly { readonly tenant: string; readonly tier: string; readonly infraGroups: readonly string[]; readonly origin: string; readonly from?: readonly string[] }[];
  /** ECS services whose rollout failed or is stuck (docs/design.md §11.4). */
  readonly degraded: readonly DegradedService[];
  /** Tenants moving between infra groups, and refused moves (docs/moves.md). */
  readonly moves: readonly MoveReport[];
  /** Live state that could not be read (docs/plan-json.md): non-empty = the plan is incomplete. */
  readonly errors: readonly ReadError[];
}

function jsonAction(a: Action): JsonAction {
  return {
    actionId: a.id,
    action: a.action,
    kind: a.kind,
    key: a.key,
    tier: a.owner.tier,
    cell: a.owner.cell,
    infraGroup: a.owner.infraGroup,
    tenant: a.owner.tenant ?? null,
    clusterIndex: a.owner.clusterIndex ?? null,
    id: awsId(a),
    name: a.aws.name,
    reason: a.reason,
    changes: a.action === 'update' || a.action === 'adopt' ? a.changes : [],
    replace: a.action === 'update' ? a.replace : false,
    dependsOn: a.dependsOn,
    reportOnly: a.hold ?? null,
    attributes: a.action === 'create' ? Object.fromEntries(createAttributes(a.desired).map((x) => [x.field, x.value])) : null,
  };
}

export function planToJson(plan: Plan): PlanJson {
  return {
    version: PLAN_JSON_VERSION,
    summary: plan.summary,
    actions: plan.actions.map(jsonAction),
    conflicts: plan.conflicts.map((c) => ({
      kind: c.kind, key: c.key, tier: c.owner.tier, cell: c.owner.cell, infraGroup: c.owner.infraGroup,
      tenant: c.owner.tenant ?? null, id: c.aws.arn ?? c.aws.id ?? c.aws.name, ownership: c.ownership, reason: c.reason, message: c.message,
    })),
    notices: plan.notices,
    unschedulable: plan.unschedulable.map((u) => ({ tenant: u.tenant, tier: u.tier, reason: u.reason, remedy: u.remedy })),
    placement: plan.placement.map((p) => ({
      tenant: p.tenant, tier: p.tier, infraGroups: p.infraGroups.map(infraGroupKeyString), origin: p.origin,
      ...(p.from !== undefined ? { from: p.from.map(infraGroupKeyString) } : {}),
    })),
    degraded: plan.degraded ?? [],
    moves: plan.moves ?? [],
    errors: plan.errors ?? [],
  };
}

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}
