// What is in a cell account and its DNS, counted through the SDK the way an operator would
// check it by hand: to prove a pass left no duplicate and no orphan.
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, ListClustersCommand, ListServicesCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { TestClients } from './test-clients.js';

export interface Inventory {
  readonly loadBalancers: readonly string[];
  readonly listeners: number;
  readonly rules: readonly string[];
  readonly targetGroups: readonly string[];
  /** ACTIVE clusters by name. */
  readonly clusters: readonly string[];
  /** ACTIVE services as `cluster/service`. */
  readonly services: readonly string[];
  /** ACTIVE task definition revisions as `family:revision`. */
  readonly taskDefinitions: readonly string[];
  /** Endpoints not deleted, by Name tag. */
  readonly endpoints: readonly string[];
  /** Records of the zone other than NS/SOA, as `name|type|setIdentifier`. */
  readonly records: readonly string[];
}

export async function inventory(cell: TestClients, dns: TestClients, zone = 'example.com.'): Promise<Inventory> {
  const lbs = (await cell.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  let listeners = 0;
  const rules: string[] = [];
  for (const lb of lbs) {
    for (const l of (await cell.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners ?? []) {
      listeners += 1;
      const all = (await cell.elbv2.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }))).Rules ?? [];
      rules.push(...all.filter((r) => !r.IsDefault).map((r) => r.Priority!));
    }
  }
  const tgs = (await cell.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const clusterArns = (await cell.ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
  const described = clusterArns.length === 0 ? [] : (await cell.ecs.send(new DescribeClustersCommand({ clusters: clusterArns }))).clusters ?? [];
  const clusters = described.filter((c) => c.status === 'ACTIVE');
  const services: string[] = [];
  for (const c of clusters) {
    const arns = (await cell.ecs.send(new ListServicesCommand({ cluster: c.clusterArn }))).serviceArns ?? [];
    services.push(...arns.map((a) => `${c.clusterName}/${a.split('/').pop()}`));
  }
  const tds = (await cell.ecs.send(new ListTaskDefinitionsCommand({ status: 'ACTIVE' }))).taskDefinitionArns ?? [];
  const endpoints = ((await cell.ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [])
    // EC2 answers endpoint states in lowercase, whatever its API model's enum spells.
    .filter((e) => !['deleted', 'deleting'].includes((e.State ?? '').toLowerCase()))
    .map((e) => e.Tags?.find((t) => t.Key === 'Name')?.Value ?? e.VpcEndpointId!);
  const zoneId = (await dns.route53.send(new ListHostedZonesByNameCommand({ DNSName: zone }))).HostedZones?.[0]?.Id;
  const records = zoneId === undefined ? [] : ((await dns.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [])
    .filter((r) => r.Type !== 'NS' && r.Type !== 'SOA')
    .map((r) => `${r.Name}|${r.Type}|${r.SetIdentifier ?? ''}`);
  const sorted = (xs: readonly string[]) => [...xs].sort();
  return {
    loadBalancers: sorted(lbs.map((l) => l.LoadBalancerName!)),
    listeners,
    rules: sorted(rules),
    targetGroups: sorted(tgs.map((t) => t.TargetGroupName!)),
    clusters: sorted(clusters.map((c) => c.clusterName!)),
    services: sorted(services),
    taskDefinitions: sorted(tds.map((a) => a.split('/').pop()!)),
    endpoints: sorted(endpoints),
    records: sorted(records),
  };
}
