// A minimal network for tests that need one (an ALB wants two subnets in two zones; moto's
// ECS wants security groups on awsvpc services), made through tiered's EC2 wrapper.
import type { Ec2Api } from '../../src/aws/ec2.js';

export interface TestNetwork {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
}

export async function makeNetwork(ec2: Ec2Api, name = 'test'): Promise<TestNetwork> {
  const vpc = await ec2.createVpc({ CidrBlock: '10.20.0.0/16' });
  const vpcId = vpc.Vpc!.VpcId!;
  const zones = (await ec2.describeAvailabilityZones()).map((z) => z.ZoneName!).sort().slice(0, 2);
  const subnetIds: string[] = [];
  for (const [i, zone] of zones.entries()) {
    const subnet = await ec2.createSubnet({ VpcId: vpcId, CidrBlock: `10.20.${i}.0/24`, AvailabilityZone: zone });
    subnetIds.push(subnet.Subnet!.SubnetId!);
  }
  const group = await ec2.createSecurityGroup({ GroupName: `${name}-sg`, Description: 'test', VpcId: vpcId });
  return { vpcId, subnetIds, securityGroupId: group.GroupId! };
}
