// Creates a desired topology in (local) AWS with the SDK, the way tiered's reconcilers create
// it — same names, same tags, same fields — so that discovery can be checked against it. Only
// creates, in the topology's dependency order; the real reconcilers live in src/reconcilers.
import type { AwsClientFactory } from '../../src/aws/clients.js';
import type { DesiredResource, DesiredTopology, RefAttr } from '../../src/desired/topology/resource.js';
import { TAG } from '../../src/desired/tags.js';
import { resolveValue } from '../../src/plan/resolve.js';
import type { PlanValue } from '../../src/plan/action.js';
import { normaliseAliasTarget } from '../../src/live/dns-name.js';

type Attrs = Partial<Record<RefAttr, string>>;
type Obj = Readonly<Record<string, PlanValue>>;

const elbTags = (t: Readonly<Record<string, string>>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const ecsTags = (t: Readonly<Record<string, string>>) => Object.entries(t).map(([key, value]) => ({ key, value }));
const strs = (v: PlanValue | undefined): string[] => (Array.isArray(v) ? v.map(String) : []);

export interface BuildOptions {
  readonly lookups: ReadonlyMap<string, string | readonly string[]>;
  readonly zoneId: string;
  /** Skip these keys (to leave something missing on purpose). */
  readonly skip?: ReadonlySet<string>;
}

async function create(d: DesiredResource, spec: Obj, factory: AwsClientFactory, o: BuildOptions, known: ReadonlyMap<string, Attrs>): Promise<Attrs> {
  const parent = (): string => String(d.identity.parent === undefined ? '' : resolveValue(d.identity.parent, { known, lookups: o.lookups, missingLookups: new Set() }));
  if (d.scope.kind === 'zone') {
    const r53 = factory.clients({ region: 'us-east-1' }).route53;
    const alias = spec['alias'] as Obj | undefined;
    await r53.changeResourceRecordSets(o.zoneId, {
      Changes: [{
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: String(spec['name']), Type: spec['type'] as 'A' | 'TXT', SetIdentifier: String(spec['setIdentifier']), Weight: Number(spec['weight']),
          ...(alias !== undefined
            ? { AliasTarget: { DNSName: `dualstack.${String(alias['dnsName'])}.`, HostedZoneId: String(alias['hostedZoneId']), EvaluateTargetHealth: alias['evaluateTargetHealth'] === true } }
            : { TTL: 300, ResourceRecords: [{ Value: String(spec['value']) }] }),
        },
      }],
    });
    return {};
  }
  const aws = factory.clients({ region: d.scope.region, roleArn: d.scope.roleArn });
  switch (d.kind) {
    case 'load-balancer': {
      const out = await aws.elbv2.createLoadBalancer({
        Name: String(spec['name']), Type: 'application', Scheme: 'internal', Subnets: strs(spec['subnets']), SecurityGroups: strs(spec['securityGroups']), Tags: elbTags(d.tags),
      });
      const lb = out.LoadBalancers?.[0];
      return { arn: lb?.LoadBalancerArn ?? '', dnsName: normaliseAliasTarget(lb?.DNSName ?? ''), canonicalHostedZoneId: lb?.CanonicalHostedZoneId ?? '' };
    }
    case 'listener': {
      const action = spec['defaultAction'] as Obj;
      const out = await aws.elbv2.createListener({
        LoadBalancerArn: parent(), Protocol: spec['protocol'] as 'HTTPS', Port: Number(spec['port']),
        ...(spec['certificateArn'] !== undefined ? { Certificates: [{ CertificateArn: String(spec['certificateArn']) }] } : {}),
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: String(action['statusCode']), ContentType: String(action['contentType']), MessageBody: String(action['messageBody']) } }],
        Tags: elbTags(d.tags),
      });
      return { arn: out.Listeners?.[0]?.ListenerArn ?? '' };
    }
    case 'interface-endpoint': {
      const out = await aws.ec2.createVpcEndpoint({
        VpcEndpointType: 'Interface', ServiceName: String(spec['serviceName']), VpcId: String(spec['vpcId']),
        SubnetIds: strs(spec['subnetIds']), SecurityGroupIds: strs(spec['securityGroupIds']),
        TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: elbTags(d.tags) }],
      });
      return { id: out.VpcEndpoint?.VpcEndpointId ?? '' };
    }
    case 'target-group': {
      const hc = spec['healthCheck'] as Obj;
      const out = await aws.elbv2.createTargetGroup({
        Name: String(spec['name']), Protocol: 'HTTP', Port: Number(spec['port']), TargetType: 'ip', VpcId: String(spec['vpcId']),
        HealthCheckProtocol: 'HTTP', HealthCheckPath: String(hc['path']),
        // As tiered leaves it: the delay set, and recorded in its tag (src/reconcilers/elbv2/target-group.ts).
        Tags: [...elbTags(d.tags), { Key: TAG.deregistrationDelay, Value: String(spec['deregistrationDelay']) }],
      });
      const arn = out.TargetGroups?.[0]?.TargetGroupArn ?? '';
      await aws.elbv2.modifyTargetGroupAttributes(arn, { 'deregistration_delay.timeout_seconds': String(spec['deregistrationDelay']) });
      return { arn };
    }
    case 'ecs-cluster': {
      const out = await aws.ecs.createCluster({ clusterName: String(spec['name']), tags: ecsTags(d.tags) });
      return { arn: out.cluster?.clusterArn ?? '' };
    }
    case 'task-definition': {
      const c = spec['container'] as Obj;
      const out = await aws.ecs.registerTaskDefinition({
        family: String(spec['family']), requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc',
        cpu: String(spec['cpu']), memory: String(spec['memory']), taskRoleArn: String(spec['taskRoleArn']), executionRoleArn: String(spec['executionRoleArn']),
        containerDefinitions: [{
          name: String(c['name']), image: String(c['image']),
          portMappings: (c['portMappings'] as Obj[]).map((p) => ({ containerPort: Number(p['containerPort']), protocol: 'tcp' as const })),
          environment: Object.entries(c['environment'] as Obj).map(([name, value]) => ({ name, value: String(value) })),
          ...(c['logConfiguration'] !== undefined
            ? { logConfiguration: { logDriver: 'awslogs' as const, options: Object.fromEntries(Object.entries((c['logConfiguration'] as Obj)['options'] as Obj).map(([k, v]) => [k, String(v)])) } }
            : {}),
        }],
        tags: ecsTags(d.tags),
      });
      return { arn: out.taskDefinition?.taskDefinitionArn ?? '' };
    }
    case 'listener-rule': {
      const cond = spec['conditions'] as Obj;
      const conditions = [
        ...(cond['pathPattern'] !== undefined ? [{ Field: 'path-pattern', PathPatternConfig: { Values: strs(cond['pathPattern']) } }] : []),
        ...(cond['hostHeader'] !== undefined ? [{ Field: 'host-header', HostHeaderConfig: { Values: strs(cond['hostHeader']) } }] : []),
        ...(cond['httpHeader'] !== undefined
          ? [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: String((cond['httpHeader'] as Obj)['name']), Values: strs((cond['httpHeader'] as Obj)['values']) } }]
          : []),
      ];
      const out = await aws.elbv2.createRule({
        ListenerArn: parent(), Priority: Number(spec['priority']), Conditions: conditions,
        Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: (spec['forward'] as Obj[]).map((f) => ({ TargetGroupArn: String(f['targetGroupArn']), Weight: Number(f['weight']) })) } }],
        Tags: elbTags(d.tags),
      });
      return { arn: out.Rules?.[0]?.RuleArn ?? '' };
    }
    case 'ecs-service': {
      const net = spec['network'] as Obj;
      const lb = spec['loadBalancer'] as Obj;
      const out = await aws.ecs.createService({
        cluster: parent(), serviceName: String(spec['name']), taskDefinition: String(spec['taskDefinition']),
        desiredCount: Number(spec['desiredCount'] ?? 1), launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: strs(net['subnets']), securityGroups: strs(net['securityGroups']), assignPublicIp: 'DISABLED' } },
        loadBalancers: [{ targetGroupArn: String(lb['targetGroupArn']), containerName: String(lb['containerName']), containerPort: Number(lb['containerPort']) }],
        ...(spec['deploymentCircuitBreaker'] !== undefined
          ? { deploymentConfiguration: { deploymentCircuitBreaker: { enable: (spec['deploymentCircuitBreaker'] as Obj)['enable'] === true, rollback: (spec['deploymentCircuitBreaker'] as Obj)['rollback'] === true } } }
          : {}),
        tags: ecsTags(d.tags),
      });
      return { arn: out.service?.serviceArn ?? '' };
    }
    case 'log-group': {
      const name = String(spec['name']);
      await aws.logs.createLogGroup(name, { ...d.tags, 'tiered.dev/delete-with-tier': String(spec['deleteWithTier']) });
      await aws.logs.putRetentionPolicy(name, Number(spec['retentionInDays']));
      return {};
    }
    case 'scalable-target': {
      const arn = await aws.autoscaling.registerScalableTarget({
        ServiceNamespace: 'ecs', ResourceId: String(spec['resourceId']), ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: Number(spec['minCapacity']), MaxCapacity: Number(spec['maxCapacity']), Tags: { ...d.tags },
      });
      return { arn: arn ?? '' };
    }
    case 'scaling-policy': {
      const arn = await aws.autoscaling.putScalingPolicy({
        ServiceNamespace: 'ecs', PolicyName: String(spec['policyName']), ResourceId: String(spec['resourceId']), ScalableDimension: 'ecs:service:DesiredCount',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: Number(spec['targetValue']), PredefinedMetricSpecification: { PredefinedMetricType: spec['metric'] as 'ECSServiceAverageCPUUtilization' },
        },
      });
      return { arn: arn ?? '' };
    }
    default:
      throw new Error(`buildLiveTier: no builder for ${d.kind}`);
  }
}

/** Creates every resource of `topology` (in its dependency order); returns their attributes by key. */
export async function buildLiveTier(topology: DesiredTopology, factory: AwsClientFactory, o: BuildOptions): Promise<ReadonlyMap<string, Attrs>> {
  const known = new Map<string, Attrs>();
  for (const d of topology.resources) {
    if (o.skip?.has(d.key) === true) continue;
    const spec = resolveValue(d.spec, { known, lookups: o.lookups, missingLookups: new Set() }) as Obj;
    known.set(d.key, await create(d, spec, factory, o, known));
  }
  return known;
}
