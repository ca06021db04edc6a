// `tiered get tenants` and `tiered describe tenant` against local AWS show what the AWS CLI
// shows: the test asks the AWS CLI itself (credentials through the environment, the endpoint
// through --endpoint-url, a role assumed into the cell's account as an operator would).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { applyConverged, withEngineAws } from '../../support/engine-harness.js';
import { tieredAsync } from '../../support/run-cli.js';
import { oneTenantSet } from '../../support/manifest-yaml.js';

const { aws, factory } = withEngineAws();
const run = promisify(execFile);

const SET = oneTenantSet('{image: app:1, desiredCount: 2}');

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...extra,
  };
}

/** The AWS CLI, as an operator runs it against local AWS. */
async function awsCli(args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const { stdout } = await run('aws', ['--endpoint-url', aws.endpoint, '--output', 'json', ...args], { env: env(extra) });
  return JSON.parse(stdout) as unknown;
}

interface Service { serviceArn: string; serviceName: string; clusterArn: string; desiredCount: number; runningCount: number; events: { message: string }[] }

test('get tenants and describe tenant show what the AWS CLI shows', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tiered-get-'));
  try {
    await writeFile(join(dir, 'tier.yaml'), SET);
    const loaded = await loadManifestSet(dir);
    assert.ok(loaded.ok, JSON.stringify(loaded));
    await bootstrapLocalAws(loaded.set, factory());
    await applyConverged(loaded.set, factory());

    // Into the cell's account as the README says: assume its role, export what it returns.
    const assumed = (await awsCli(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::111111111111:role/tiered', '--role-session-name', 'look'])) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    };
    const cell = { AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey, AWS_SESSION_TOKEN: assumed.Credentials.SessionToken };
    const services: Service[] = [];
    for (const cluster of ['tier-1-cell-1-ig-1-acme', 'tier-1-cell-1-ig-1-acme-2']) {
      services.push(...((await awsCli(['ecs', 'describe-services', '--cluster', cluster, '--services', 'acme'], cell)) as { services: Service[] }).services);
    }
    assert.equal(services.length, 2);
    const targetGroups = ((await awsCli(['elbv2', 'describe-target-groups'], cell)) as { TargetGroups: { TargetGroupName: string; TargetGroupArn: string }[] }).TargetGroups;

    const got = await tieredAsync(['get', 'tenants', dir, '-o', 'json'], env());
    assert.equal(got.code, 0, got.stderr);
    const rows = JSON.parse(got.stdout) as { tenant: string; cell: string; infraGroup: string; clusters: { live: number; desired: number }; tasks: { desired: number; running: number }; state: string; services: string[] }[];
    assert.deepEqual(rows.map((r) => [r.tenant, r.cell, r.infraGroup, r.clusters, r.state]), [['acme', 'cell-1', 'ig-1', { live: 2, desired: 2 }, 'in-sync']]);
    assert.deepEqual(rows[0]!.tasks, {
      desired: services.reduce((n, s) => n + s.desiredCount, 0),
      running: services.reduce((n, s) => n + s.runningCount, 0),
    });
    assert.deepEqual(rows[0]!.services, services.map((s) => `${s.clusterArn.split('/').pop()}/${s.serviceName}`).sort());

    const table = await tieredAsync(['get', 'tenants', dir], env());
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^TENANT\s+TIER\s+CELL\s+INFRA GROUP\s+CLUSTERS\s+TASKS\s+STATE$/m);
    assert.match(table.stdout, /^acme\s+tier-1\s+cell-1\s+ig-1\s+2\/2\s+\d+\/4\s+in-sync$/m);

    const described = await tieredAsync(['describe', 'tenant', 'acme', dir], env());
    assert.equal(described.code, 0, described.stderr);
    for (const s of services) {
      assert.ok(described.stdout.includes(s.serviceArn), `describe names service ${s.serviceArn}`);
      assert.ok(described.stdout.includes(`${s.runningCount} running`), described.stdout);
      if (s.events[0] !== undefined) assert.ok(described.stdout.includes(s.events[0].message), `the service's latest event: ${s.events[0].message}`);
    }
    for (const tg of targetGroups.filter((t) => t.TargetGroupName.startsWith('acme-'))) assert.ok(described.stdout.includes(tg.TargetGroupArn), tg.TargetGroupArn);
    assert.match(described.stdout, /^State: +in-sync$/m);
    assert.match(described.stdout, /^Cell: +cell-1 \(account 111111111111\)$/m);

    const placed = await tieredAsync(['placement', dir], env());
    assert.equal(placed.code, 0, placed.stderr);
    assert.match(placed.stdout, /^Live placement: tenants stay where they run in AWS/m);
    assert.match(placed.stdout, /^1 of 1 tenants placed \(0 new, 1 live\), 0 unschedulable$/m);

    aws.proxy.setFaults([{ service: 'tagging', kind: 'access-denied' }]);
    const unread = await tieredAsync(['get', 'tenants', dir], env());
    aws.proxy.setFaults([]);
    assert.equal(unread.code, 1);
    assert.match(unread.stdout, /^acme\s+tier-1\s+-\s+-\s+-\/2\s+\?\s+unknown$/m);
    assert.match(unread.stderr, /could not read live state: tier tier-1 cell cell-1: AccessDeniedException/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
