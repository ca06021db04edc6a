import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteVpcEndpointsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { ec2Api, nameTagFilter } from '../../../src/aws/ec2.js';

function setup() {
  const mock = mockClient(EC2Client);
  return { mock, api: ec2Api(new EC2Client({ region: 'us-east-1' })) };
}

test('VPCs by Name tag follow NextToken with MaxResults 1000', async () => {
  const { mock, api } = setup();
  mock
    .on(DescribeVpcsCommand, { NextToken: undefined })
    .resolves({ Vpcs: [{ VpcId: 'vpc-1' }], NextToken: 'n' })
    .on(DescribeVpcsCommand, { NextToken: 'n' })
    .resolves({ Vpcs: [{ VpcId: 'vpc-2' }] });
  const vpcs = await api.describeVpcs({ filters: [nameTagFilter(['net-a'])] });
  assert.deepEqual(vpcs.map((v) => v.VpcId), ['vpc-1', 'vpc-2']);
  const inputs = mock.commandCalls(DescribeVpcsCommand).map((c) => c.args[0].input);
  assert.deepEqual(inputs[0], { Filters: [{ Name: 'tag:Name', Values: ['net-a'] }], MaxResults: 1000, VpcIds: undefined });
  mock.restore();
});

test('subnets by id are asked without MaxResults (EC2 refuses both together)', async () => {
  const { mock, api } = setup();
  mock.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-1' }] });
  await api.describeSubnets({ ids: ['subnet-1'] });
  const input = mock.commandCalls(DescribeSubnetsCommand)[0]?.args[0].input;
  assert.deepEqual(input, { SubnetIds: ['subnet-1'] });
  mock.restore();
});

test('an empty id list asks nothing', async () => {
  const { mock, api } = setup();
  assert.deepEqual(await api.describeSubnets({ ids: [] }), []);
  assert.equal(mock.calls().length, 0);
  mock.restore();
});

test('endpoints EC2 could not delete are returned, not thrown', async () => {
  const { mock, api } = setup();
  mock.on(DeleteVpcEndpointsCommand).resolves({
    Unsuccessful: [{ ResourceId: 'vpce-1', Error: { Code: 'InvalidVpcEndpoint.NotFound', Message: 'gone' } }],
  });
  const failed = await api.deleteVpcEndpoints(['vpce-1', 'vpce-2']);
  assert.deepEqual(failed.map((f) => f.ResourceId), ['vpce-1']);
  mock.restore();
});
