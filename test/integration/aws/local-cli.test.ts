import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { destroyClients, startTestClients } from '../../support/test-clients.js';
import { processAlive } from '../../support/local-aws.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/cli/main.js');

function tiered(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, stdio: 'pipe' });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Stdout so far, once it contains `marker` (rejects if the process ends first). */
function waitForOutput(child: ChildProcessWithoutNullStreams, marker: string): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes(marker)) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`tiered local exited (${code}) before printing '${marker}':\n${out}`)));
  });
}

test('tiered local --bootstrap serves the examples, prints what to export, and stops cleanly on SIGTERM', async () => {
  const child = tiered(['local', '--bootstrap', 'manifests/examples']);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  try {
    const out = await waitForOutput(child, 'export AWS_SECRET_ACCESS_KEY=testing');
    const endpoint = /^export AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
    const motoPid = Number(/moto \(pid (\d+)\)/.exec(out)?.[1]);
    assert.ok(endpoint, `an endpoint line in:\n${out}`);
    assert.match(out, /^export AWS_REGION=us-east-1$/m);
    assert.match(out, /^export AWS_DEFAULT_REGION=us-east-1$/m);
    assert.match(out, /^export AWS_ACCESS_KEY_ID=testing$/m);
    assert.match(out, /account 111111111111: created 2 vpcs, 4 subnets, 2 security-groups/);

    // The examples' first cell VPC is there, in the cell's account, reached through STS.
    const own = startTestClients(endpoint);
    const { Credentials } = await own.sts.send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/tiered', RoleSessionName: 'test' }),
    );
    const cell = startTestClients(endpoint, {
      credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken },
    });
    const vpcs = await cell.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['tier-1-cell-1-ig-1'] }] }));
    assert.equal(vpcs.Vpcs?.length, 1);
    destroyClients(own);
    destroyClients(cell);

    child.kill('SIGTERM');
    assert.equal(await exitOf(child), 0, stderr);
    assert.equal(processAlive(motoPid), false, 'moto is gone');
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exitOf(child);
    }
  }
});

test('tiered local --bootstrap refuses a broken manifest set before starting anything', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tiered-local-'));
  try {
    await writeFile(join(dir, 'bad.yaml'), 'apiVersion: tiered.dev/v1alpha1\nkind: Tier\nmetadata:\n  name: Not_A_Label\nspec: {}\n');
    const child = tiered(['local', '--bootstrap', dir]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    assert.equal(await exitOf(child), 1);
    assert.match(stderr, /bad\.yaml:\d+:\d+/);
    assert.match(stderr, /nothing was started/);
    assert.doesNotMatch(stdout, /moto/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tiered local rejects a port that is not a number', async () => {
  const child = tiered(['local', '--port', 'eighty']);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  assert.equal(await exitOf(child), 1);
  assert.match(stderr, /--port must be an integer/);
});
