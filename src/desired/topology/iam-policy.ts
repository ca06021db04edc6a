// The controller's IAM policy, derived from a manifest set: least privilege that matches what
// the code calls (test/unit/deploy/iam-policy.test.ts holds the two together). Ownership is
// expressed the way each service lets IAM see it: a create must carry the ownership tag in the
// request, and where the new resource hangs off a parent (a listener off an ALB, a rule off a
// listener) the parent must carry it already; modify and delete need it on the resource. Where
// a service gives IAM no tag to look at, the statement narrows by what the manifests name
// instead (record names, role ARNs, cluster names, the networks referenced), and says so in
// its Sid. `tiered iam-policy <dir>` prints it; deploy/iam-policy.json is it for the examples.
import type { InfraGroup, ManifestSet, ResourceRef, Tier } from '../model.js';
import { tenantBaseName } from '../naming.js';
import { TAG, TAG_PREFIX } from '../tags.js';
import { partitionOf, roleArn } from './task-definitions.js';

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface IamPolicyOptions {
  /** The `tiered.dev/managed-by` value the controller owns (`--instance-id`). */
  readonly instanceId: string;
  /** The lease table's name (`--lease-table`). */
  readonly leaseTable: string;
}

/** What the controller reads; descriptions cannot be narrowed usefully by resource. */
export const READ_ACTIONS = [
  'tag:GetResources',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTags',
  'ecs:DescribeClusters',
  'ecs:DescribeServices',
  'ecs:DescribeTaskDefinition',
  'ecs:ListTaskDefinitions',
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcEndpoints',
  'route53:ListHostedZonesByName',
  'route53:GetHostedZone',
  'route53:ListResourceRecordSets',
  'route53:GetChange',
  'route53:TestDNSAnswer',
  'logs:DescribeLogGroups',
  'logs:ListTagsForResource',
  'cloudwatch:DescribeAlarms',
  'cloudwatch:ListTagsForResource',
  'application-autoscaling:DescribeScalableTargets',
  'application-autoscaling:DescribeScalingPolicies',
  'sts:GetCallerIdentity',
] as const;

/** A cell's account in its tier's region: where its infra groups' resources live. */
interface Place {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function arn(p: Place, service: string, resource: string): string {
  return `arn:${p.partition}:${service}:${p.region}:${p.account}:${resource}`;
}

interface Context {
  readonly set: ManifestSet;
  readonly tierOf: ReadonlyMap<string, Tier>;
  /** Per infra group (by `tier/cell/name`), where it lives. */
  readonly placeOf: (g: InfraGroup) => Place;
  readonly places: readonly Place[];
}

function context(set: ManifestSet): Context {
  const tierOf = new Map(set.tiers.map((t) => [t.name, t]));
  const cellPlace = new Map(
    set.cells.map((c) => {
      const region = tierOf.get(c.spec.tier)!.spec.region;
      return [`${c.spec.tier}/${c.name}`, { partition: partitionOf(region), region, account: c.spec.accountId }] as const;
    }),
  );
  const placeOf = (g: InfraGroup): Place => cellPlace.get(`${g.spec.tier}/${g.spec.cell}`)!;
  const unique = new Map([...cellPlace.values()].map((p) => [`${p.partition}:${p.region}:${p.account}`, p]));
  const places = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p);
  return { set, tierOf, placeOf, places };
}

/** The tag keys tiered writes: its own, and the Name that identifies an interface endpoint. */
const TAG_KEYS = [`${TAG_PREFIX}*`, 'Name'];

function ownedBy(instanceId: string): { readonly request: ConditionBlock; readonly resource: Readonly<Record<string, string>> } {
  return {
    request: {
      StringEquals: { [`aws:RequestTag/${TAG.managedBy}`]: instanceId },
      'ForAllValues:StringLike': { 'aws:TagKeys': TAG_KEYS },
    },
    resource: { [`aws:ResourceTag/${TAG.managedBy}`]: instanceId },
  };
}

/** A create whose new resource carries the tag and whose parent (the resource IAM sees) has it. */
function createUnderOwnedParent(sid: string, action: string, resources: readonly string[], instanceId: string): PolicyStatement {
  const owned = ownedBy(instanceId);
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: [action],
    Resource: resources,
    Condition: { ...owned.request, StringEquals: { ...owned.request['StringEquals'], ...owned.resource } },
  };
}

/** ECS checks CreateService against the new service only: the cluster is given by ARN
 * (`ecs:cluster`), never by its tags, so the clusters are narrowed by their names. */
function createService(ctx: Context, instanceId: string): PolicyStatement {
  const prefixes = ctx.set.infraGroups.map((g) => ({ place: ctx.placeOf(g), base: `${tenantBaseName({ tier: g.spec.tier, cell: g.spec.cell, infraGroup: g.name, tenant: '' })}` }));
  return {
    Sid: 'CreateServiceTaggedInTheInfraGroupsClusters',
    Effect: 'Allow',
    Action: ['ecs:CreateService'],
    Resource: sorted(prefixes.map((p) => arn(p.place, 'ecs', `service/${p.base}*/*`))),
    Condition: { ...ownedBy(instanceId).request, ArnLike: { 'ecs:cluster': sorted(prefixes.map((p) => arn(p.place, 'ecs', `cluster/${p.base}*`))) } },
  };
}

type NetworkKind = 'vpc' | 'subnet' | 'security-group';

function refs(g: InfraGroup): Array<{ readonly kind: NetworkKind; readonly ref: ResourceRef }> {
  const many = (kind: NetworkKind, r: ResourceRef | { readonly ids: readonly string[] }) => ('ids' in r ? r.ids.map((id) => ({ kind, ref: { id } })) : [{ kind, ref: r }]);
  return [{ kind: 'vpc' as const, ref: g.spec.vpc }, ...many('subnet', g.spec.subnets), ...many('security-group', g.spec.securityGroups)];
}

/** EC2 also authorizes the VPC, subnets and security groups an endpoint is created in: those
 * the manifests name by id, by ARN; those they name by Name tag, by that tag. */
function endpointNetworks(ctx: Context): PolicyStatement[] {
  const byId: string[] = [];
  const byName: string[] = [];
  const names: string[] = [];
  for (const g of ctx.set.infraGroups) {
    for (const { kind, ref } of refs(g)) {
      if ('id' in ref) byId.push(arn(ctx.placeOf(g), 'ec2', `${kind}/${ref.id}`));
      else {
        byName.push(arn(ctx.placeOf(g), 'ec2', `${kind}/*`));
        names.push(ref.name);
      }
    }
  }
  const out: PolicyStatement[] = [];
  if (byId.length > 0) {
    out.push({ Sid: 'CreateVpcEndpointInTheNetworksNamedByIdInTheManifests', Effect: 'Allow', Action: ['ec2:CreateVpcEndpoint'], Resource: sorted(byId) });
  }
  if (byName.length > 0) {
    out.push({
      Sid: 'CreateVpcEndpointInTheNetworksNamedByNameTagInTheManifests',
      Effect: 'Allow',
      Action: ['ec2:CreateVpcEndpoint'],
      Resource: sorted(byName),
      Condition: { StringEquals: { 'aws:ResourceTag/Name': sorted(names) } },
    });
  }
  return out;
}

/** Every role a task definition of the set may name, in every cell account of its tier. */
function passedRoles(ctx: Context): string[] {
  const names = new Map<string, Set<string>>();
  const add = (tier: string, ...roles: (string | undefined)[]) => {
    const set = names.get(tier) ?? new Set<string>();
    for (const r of roles) if (r !== undefined) set.add(r);
    names.set(tier, set);
  };
  for (const t of ctx.set.tiers) add(t.name, t.spec.workload.taskRoleName, t.spec.workload.executionRoleName);
  for (const t of ctx.set.tenants) add(t.spec.tier, t.spec.workload.taskRoleName, t.spec.workload.executionRoleName);
  const arns: string[] = [];
  for (const c of ctx.set.cells) {
    const region = ctx.tierOf.get(c.spec.tier)!.spec.region;
    for (const role of names.get(c.spec.tier) ?? []) arns.push(roleArn(region, c.spec.accountId, role));
  }
  return sorted(arns);
}

/** Route 53 records carry no tags: changes are narrowed to the zones, the record types tiered
 * writes (A aliases and their ownership TXT) and the names under each tier endpoint. */
function dnsRecords(ctx: Context): PolicyStatement {
  const zones = ctx.set.tiers.map((t) => ('id' in t.spec.dns.zone ? `arn:${partitionOf(t.spec.region)}:route53:::hostedzone/${t.spec.dns.zone.id}` : `arn:${partitionOf(t.spec.region)}:route53:::hostedzone/*`));
  const names = ctx.set.tiers.flatMap((t) => {
    const endpoint = t.spec.dns.endpoint.toLowerCase().replace(/\.$/, '');
    // `*.` covers the tenants' names, every `_tiered.` ownership TXT and the two-level tree's
    // cell names and `_tiered-cells.` TXT (docs/dns-tree.md).
    return [endpoint, `*.${endpoint}`];
  });
  return {
    Sid: 'Route53RecordsUnderTheTierEndpointsOnly',
    Effect: 'Allow',
    Action: ['route53:ChangeResourceRecordSets'],
    Resource: zones.some((z) => z.endsWith('/*')) ? sorted(zones.filter((z) => z.endsWith('/*'))) : sorted(zones),
    Condition: {
      'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT'] },
      'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': sorted(names) },
    },
  };
}

export function iamPolicyFor(set: ManifestSet, options: IamPolicyOptions): PolicyDocument {
  const ctx = context(set);
  const id = options.instanceId;
  const owned = ownedBy(id);
  const regions = sorted(set.tiers.map((t) => t.spec.region));
  const statements: PolicyStatement[] = [
    { Sid: 'ObserveBroadly', Effect: 'Allow', Action: [...READ_ACTIONS], Resource: '*' },
    {
      Sid: 'CreateOnlyWithTheOwnershipTag',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
        'ecs:CreateCluster',
        'ecs:RegisterTaskDefinition',
        'logs:CreateLogGroup',
        'cloudwatch:PutMetricAlarm',
        'application-autoscaling:RegisterScalableTarget',
      ],
      Resource: '*',
      Condition: owned.request,
    },
    createUnderOwnedParent('CreateListenerTaggedOnOwnedLoadBalancersOnly', 'elasticloadbalancing:CreateListener', ctx.places.map((p) => arn(p, 'elasticloadbalancing', 'loadbalancer/app/*/*')), id),
    createUnderOwnedParent('CreateRuleTaggedOnOwnedListenersOnly', 'elasticloadbalancing:CreateRule', ctx.places.map((p) => arn(p, 'elasticloadbalancing', 'listener/app/*/*/*')), id),
    createService(ctx, id),
    {
      Sid: 'CreateVpcEndpointOnlyWithTheOwnershipTag',
      Effect: 'Allow',
      Action: ['ec2:CreateVpcEndpoint'],
      Resource: ctx.places.map((p) => arn(p, 'ec2', 'vpc-endpoint/*')),
      Condition: owned.request,
    },
    ...endpointNetworks(ctx),
    {
      Sid: 'ElbTagOnlyAsPartOfCreate',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags'],
      Resource: '*',
      Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateListener', 'CreateLoadBalancer', 'CreateRule', 'CreateTargetGroup'] } },
    },
    {
      Sid: 'EcsTagOnlyAsPartOfCreate',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: '*',
      Condition: { StringEquals: { 'ecs:CreateAction': ['CreateCluster', 'CreateService', 'RegisterTaskDefinition'] } },
    },
    {
      Sid: 'Ec2TagOnlyAsPartOfCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: ctx.places.map((p) => arn(p, 'ec2', 'vpc-endpoint/*')),
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateVpcEndpoint' } },
    },
    {
      Sid: 'CorrectTagDriftOnOwnedResourcesOnly',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'ecs:TagResource', 'ec2:CreateTags', 'logs:TagResource', 'cloudwatch:TagResource'],
      Resource: '*',
      Condition: { StringEquals: owned.resource, 'ForAllValues:StringLike': { 'aws:TagKeys': TAG_KEYS } },
    },
    {
      Sid: 'ModifyAndDeleteOwnedResourcesOnly',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:SetRulePriorities',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:DeleteLoadBalancer',
        'ecs:UpdateService',
        'ecs:DeleteService',
        'ecs:DeleteCluster',
        'ec2:ModifyVpcEndpoint',
        'ec2:DeleteVpcEndpoints',
        'logs:PutRetentionPolicy',
        'logs:DeleteLogGroup',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
      ],
      Resource: '*',
      Condition: { StringEquals: owned.resource },
    },
    {
      // ECS gives IAM neither a resource nor a condition key for it: the tiers' regions are all
      // that can narrow it. tiered only deregisters revisions of families it tags as its own.
      Sid: 'DeregisterTaskDefinitionHasNoResourceLevelPermissionsSoOnlyInTheTiersRegions',
      Effect: 'Allow',
      Action: ['ecs:DeregisterTaskDefinition'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': regions } },
    },
    {
      Sid: 'PassTheRolesTheManifestsNameToEcsTasksOnly',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: passedRoles(ctx),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
    dnsRecords(ctx),
    {
      Sid: 'AssumeTheRolesTheManifestsName',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: sorted([...set.cells.map((c) => c.spec.roleArn), ...set.tiers.flatMap((t) => (t.spec.dns.roleArn !== undefined ? [t.spec.dns.roleArn] : []))]),
    },
    {
      Sid: 'TheLeaseTableOnly',
      Effect: 'Allow',
      Action: ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Scan', 'dynamodb:DeleteItem'],
      Resource: `arn:aws:dynamodb:*:*:table/${options.leaseTable}`,
    },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

export function renderIamPolicy(policy: PolicyDocument): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
