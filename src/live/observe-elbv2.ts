// A cell's ELBv2 share of a tier: load balancers and target groups by the ARNs the tagging
// sweep found (20 per call; target groups listed instead when there are more than 400), listeners per owned ALB, every rule of those listeners (foreign
// rules included: their priorities are taken), and the tags the sweep could not give (listeners
// and rules) in DescribeTags calls of 20.
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2Api } from '../aws/elbv2.js';
import { ELBV2_PAGE_SIZE } from '../aws/elbv2.js';
import type { LiveResource } from '../plan/live-resource.js';
import { listenerBody, loadBalancerBody, ruleBody, targetGroupBody } from './elbv2-specs.js';
import type { Tags, TaggedIndex } from './tagged-index.js';
import { tagRecord, tie } from './tags.js';
import { describeSkippingMissing } from './tolerant.js';

export interface CellSite {
  readonly account: string;
  readonly instanceId: string;
}

/** Tags of `arns`, from the sweep where it had them, else one DescribeTags per 20. */
async function tagsOf(elbv2: Elbv2Api, arns: readonly string[], known: ReadonlyMap<string, Tags>): Promise<Map<string, Tags>> {
  const out = new Map<string, Tags>();
  const unknown: string[] = [];
  for (const arn of arns) {
    const tags = known.get(arn);
    if (tags !== undefined) out.set(arn, tags);
    else unknown.push(arn);
  }
  for (const d of await describeSkippingMissing(unknown, (ids) => elbv2.describeTags(ids))) {
    if (d.ResourceArn !== undefined) out.set(d.ResourceArn, tagRecord(d.Tags));
  }
  return out;
}

/** Above this many target groups (20 calls by ARN, 20 a call), listing the account in pages of
 * 400 costs fewer calls: the account's total is unknown up front, but it lists in 20 pages up
 * to 8,000 target groups. A scoped pass names few ARNs and stays by ARN. */
export const TARGET_GROUP_LIST_ABOVE = ELBV2_PAGE_SIZE;

/** The target groups the sweep found, described by ARN or, when there are many, listed. */
async function targetGroupsOf(elbv2: Elbv2Api, tagged: TaggedIndex): Promise<TargetGroup[]> {
  const arns = [...tagged.targetGroups.keys()];
  if (arns.length <= TARGET_GROUP_LIST_ABOVE) return describeSkippingMissing(arns, (ids) => elbv2.describeTargetGroups({ arns: ids }));
  return (await elbv2.describeTargetGroups()).filter((tg) => tagged.targetGroups.has(tg.TargetGroupArn ?? ''));
}

/** `adoptArns`: ALBs named by `loadBalancerArn` in the manifests, described even untagged so that
 * the diff can adopt them (only those the sweep did not already find cost a call). */
export async function observeElbv2(
  elbv2: Elbv2Api,
  site: CellSite,
  tagged: TaggedIndex,
  adoptArns: readonly string[],
): Promise<LiveResource[]> {
  const out: LiveResource[] = [];
  const lbArns = [...tagged.loadBalancers.keys()];
  const untaggedAdopt = adoptArns.filter((a) => !tagged.loadBalancers.has(a));
  const lbs = [
    ...(await describeSkippingMissing(lbArns, (ids) => elbv2.describeLoadBalancers({ arns: ids }))),
    ...(await describeSkippingMissing(untaggedAdopt, (ids) => elbv2.describeLoadBalancers({ arns: ids }))),
  ];
  const ownedLbs: string[] = [];
  for (const lb of lbs) {
    const live = tie(loadBalancerBody(lb, tagged.loadBalancers.get(lb.LoadBalancerArn ?? '') ?? {}, site.account), site.instanceId);
    out.push(live);
    if (live.ownership === 'ours' && lb.LoadBalancerArn !== undefined) ownedLbs.push(lb.LoadBalancerArn);
  }

  const listeners = [];
  for (const lbArn of ownedLbs) listeners.push(...(await elbv2.describeListeners({ loadBalancerArn: lbArn })));
  const rules = [];
  for (const l of listeners) {
    if (l.ListenerArn === undefined) continue;
    for (const r of await elbv2.describeRules({ listenerArn: l.ListenerArn })) rules.push({ rule: r, listenerArn: l.ListenerArn });
  }
  const ruleArns = rules.flatMap(({ rule }) => (rule.IsDefault === true || rule.RuleArn === undefined ? [] : [rule.RuleArn]));
  const listenerArns = listeners.flatMap((l) => (l.ListenerArn === undefined ? [] : [l.ListenerArn]));
  const tags = await tagsOf(elbv2, [...listenerArns, ...ruleArns], new Map([...tagged.listeners, ...tagged.rules]));
  for (const l of listeners) out.push(tie(listenerBody(l, tags.get(l.ListenerArn ?? '') ?? {}, site.account), site.instanceId));
  for (const { rule, listenerArn } of rules) {
    const body = ruleBody(rule, listenerArn, tags.get(rule.RuleArn ?? '') ?? {}, site.account);
    if (body !== undefined) out.push(tie(body, site.instanceId));
  }

  for (const tg of await targetGroupsOf(elbv2, tagged)) {
    out.push(tie(targetGroupBody(tg, tagged.targetGroups.get(tg.TargetGroupArn ?? '') ?? {}, site.account), site.instanceId));
  }
  return out;
}
