// The EC2 operations tiered uses: reading the network it is pointed at (VPCs, subnets, security
// groups by id or Name tag), its interface endpoints, and, for local bootstrap only, creating
// that network. Describes follow NextToken and return flat arrays.
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import type {
  AvailabilityZone,
  CreateSecurityGroupCommandInput,
  CreateSecurityGroupCommandOutput,
  CreateSubnetCommandInput,
  CreateSubnetCommandOutput,
  CreateTagsCommandInput,
  CreateVpcCommandInput,
  CreateVpcCommandOutput,
  CreateVpcEndpointCommandInput,
  CreateVpcEndpointCommandOutput,
  EC2Client,
  Filter,
  ModifyVpcEndpointCommandInput,
  ModifyVpcEndpointCommandOutput,
  SecurityGroup,
  Subnet,
  UnsuccessfulItem,
  Vpc,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { collectPages } from './paging.js';

/** AWS: the largest MaxResults of the EC2 describes used here. */
export const EC2_PAGE_SIZE = 1000;

/** Select by ids, by filters (e.g. `tag:Name`), or both; nothing selects everything. */
export interface Ec2Selector {
  readonly ids?: readonly string[];
  readonly filters?: readonly Filter[];
}

export interface Ec2Api {
  describeVpcs(selector?: Ec2Selector): Promise<Vpc[]>;
  describeSubnets(selector?: Ec2Selector): Promise<Subnet[]>;
  describeSecurityGroups(selector?: Ec2Selector): Promise<SecurityGroup[]>;

  createVpcEndpoint(input: CreateVpcEndpointCommandInput): Promise<CreateVpcEndpointCommandOutput>;
  describeVpcEndpoints(selector?: Ec2Selector): Promise<VpcEndpoint[]>;
  modifyVpcEndpoint(input: ModifyVpcEndpointCommandInput): Promise<ModifyVpcEndpointCommandOutput>;
  /** EC2 reports per-endpoint failures in the answer, not as an error: they are returned. */
  deleteVpcEndpoints(vpcEndpointIds: readonly string[]): Promise<UnsuccessfulItem[]>;
  createTags(input: CreateTagsCommandInput): Promise<void>;

  // Local bootstrap only: tiered never creates the network it runs in.
  createVpc(input: CreateVpcCommandInput): Promise<CreateVpcCommandOutput>;
  createSubnet(input: CreateSubnetCommandInput): Promise<CreateSubnetCommandOutput>;
  createSecurityGroup(input: CreateSecurityGroupCommandInput): Promise<CreateSecurityGroupCommandOutput>;
  describeAvailabilityZones(): Promise<AvailabilityZone[]>;
}

interface Ec2Page<T> {
  readonly items: readonly T[] | undefined;
  readonly NextToken?: string | undefined;
}

/** Every page of one describe. EC2 refuses MaxResults beside an id list, and an empty id list
 * would mean "all": both are handled here. */
function describeAll<T>(
  selector: Ec2Selector | undefined,
  call: (args: { ids?: string[]; Filters?: Filter[]; NextToken?: string; MaxResults?: number }) => Promise<Ec2Page<T>>,
): Promise<T[]> {
  const ids = selector?.ids;
  if (ids !== undefined && ids.length === 0) return Promise.resolve([]);
  const filters = selector?.filters === undefined ? {} : { Filters: [...selector.filters] };
  return collectPages<T, string>(async (NextToken) => {
    const sizing = ids === undefined ? { MaxResults: EC2_PAGE_SIZE } : { ids: [...ids] };
    const page = await call({ ...filters, ...sizing, ...(NextToken === undefined ? {} : { NextToken }) });
    return { items: page.items, next: page.NextToken };
  });
}

export function ec2Api(client: EC2Client): Ec2Api {
  return {
    describeVpcs: (selector) =>
      describeAll(selector, async ({ ids, ...rest }) => {
        const out = await client.send(new DescribeVpcsCommand({ ...rest, VpcIds: ids }));
        return { items: out.Vpcs, NextToken: out.NextToken };
      }),
    describeSubnets: (selector) =>
      describeAll(selector, async ({ ids, ...rest }) => {
        const out = await client.send(new DescribeSubnetsCommand({ ...rest, SubnetIds: ids }));
        return { items: out.Subnets, NextToken: out.NextToken };
      }),
    describeSecurityGroups: (selector) =>
      describeAll(selector, async ({ ids, ...rest }) => {
        const out = await client.send(new DescribeSecurityGroupsCommand({ ...rest, GroupIds: ids }));
        return { items: out.SecurityGroups, NextToken: out.NextToken };
      }),

    createVpcEndpoint: (input) => client.send(new CreateVpcEndpointCommand(input)),
    describeVpcEndpoints: (selector) =>
      describeAll(selector, async ({ ids, ...rest }) => {
        const out = await client.send(new DescribeVpcEndpointsCommand({ ...rest, VpcEndpointIds: ids }));
        return { items: out.VpcEndpoints, NextToken: out.NextToken };
      }),
    modifyVpcEndpoint: (input) => client.send(new ModifyVpcEndpointCommand(input)),
    deleteVpcEndpoints: async (ids) => {
      if (ids.length === 0) return [];
      const out = await client.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [...ids] }));
      return out.Unsuccessful ?? [];
    },
    createTags: async (input) => {
      await client.send(new CreateTagsCommand(input));
    },

    createVpc: (input) => client.send(new CreateVpcCommand(input)),
    createSubnet: (input) => client.send(new CreateSubnetCommand(input)),
    createSecurityGroup: (input) => client.send(new CreateSecurityGroupCommand(input)),
    describeAvailabilityZones: async () => {
      const out = await client.send(new DescribeAvailabilityZonesCommand({}));
      return out.AvailabilityZones ?? [];
    },
  };
}

/** The filter that selects resources by their `Name` tag. */
export function nameTagFilter(names: readonly string[]): Filter {
  return { Name: 'tag:Name', Values: [...names] };
}
