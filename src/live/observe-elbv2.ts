// A cell's ELBv2 share of a tier: load balancers and target groups by the ARNs the tagging
// sweep found (20 per call; target groups listed instead when there are more than 400), listeners
// per owned ALB, every rule of those listeners (foreign rules included: their priorities are
// taken), and the tags the sweep could not give (listeners and rules) in DescribeTags calls of
// 20. A scoped pass asks the tags of only the rules its plan can weigh (rules-to-tag.ts).
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Elbv2Api } from '../aws/elbv2.js';
import { ELBV2_PAGE_SIZE } from '../aws/elbv2.js';
import type { LiveResource, OccupiedPriority } from '../plan/live-resource.js';
import { listenerBody, loadBalancerBody, ruleBody, targetGroupBody } from './elbv2-specs.js';
import type { RuleTagScope } from './rules-to-tag.js';
import { splitRules } from './rules-to-tag.js';
import type { Tags, TaggedIndex } from './tagged-index.js';
import { tagRecord } from '../aws/tag-record.js';
import { tie } from './tags.js';
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

export interface Elbv2Observation {
  readonly resources: readonly LiveResource[];
  /** Rules read only for their priority (a scoped pass). */
  readonly occupied: readonly OccupiedPriority[];
}

/** `adoptArns`: ALBs named by `loadBalancerArn` in the manifests, described even untagged so that
 * the diff can adopt them (only those the sweep did not already find cost a call). `ruleRoutes`:
 * the routes of a scoped pass's tenants (scopeRoutes); absent in a full pass, which reads the
 * owner of every rule. */
export async function observeElbv2(
  elbv2: Elbv2Api,
  site: CellSite,
  tagged: TaggedIndex,
  adoptArns: readonly string[],
  ruleRoutes?: RuleTagScope['routes'],
): Promise<Elbv2Observation> {
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
  // Bodies first (they do not depend on tags), so that a scoped pass can tell which it must tie.
  const bodies = rules.flatMap(({ rule, listenerArn }) => ruleBody(rule, listenerArn, {}, site.account) ?? []);
  const scope = ruleRoutes === undefined ? undefined : { routes: ruleRoutes, targetGroups: new Set(tagged.targetGroups.keys()) };
  const { toTag, occupied } = splitRules(bodies, tagged.rules, scope);
  const ruleArns = toTag.flatMap((r) => (r.aws.arn === undefined ? [] : [r.aws.arn]));
  const listenerArns = listeners.flatMap((l) => (l.ListenerArn === undefined ? [] : [l.ListenerArn]));
  const tags = await tagsOf(elbv2, [...listenerArns, ...ruleArns], new Map([...tagged.listeners, ...tagged.rules]));
  for (const l of listeners) out.push(tie(listenerBody(l, tags.get(l.ListenerArn ?? '') ?? {}, site.account), site.instanceId));
  for (const body of toTag) out.push(tie({ ...body, tags: tags.get(body.aws.arn ?? '') ?? {} }, site.instanceId));

  for (const tg of await targetGroupsOf(elbv2, tagged)) {
    out.push(tie(targetGroupBody(tg, tagged.targetGroups.get(tg.TargetGroupArn ?? '') ?? {}, site.account), site.instanceId));
  }
  return { resources: out, occupied };
}
