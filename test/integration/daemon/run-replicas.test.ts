// Three `tiered run` replicas on one lease table share nine tiers (docs/leases.md, "Sharing the
// fleet"): each holds 3 ± 1; a SIGKILLed one's tiers go to the other two once its leases end; a
// replica started again receives tiers the others hand over after their pass in flight. All the
// while, the proxy's call log (each mutating call names its replica and its tier) shows one
// writer per tier at every moment. The tiers are as small as a tier gets: one infra group (an
// ALB, its listener, the tier's DNS record), no tenant, all in one account and one VPC.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseTableClientOf } from '../../../src/controller/leases/lease-table-client.js';
import { ensureLeaseTable } from '../../../src/controller/leases/lease-table.js';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { backendEnv, logsWith, startDaemon } from '../../support/daemon-process.js';
import type { DaemonProcess } from '../../support/daemon-process.js';
import { startTestAws } from '../../support/local-aws.js';
import type { TestAws } from '../../support/local-aws.js';
import { assertOneWriterPerTier } from '../../support/one-writer.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const TIERS = Array.from({ length: 9 }, (_, i) => `tier-0${i + 1}`);
// Short, for a test of seconds, yet long enough that renewals land in time on a loaded machine
// (moto answering a lease write in 2-3 s while it creates load balancers has been seen here).
const LEASE_DURATION_MS = 10_000;
/** The renewal (and heartbeat) interval those flags give: min(D/3, (D − M − T)/2). */
const ROUND_MS = 2_500;
const ARGS = ['--lease-table', 'tiered-leases', '--lease-duration', `${LEASE_DURATION_MS}ms`, '--request-timeout', '3s', '--concurrency', '3'];

function tierYaml(tier: string, dnsWeight: number): string {
  return `apiVersion: tiered.dev/v1alpha1
kind: Tier
metadata: {name: ${tier}}
spec:
  region: us-east-1
  dns: {zone: example.com, endpoint: ${tier}.us-east-1.example.com}
  workload: {image: public.ecr.aws/nginx/nginx:1.27, cpu: 256, memory: 512, port: 8080, desiredCount: 1, healthCheckPath: /healthz, taskRoleName: app-task, executionRoleName: app-exec}
---
apiVersion: tiered.dev/v1alpha1
kind: Cell
metadata: {name: cell-1}
spec: {tier: ${tier}, accountId: "444444444444", roleArn: "arn:aws:iam::444444444444:role/tiered"}
---
apiVersion: tiered.dev/v1alpha1
kind: InfraGroup
metadata: {name: ig-1}
spec:
  tier: ${tier}
  cell: cell-1
  vpc: {name: replicas-vpc}
  subnets: {name: replicas-private}
  securityGroups: {name: replicas-tasks}
  listener: {protocol: HTTP, port: 80}
  dnsWeight: ${dnsWeight}
`;
}

let aws: TestAws;
let dir: string;
const replicas: DaemonProcess[] = [];

/** All nine tiers in one file, replaced at once (a rename), so no replica loads half a change. */
async function writeTiers(dnsWeight: number): Promise<void> {
  const staged = join(dir, `.tiers-${dnsWeight}.tmp`);
  await writeFile(staged, TIERS.map((tier) => tierYaml(tier, dnsWeight)).join('---\n'));
  await rename(staged, join(dir, 'tiers', 'tiers.yaml'));
}

before(async () => {
  aws = await startTestAws();
  dir = await mkdtemp(join(tmpdir(), 'tiered-run-replicas-'));
  await mkdir(join(dir, 'tiers'));
  await writeTiers(50);
  const loaded = await loadManifestSet(dir);
  assert.ok(loaded.ok);
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(loaded.set, factory);
  await ensureLeaseTable(leaseTableClientOf(factory.clients({ region: 'us-east-1' }).dynamodb), 'tiered-leases', { pollMs: 100 });
  factory.destroy();
});

after(async () => {
  for (const r of replicas) await r.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
  await aws.stop();
});

function start(): DaemonProcess {
  const replica = startDaemon(['--manifests', dir, ...ARGS], backendEnv(aws.endpoint));
  replicas.push(replica);
  return replica;
}

/** Rewrites every tier (a new DNS weight: one Route 53 change each) and resolves with the new
 * revision once every running replica has it in force. */
async function changeEveryTier(dnsWeight: number): Promise<string> {
  const old = new Set<string | null>();
  for (const r of running()) old.add((await r.status()).inForce);
  await writeTiers(dnsWeight);
  return replicas[1]!.until(`weight ${dnsWeight} in force everywhere`, async () => {
    const seen = new Set<string | null>();
    for (const r of running()) seen.add((await r.status()).inForce);
    const [only] = seen;
    return seen.size === 1 && only !== null && only !== undefined && !old.has(only) && only;
  }, 30_000);
}

const running = (): DaemonProcess[] => replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);

/** Each running replica's own /status: its id and the tiers it holds (not handing over). */
async function holdings(): Promise<Map<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>();
  for (const r of running()) {
    const s = await r.status();
    assert.ok(s.fleet !== null && s.fleet !== undefined, '/status names this replica and the holders');
    out.set(s.fleet.replica, s.leases.held);
  }
  return out;
}

/** Every tier held by exactly one running replica, each holding 3 ± 1, and every tier converged. */
async function shared(revision?: string): Promise<Map<string, readonly string[]> | false> {
  const held = await holdings();
  const all = [...held.values()].flat().sort();
  if (all.join() !== TIERS.join()) return false;
  const share = TIERS.length / held.size;
  if ([...held.values()].some((tiers) => Math.abs(tiers.length - share) > 1)) return false;
  for (const r of running()) {
    const s = await r.status();
    for (const tier of s.leases.held) {
      const t = s.tiers[tier];
      if (!t?.converged || (revision !== undefined && t.revision !== revision)) return false;
    }
  }
  return held;
}

test('three replicas share nine tiers, survive a SIGKILL and rebalance when it comes back, one writer per tier throughout', async () => {
  start();
  start();
  start();
  const first = await replicas[0]!.until('each replica holds 3 ± 1 tiers, all converged', () => shared(), 60_000);
  assert.equal(first.size, 3);

  // SIGKILL one: its leases and heartbeat are left to expire.
  const victim = replicas[0]!;
  const victimId = (await victim.status()).fleet!.replica;
  const orphaned = first.get(victimId)!;
  await victim.stop('SIGKILL');
  const killedAt = Date.now();
  const survivors = await replicas[1]!.until('the two survivors hold all nine', async () => {
    const held = await holdings();
    return [...held.values()].flat().length === TIERS.length && held;
  }, LEASE_DURATION_MS + 4 * ROUND_MS + 20_000);
  const takenOverMs = Date.now() - killedAt;
  assert.equal(survivors.size, 2);
  // Only the dead replica's tiers moved, unless a survivor lost a lease on its own (a renewal
  // too late on a loaded machine, logged): moving nothing else is the balancing's part
  // (property-tested in lease-balance.test.ts); the lease's part is never two writers.
  if (!replicas.slice(1).some((r) => logsWith(r.logs, 'lease lost').length > 0)) {
    const gained = [...survivors].flatMap(([id, tiers]) => tiers.filter((t) => !first.get(id)!.includes(t)));
    assert.deepEqual(gained.sort(), [...orphaned].sort());
  }

  // Start it again, and change every tier at once: the hand-overs happen while passes write.
  const newcomer = start();
  const revision = await changeEveryTier(60);
  const rebalanced = await replicas[1]!.until('3 ± 1 each again, every tier converged on the new revision', () => shared(revision), 60_000);
  assert.equal(rebalanced.size, 3);
  // And once more, so the tiers the newcomer received are written by it.
  const last = await changeEveryTier(70);
  await replicas[1]!.until('converged again', () => shared(last), 60_000);
  const newcomerId = (await newcomer.status()).fleet!.replica;

  // Each replica's view of the fleet (read from the table, a round old at most) comes to agree
  // with what the others say they hold.
  await replicas[1]!.until('every view of the table shows every holder and the three replicas', async () => {
    const held = await holdings();
    for (const r of running()) {
      const fleet = (await r.status()).fleet!;
      const holders = [...held].every(([id, tiers]) => tiers.every((tier) => fleet.tiers.find((t) => t.tier === tier)?.holder === id));
      const live = fleet.replicas.filter((x) => x.live && x.accepting).map((x) => x.id).sort();
      if (!holders || live.join() !== [...held.keys()].sort().join() || fleet.share?.cap !== 3) return false;
    }
    return true;
  }, 30_000);

  const calls = aws.proxy.calls();
  const byReplica = calls.filter((c) => c.caller !== undefined && c.mutating);
  // Every write a replica made, but the lease table's own, was made by a tier's pass and says so.
  assert.deepEqual(byReplica.filter((c) => c.tier === undefined && c.service !== 'dynamodb').map((c) => c.operation), []);
  const writers = assertOneWriterPerTier(calls, TIERS);
  const handOvers = running().flatMap((r) => logsWith(r.logs, 'lease handing over'));
  assert.ok(handOvers.length > 0, 'the rejoined replica received tiers by hand-over');
  // The tiers the newcomer received were written by another replica before, by it last.
  const received = (await holdings()).get(newcomerId) ?? [];
  assert.ok(received.length >= 2);
  for (const tier of received) {
    const w = writers.get(tier)!;
    assert.equal(w.at(-1), newcomerId, `${tier}: ${w.join(' → ')}`);
    assert.ok(w.length >= 2, `${tier}: ${w.join(' → ')}`);
  }
  console.log(`takeover after SIGKILL: ${takenOverMs} ms (lease ${LEASE_DURATION_MS} ms, round ${ROUND_MS} ms); writers per tier: ${JSON.stringify(Object.fromEntries([...writers].map(([t, w]) => [t, w.length])))}`);
});
