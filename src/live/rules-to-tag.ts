// Which listener rules an observation reads the owner of (DescribeTags, 20 a call). A full pass
// reads every rule's. A scoped pass reads only those whose owner its plan can weigh: rules of
// the scope's tenants, and rules that could route their requests (a foreign or other owner's
// one is a conflict, route-overlap.ts). Every other rule of the listener matters only for the
// priority it holds, so it is kept as an OccupiedPriority, which no action or conflict can name:
// this keeps a scoped pass's DescribeTags independent of how many tenants share the listener.
import type { Tenant, Tier } from '../desired/model.js';
import { tenantDomainOf } from '../desired/naming.js';
import { tenantRuleConditions } from '../desired/topology/listener-rules.js';
import type { PlanValue } from '../plan/action.js';
import type { OccupiedPriority } from '../plan/live-resource.js';
import { routesOverlap } from '../plan/route-overlap.js';
import type { Tags } from './tagged-index.js';
import type { LiveBody } from './tags.js';

type Conditions = Readonly<Record<string, PlanValue>>;

/** What a scoped pass weighs rules against. */
export interface RuleTagScope {
  /** The conditions the scope's tenants' rules want (`tenantRuleConditions`, plain data). */
  readonly routes: readonly Conditions[];
  /** The scope's tenants' target groups, as the sweep tagged them: a rule forwarding to one is
   * theirs (or holds their traffic), whatever its conditions say (a changed routing mode). */
  readonly targetGroups: ReadonlySet<string>;
}

/** The routes of the scope's tenants of `tier` (tenants gone from the manifests have none: their
 * rules are still found by their target groups). */
export function scopeRoutes(tier: Tier, tenants: readonly Tenant[]): Conditions[] {
  return tenants
    .filter((t) => t.spec.tier === tier.name)
    .map((t) => tenantRuleConditions(tier.spec.routing, t.name, tenantDomainOf(tier.spec.dns)) as Conditions);
}

function forwardsTo(rule: LiveBody, targetGroups: ReadonlySet<string>): boolean {
  const forward = rule.spec['forward'];
  if (!Array.isArray(forward)) return false;
  return forward.some((f) => typeof f === 'object' && f !== null && !Array.isArray(f) && targetGroups.has((f as Conditions)['targetGroupArn'] as string));
}

/** Whether a scoped pass needs the owner of `rule` (a rule body without tags, elbv2-specs.ts). */
export function ruleOwnerNeeded(rule: LiveBody, scope: RuleTagScope): boolean {
  if (forwardsTo(rule, scope.targetGroups)) return true;
  const conditions = rule.spec['conditions'] as Conditions | undefined;
  return conditions !== undefined && scope.routes.some((route) => routesOverlap(route, conditions));
}

export interface RuleSplit {
  /** Rules whose tags the observation gives them (from the sweep, else DescribeTags). */
  readonly toTag: readonly LiveBody[];
  /** Rules known only by the priority they hold. */
  readonly occupied: readonly OccupiedPriority[];
}

/** Splits the listeners' rules: all are tagged without a scope (a full pass); with one, those
 * the sweep already tagged (no call) and those `ruleOwnerNeeded` keeps. */
export function splitRules(rules: readonly LiveBody[], swept: ReadonlyMap<string, Tags>, scope: RuleTagScope | undefined): RuleSplit {
  if (scope === undefined) return { toTag: rules, occupied: [] };
  const toTag: LiveBody[] = [];
  const occupied: OccupiedPriority[] = [];
  for (const rule of rules) {
    const priority = rule.spec['priority'];
    const listenerArn = rule.aws.parentArn;
    const needed = swept.has(rule.aws.arn ?? '') || ruleOwnerNeeded(rule, scope);
    if (needed || typeof priority !== 'number' || listenerArn === undefined) toTag.push(rule);
    else occupied.push({ listenerArn, priority });
  }
  return { toTag, occupied };
}
