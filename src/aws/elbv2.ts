// The Elastic Load Balancing v2 operations tiered uses, and nothing else. Reads return flat
// arrays: Marker/NextMarker paging (PageSize 400) and ARN lists split 20 per call are hidden.
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RemoveTagsCommand,
  SetRulePrioritiesCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  AddTagsCommandInput,
  CreateListenerCommandInput,
  CreateListenerCommandOutput,
  CreateLoadBalancerCommandInput,
  CreateLoadBalancerCommandOutput,
  CreateRuleCommandInput,
  CreateRuleCommandOutput,
  CreateTargetGroupCommandInput,
  CreateTargetGroupCommandOutput,
  ElasticLoadBalancingV2Client,
  Listener,
  LoadBalancer,
  ModifyListenerCommandInput,
  ModifyListenerCommandOutput,
  ModifyRuleCommandInput,
  ModifyRuleCommandOutput,
  ModifyTargetGroupCommandInput,
  ModifyTargetGroupCommandOutput,
  RemoveTagsCommandInput,
  Rule,
  SetRulePrioritiesCommandInput,
  SetRulePrioritiesCommandOutput,
  SetSecurityGroupsCommandInput,
  SetSubnetsCommandInput,
  TagDescription,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { collectChunks, collectPages } from './paging.js';

/** AWS: the largest PageSize the ELBv2 describes accept. */
export const ELBV2_PAGE_SIZE = 400;
/** AWS: at most 20 ARNs (or names) per DescribeTargetGroups/DescribeLoadBalancers/DescribeTags. */
export const ELBV2_IDS_PER_CALL = 20;

export type LoadBalancerFilter = { readonly arns: readonly string[] } | { readonly names: readonly string[] };
export type TargetGroupFilter =
  | { readonly loadBalancerArn: string }
  | { readonly arns: readonly string[] }
  | { readonly names: readonly string[] };
export type ListenerFilter = { readonly loadBalancerArn: string } | { readonly arns: readonly string[] };
export type RuleFilter = { readonly listenerArn: string } | { readonly arns: readonly string[] };

export interface Elbv2Api {
  createLoadBalancer(input: CreateLoadBalancerCommandInput): Promise<CreateLoadBalancerCommandOutput>;
  /** Every load balancer of the account and region, or only those named. */
  describeLoadBalancers(filter?: LoadBalancerFilter): Promise<LoadBalancer[]>;
  deleteLoadBalancer(loadBalancerArn: string): Promise<void>;
  setSubnets(input: SetSubnetsCommandInput): Promise<void>;
  setSecurityGroups(input: SetSecurityGroupsCommandInput): Promise<void>;

  createListener(input: CreateListenerCommandInput): Promise<CreateListenerCommandOutput>;
  describeListeners(filter: ListenerFilter): Promise<Listener[]>;
  modifyListener(input: ModifyListenerCommandInput): Promise<ModifyListenerCommandOutput>;
  deleteListener(listenerArn: string): Promise<void>;

  createTargetGroup(input: CreateTargetGroupCommandInput): Promise<CreateTargetGroupCommandOutput>;
  /** Every target group, those of one load balancer, or those named by ARN or name. */
  describeTargetGroups(filter?: TargetGroupFilter): Promise<TargetGroup[]>;
  modifyTargetGroup(input: ModifyTargetGroupCommandInput): Promise<ModifyTargetGroupCommandOutput>;
  /** Sets the given attributes (e.g. `deregistration_delay.timeout_seconds`); others keep theirs. */
  modifyTargetGroupAttributes(targetGroupArn: string, attributes: Readonly<Record<string, string>>): Promise<void>;
  deleteTargetGroup(targetGroupArn: string): Promise<void>;

  createRule(input: CreateRuleCommandInput): Promise<CreateRuleCommandOutput>;
  describeRules(filter: RuleFilter): Promise<Rule[]>;
  modifyRule(input: ModifyRuleCommandInput): Promise<ModifyRuleCommandOutput>;
  setRulePriorities(input: SetRulePrioritiesCommandInput): Promise<SetRulePrioritiesCommandOutput>;
  deleteRule(ruleArn: string): Promise<void>;

  addTags(input: AddTagsCommandInput): Promise<void>;
  removeTags(input: RemoveTagsCommandInput): Promise<void>;
  /** Tags of any number of load balancers, target groups, listeners or rules. */
  describeTags(resourceArns: readonly string[]): Promise<TagDescription[]>;
  /** The targets registered in a target group and their health (a move's gate: docs/moves.md). */
  describeTargetHealth(targetGroupArn: string): Promise<TargetHealthDescription[]>;
}

interface MarkerPage<T> {
  readonly items: readonly T[] | undefined;
  readonly NextMarker?: string | undefined;
}

/** Every page of one ELBv2 describe, following NextMarker. */
function allPages<T>(call: (page: { Marker?: string; PageSize: number }) => Promise<MarkerPage<T>>): Promise<T[]> {
  return collectPages<T, string>(async (marker) => {
    const page = await call(marker === undefined ? { PageSize: ELBV2_PAGE_SIZE } : { Marker: marker, PageSize: ELBV2_PAGE_SIZE });
    return { items: page.items, next: page.NextMarker };
  });
}

/** Every page for each chunk of 20 identifiers; an empty list asks nothing (the API would
 * read an empty list as "everything"). */
function allPagesById<T>(
  ids: readonly string[],
  call: (ids: string[], page: { Marker?: string; PageSize: number }) => Promise<MarkerPage<T>>,
): Promise<T[]> {
  return collectChunks(ids, ELBV2_IDS_PER_CALL, (chunk) => allPages((page) => call(chunk, page)));
}

export function elbv2Api(client: ElasticLoadBalancingV2Client): Elbv2Api {
  return {
    createLoadBalancer: (input) => client.send(new CreateLoadBalancerCommand(input)),
    describeLoadBalancers: (filter) => {
      const describe = async (selector: { LoadBalancerArns?: string[]; Names?: string[] }, page: { Marker?: string; PageSize: number }) => {
        const out = await client.send(new DescribeLoadBalancersCommand({ ...selector, ...page }));
        return { items: out.LoadBalancers, NextMarker: out.NextMarker };
      };
      if (filter === undefined) return allPages((page) => describe({}, page));
      if ('arns' in filter) return allPagesById(filter.arns, (ids, page) => describe({ LoadBalancerArns: ids }, page));
      return allPagesById(filter.names, (ids, page) => describe({ Names: ids }, page));
    },
    deleteLoadBalancer: async (arn) => {
      await client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    },
    setSubnets: async (input) => {
      await client.send(new SetSubnetsCommand(input));
    },
    setSecurityGroups: async (input) => {
      await client.send(new SetSecurityGroupsCommand(input));
    },

    createListener: (input) => client.send(new CreateListenerCommand(input)),
    describeListeners: (filter) => {
      const describe = async (selector: { LoadBalancerArn?: string; ListenerArns?: string[] }, page: { Marker?: string; PageSize: number }) => {
        const out = await client.send(new DescribeListenersCommand({ ...selector, ...page }));
        return { items: out.Listeners, NextMarker: out.NextMarker };
      };
      if ('loadBalancerArn' in filter) return allPages((page) => describe({ LoadBalancerArn: filter.loadBalancerArn }, page));
      return allPagesById(filter.arns, (ids, page) => describe({ ListenerArns: ids }, page));
    },
    modifyListener: (input) => client.send(new ModifyListenerCommand(input)),
    deleteListener: async (arn) => {
      await client.send(new DeleteListenerCommand({ ListenerArn: arn }));
    },

    createTargetGroup: (input) => client.send(new CreateTargetGroupCommand(input)),
    describeTargetGroups: (filter) => {
      const describe = async (
        selector: { LoadBalancerArn?: string; TargetGroupArns?: string[]; Names?: string[] },
        page: { Marker?: string; PageSize: number },
      ) => {
        const out = await client.send(new DescribeTargetGroupsCommand({ ...selector, ...page }));
        return { items: out.TargetGroups, NextMarker: out.NextMarker };
      };
      if (filter === undefined) return allPages((page) => describe({}, page));
      if ('loadBalancerArn' in filter) return allPages((page) => describe({ LoadBalancerArn: filter.loadBalancerArn }, page));
      if ('arns' in filter) return allPagesById(filter.arns, (ids, page) => describe({ TargetGroupArns: ids }, page));
      return allPagesById(filter.names, (ids, page) => describe({ Names: ids }, page));
    },
    modifyTargetGroup: (input) => client.send(new ModifyTargetGroupCommand(input)),
    modifyTargetGroupAttributes: async (arn, attributes) => {
      const Attributes = Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
      await client.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes }));
    },
    deleteTargetGroup: async (arn) => {
      await client.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
    },

    createRule: (input) => client.send(new CreateRuleCommand(input)),
    describeRules: (filter) => {
      const describe = async (selector: { ListenerArn?: string; RuleArns?: string[] }, page: { Marker?: string; PageSize: number }) => {
        const out = await client.send(new DescribeRulesCommand({ ...selector, ...page }));
        return { items: out.Rules, NextMarker: out.NextMarker };
      };
      if ('listenerArn' in filter) return allPages((page) => describe({ ListenerArn: filter.listenerArn }, page));
      return allPagesById(filter.arns, (ids, page) => describe({ RuleArns: ids }, page));
    },
    modifyRule: (input) => client.send(new ModifyRuleCommand(input)),
    setRulePriorities: (input) => client.send(new SetRulePrioritiesCommand(input)),
    deleteRule: async (arn) => {
      await client.send(new DeleteRuleCommand({ RuleArn: arn }));
    },

    addTags: async (input) => {
      await client.send(new AddTagsCommand(input));
    },
    removeTags: async (input) => {
      await client.send(new RemoveTagsCommand(input));
    },
    describeTags: (arns) =>
      collectChunks(arns, ELBV2_IDS_PER_CALL, async (chunk) => {
        const out = await client.send(new DescribeTagsCommand({ ResourceArns: chunk }));
        return out.TagDescriptions ?? [];
      }),
    describeTargetHealth: async (arn) => (await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? [],
  };
}
