// A tenant's listener rule: matches the tenant (path, host or header) and forwards to all its
// clusters' target groups, weighted. Conditions and forward are fixed with ModifyRule, the
// priority with SetRulePriorities, each only when its own fields drifted.
import type {
  Action as ElbAction,
  CreateRuleCommandInput,
  ModifyRuleCommandInput,
  RuleCondition,
  SetRulePrioritiesCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError } from '../../aws/errors.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { driftedFields, liveArn, required, specToSend, tagList } from '../reconciler.js';
import { elbv2InTheWay, existingOurs } from '../existing-ours.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { list, num, obj, str, strs } from '../resolved-fields.js';

/** The tenant's conditions (topology/listener-rules.ts's tenantRuleConditions) in ELBv2's shape. */
export function awsRuleConditions(spec: ResolvedSpec): RuleCondition[] {
  const c = obj(spec, 'conditions');
  const out: RuleCondition[] = [];
  if (c['pathPattern'] !== undefined) out.push({ Field: 'path-pattern', PathPatternConfig: { Values: strs(c, 'pathPattern') } });
  if (c['hostHeader'] !== undefined) out.push({ Field: 'host-header', HostHeaderConfig: { Values: strs(c, 'hostHeader') } });
  if (c['httpHeader'] !== undefined) {
    const h = obj(c, 'httpHeader');
    out.push({ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: str(h, 'name'), Values: strs(h, 'values') } });
  }
  if (out.length === 0) throw new Error(`rule conditions ${JSON.stringify(c)} name no known match`);
  return out;
}

export function forwardActions(spec: ResolvedSpec): ElbAction[] {
  const targets = list(spec, 'forward').map((f) => ({ TargetGroupArn: str(f, 'targetGroupArn'), Weight: num(f, 'weight') }));
  return [{ Type: 'forward', ForwardConfig: { TargetGroups: targets } }];
}

export function createRuleInput(listenerArn: string, spec: ResolvedSpec, tags: Readonly<Record<string, string>>): CreateRuleCommandInput {
  return {
    ListenerArn: listenerArn,
    Priority: num(spec, 'priority'),
    Conditions: awsRuleConditions(spec),
    Actions: forwardActions(spec),
    Tags: tagList(tags),
  };
}

export function modifyRuleInput(ruleArn: string, spec: ResolvedSpec): ModifyRuleCommandInput {
  return { RuleArn: ruleArn, Conditions: awsRuleConditions(spec), Actions: forwardActions(spec) };
}

export function setPriorityInput(ruleArn: string, spec: ResolvedSpec): SetRulePrioritiesCommandInput {
  return { RulePriorities: [{ RuleArn: ruleArn, Priority: num(spec, 'priority') }] };
}

/** PriorityInUse by a rule a lost create answer left: ours only if tagged ours; then fixed. */
async function existingRule(env: ActionEnv, desired: DesiredResource, listenerArn: string, spec: ResolvedSpec): Promise<string> {
  const priority = String(num(spec, 'priority'));
  const rules = await env.read(() => env.clients.elbv2.describeRules({ listenerArn }));
  const found = rules.find((r) => r.Priority === priority)?.RuleArn;
  const inTheWay = await elbv2InTheWay(env, found, found);
  const arn = existingOurs(env, desired, inTheWay, { code: 'PriorityInUse', message: `priority ${priority} of ${listenerArn} is held by a rule that is not ours` });
  await env.mutate(() => env.clients.elbv2.modifyRule(modifyRuleInput(arn, spec)));
  return arn;
}

async function fixDrift(env: ActionEnv, arn: string, desired: DesiredResource, fields: ReadonlySet<string>): Promise<void> {
  const spec = specToSend(env.store, desired);
  if (fields.has('conditions') || fields.has('forward')) await env.mutate(() => env.clients.elbv2.modifyRule(modifyRuleInput(arn, spec)));
  if (fields.has('priority')) await env.mutate(() => env.clients.elbv2.setRulePriorities(setPriorityInput(arn, spec)));
}

export const listenerRuleReconciler: Reconciler = {
  async create(env, desired) {
    const spec = specToSend(env.store, desired);
    const listenerArn = env.store.attr(required(desired.identity.parent, `the listener of ${desired.key}`));
    try {
      const out = await env.mutate(() => env.clients.elbv2.createRule(createRuleInput(listenerArn, spec, desired.tags)));
      return { arn: required(out.Rules?.[0]?.RuleArn, 'RuleArn') };
    } catch (err) {
      if (isAwsError(err, 'PriorityInUse')) return { arn: await existingRule(env, desired, listenerArn, spec) };
      throw err;
    }
  },
  async update(env, action) {
    await fixDrift(env, liveArn(action), action.desired, driftedFields(action.changes));
    return action.live.attrs;
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.elbv2.addTags({ ResourceArns: [arn], Tags: tagList(action.desired.tags) }));
    await fixDrift(env, arn, action.desired, driftedFields(action.changes));
    return { ...action.live.attrs, arn };
  },
  async delete(env, action) {
    try {
      await env.mutate(() => env.clients.elbv2.deleteRule(liveArn(action)));
    } catch (err) {
      if (!isAwsError(err, 'RuleNotFound')) throw err;
    }
  },
};
