// A leader paused mid-apply (SIGSTOP, as a long GC or a frozen VM would) while another replica
// takes its tier must, once resumed (SIGCONT), send no mutating call: its pending SDK retries
// and its queued actions all meet the lease fence (issue 13). Calls are told apart by caller in
// the proxy's call log (the `tiered-caller/<holder id>` user agent), and timed by arrival.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseTableClientOf } from '../../../src/controller/leases/lease-table-client.js';
import { ensureLeaseTable } from '../../../src/controller/leases/lease-table.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import type { CallRecord } from '../../../src/local/proxy/types.js';
import { backendEnv, startDaemon, tenantYaml } from '../../support/daemon-process.js';
import type { DaemonProcess } from '../../support/daemon-process.js';
import { exampleTier } from '../../support/example-tier.js';
import { startTestAws } from '../../support/local-aws.js';
import type { TestAws } from '../../support/local-aws.js';
import { repoPath } from '../../support/paths.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const TIER = 'tier-3';
const ARGS = ['--lease-table', 'tiered-leases', '--lease-duration', '10s', '--request-timeout', '2s'];

let aws: TestAws;
let dir: string;
const replicas: DaemonProcess[] = [];

before(async () => {
  aws = await startTestAws();
  const set = await exampleTier(TIER);
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(set, factory);
  await ensureLeaseTable(leaseTableClientOf(factory.clients({ region: 'us-east-1' }).dynamodb), 'tiered-leases', { pollMs: 100 });
  factory.destroy();
  dir = await mkdtemp(join(tmpdir(), 'tiered-paused-leader-'));
  await mkdir(join(dir, 'tenants'));
  await cp(repoPath('manifests', 'examples', 'tiers', `${TIER}.yaml`), join(dir, `${TIER}.yaml`));
  for (const t of set.tenants) await cp(repoPath('manifests', 'examples', 'tenants', `${t.name}.yaml`), join(dir, 'tenants', `${t.name}.yaml`));
});

after(async () => {
  for (const r of replicas) {
    r.child.kill('SIGCONT');
    await r.stop('SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
  await aws.stop();
});

/** The calls of one replica: its holder id is `<host>-<pid>-<random>`. */
function callsOf(replica: DaemonProcess): CallRecord[] {
  const marker = `-${replica.child.pid}-`;
  return aws.proxy.calls().filter((c) => c.caller?.includes(marker) === true);
}

/** Writes to AWS resources; the lease table's own conditional writes are how leases work. */
function resourceWrites(calls: readonly CallRecord[]): CallRecord[] {
  return calls.filter((c) => c.mutating && c.service !== 'dynamodb' && c.service !== 'sts');
}

test('a leader resumed after its tier was taken sends no mutating call', async () => {
  const a = startDaemon(['--manifests', dir, ...ARGS], backendEnv(aws.endpoint));
  replicas.push(a);
  await a.until('replica A leads and converges tier-3', async () => {
    const s = await a.status();
    return s.leases.held.includes(TIER) && s.tiers[TIER]?.converged;
  });
  const b = startDaemon(['--manifests', dir, ...ARGS], backendEnv(aws.endpoint));
  replicas.push(b);
  await b.until('replica B follows', async () => (await b.status()).leases.known);

  // A's next pass is slow (each target group held 3 s, the first two attempts throttled, so SDK
  // retries wait in their backoff) and long (a tenant of three clusters).
  aws.proxy.setFaults([
    { kind: 'throttle', service: 'elbv2', operation: 'CreateTargetGroup', times: 2 },
    { kind: 'latency', service: 'elbv2', operation: 'CreateTargetGroup', latencyMs: 3_000 },
  ]);
  await writeFile(join(dir, 'tenants', 'newco.yaml'), tenantYaml('newco', TIER, 3));
  await a.until('A has begun writing newco', () => resourceWrites(callsOf(a)).some((c) => c.resource?.includes('newco') === true), 30_000);
  a.child.kill('SIGSTOP');
  const stoppedAt = Date.now();

  await b.until('B takes tier-3 and converges it', async () => {
    const s = await b.status();
    return s.leases.held.includes(TIER) && s.tiers[TIER]?.converged;
  });
  assert.ok(resourceWrites(callsOf(b)).some((c) => c.resource?.includes('newco') === true), 'A left newco work for B to do');

  const resumedAt = Date.now();
  a.child.kill('SIGCONT');
  await a.until('A sees its lease gone and its pass over', async () => {
    const s = await a.status();
    const tier = s.tiers[TIER] as unknown as { schedule: { phase: string } | null };
    return !s.leases.held.includes(TIER) && tier.schedule?.phase !== 'running' && tier.schedule?.phase !== 'stalled';
  });
  // B stays the holder: A's attempts to take the tier back were refused by the table.
  assert.ok((await b.status()).leases.held.includes(TIER));
  const late = resourceWrites(callsOf(a)).filter((c) => (c.receivedAt ?? c.at) >= resumedAt);
  assert.deepEqual(late.map((c) => `${c.operation} ${c.resource ?? ''}`), [], 'A wrote after it was resumed');
  // A request A had already put on the wire when it was stopped may land just after the signal;
  // what must never happen is a write of A arriving once B, the new holder, has begun writing.
  const bFirst = Math.min(...resourceWrites(callsOf(b)).map((c) => c.receivedAt ?? c.at));
  assert.ok(bFirst > stoppedAt, 'B wrote only after A was stopped');
  assert.ok(resourceWrites(callsOf(a)).every((c) => (c.receivedAt ?? c.at) < bFirst), 'nothing of A arrived once B was writing');
});
