// moto as tiered runs it answers concurrent creates as AWS does, never with HTTP 500. moto 5.2.1
// alone loops over a backend's dict in Python while another request thread inserts into it and
// answers "OrderedDict mutated during iteration" (fixed by src/local/moto-fixes.ts). The test
// first fills the dict, then fires creates alongside reads that do little but loop over it, so
// that without the fix some loop is all but sure to be interrupted by an insert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand, DescribeTargetGroupsCommand, paginateDescribeTargetGroups } from '@aws-sdk/client-elastic-load-balancing-v2';
import { withLocalAws } from '../../support/local-aws.js';

const aws = withLocalAws();

const FILLED = 100;
const CONCURRENT = 100;
const READERS = 20;
const SCANS = 400;

const range = (from: number, count: number): readonly number[] => Array.from({ length: count }, (_, i) => from + i);

/** Calls moto answered with a 5xx, as the proxy logged them. */
const serverErrors = (): readonly string[] =>
  aws.proxy
    .calls()
    .filter((call) => call.status >= 500)
    .map((call) => `${call.operation} ${call.status} ${call.errorCode ?? ''}`);

test('concurrent CreateTargetGroup calls alongside DescribeTargetGroups all succeed, none answered 5xx', async () => {
  const { elbv2, ec2 } = aws.clients();
  const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
  const VpcId = Vpcs![0]!.VpcId!;
  const create = (i: number) =>
    elbv2.send(new CreateTargetGroupCommand({ Name: `tg-${i}`, Protocol: 'HTTP', Port: 80, VpcId, TargetType: 'ip' }));
  for (const i of range(0, FILLED)) await create(i);
  // moto scans every target group once per name asked for, and the last name is missing, so each
  // read is hundreds of scans answered by a short TargetGroupNotFound.
  const Names = [...range(0, SCANS).map(() => 'tg-0'), 'missing'];

  // Interleaved, so that reads and creates are in flight together (the SDK opens 50 sockets).
  const describe = () => elbv2.send(new DescribeTargetGroupsCommand({ Names }));
  const calls = range(0, CONCURRENT).flatMap((i) => (i % (CONCURRENT / READERS) === 0 ? [create(FILLED + i), describe()] : [create(FILLED + i)]));
  const settled = await Promise.allSettled(calls);

  assert.deepEqual(serverErrors(), []);
  const rejected = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).name] : []));
  assert.deepEqual(rejected, range(0, READERS).map(() => 'TargetGroupNotFoundException'));
  assert.equal(aws.proxy.count({ operation: 'CreateTargetGroup', outcome: 'ok' }), FILLED + CONCURRENT);
  let listed = 0;
  for await (const page of paginateDescribeTargetGroups({ client: elbv2 }, {})) listed += page.TargetGroups?.length ?? 0;
  assert.equal(listed, FILLED + CONCURRENT);
});
