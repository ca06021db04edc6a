// Two `tiered run` replicas on one backend and one lease table (an ECS rolling deploy): each
// tier's writes come from its lease holder only, and a holder killed with SIGKILL hands its
// tiers to the other once its lease runs out. (Balancing, with three replicas and a hand-over:
// run-replicas.test.ts.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leaseTableClientOf } from '../../../src/controller/leases/lease-table-client.js';
import { ensureLeaseTable } from '../../../src/controller/leases/lease-table.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { backendEnv, logsWith, startDaemon, tenantYaml } from '../../support/daemon-process.js';
import type { DaemonProcess } from '../../support/daemon-process.js';
import { exampleTier } from '../../support/example-tier.js';
import { startTestAws } from '../../support/local-aws.js';
import type { TestAws } from '../../support/local-aws.js';
import { assertOneWriterPerTier } from '../../support/one-writer.js';
import { repoPath } from '../../support/paths.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const TIERS = ['tier-2', 'tier-3'];

let aws: TestAws;
let dir: string;
let replicas: DaemonProcess[];

before(async () => {
  aws = await startTestAws();
  const factory = tieredAwsFor(aws.endpoint);
  const sets = await Promise.all(TIERS.map((tier) => exampleTier(tier)));
  for (const set of sets) await bootstrapLocalAws(set, factory);
  await ensureLeaseTable(leaseTableClientOf(factory.clients({ region: 'us-east-1' }).dynamodb), 'tiered-leases', { pollMs: 100 });
  factory.destroy();
  dir = await mkdtemp(join(tmpdir(), 'tiered-run-leaders-'));
  await mkdir(join(dir, 'tiers'));
  await mkdir(join(dir, 'tenants'));
  for (const set of sets) {
    const tier = set.tiers[0]!.name;
    await cp(repoPath('manifests', 'examples', 'tiers', `${tier}.yaml`), join(dir, 'tiers', `${tier}.yaml`));
    for (const t of set.tenants) await cp(repoPath('manifests', 'examples', 'tenants', `${t.name}.yaml`), join(dir, 'tenants', `${t.name}.yaml`));
  }
  const args = ['--manifests', dir, '--lease-table', 'tiered-leases', '--lease-duration', '10s', '--request-timeout', '2s'];
  replicas = [startDaemon(args, backendEnv(aws.endpoint)), startDaemon(args, backendEnv(aws.endpoint))];
});

after(async () => {
  for (const r of replicas) await r.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
  await aws.stop();
});

/** The replica whose /status says it holds `tier` and has converged it. */
async function holderOf(tier: string, among: readonly DaemonProcess[]): Promise<DaemonProcess> {
  return among[0]!.until(`a replica holding and converging ${tier}`, async () => {
    for (const r of among) {
      const s = await r.status();
      if (s.leases.held.includes(tier) && s.tiers[tier]?.converged) return r;
    }
    return undefined;
  });
}

test('each tier is written by its lease holder only', async () => {
  // Two replicas, two tiers: one each, once a replica that took both at first has handed one
  // over (docs/leases.md, "Sharing the fleet").
  const holders = await replicas[0]!.until('each replica holding and converging one tier', async () => {
    const found = new Map<string, DaemonProcess>();
    for (const tier of TIERS) {
      for (const r of replicas) {
        const s = await r.status();
        if (s.leases.held.includes(tier) && s.tiers[tier]?.converged) found.set(tier, r);
      }
    }
    return found.size === TIERS.length && found.get('tier-2') !== found.get('tier-3') ? found : undefined;
  }, 60_000);
  const ids = new Map<string, DaemonProcess>();
  for (const r of replicas) ids.set((await r.status()).fleet!.replica, r);
  const writers = assertOneWriterPerTier(aws.proxy.calls(), TIERS);
  for (const tier of TIERS) {
    assert.ok(writers.get(tier)!.length > 0, `${tier} was written`);
    for (const id of writers.get(tier)!) {
      // /status can answer before the log lines have crossed the pipe to this process.
      await ids.get(id)!.until(`${id} logged taking ${tier}`, () => logsWith(ids.get(id)!.logs, 'lease acquired', { tier_id: tier }).length > 0, 10_000);
    }
    const other = replicas.find((r) => r !== holders.get(tier))!;
    assert.equal((await other.status()).leases.held.includes(tier), false);
  }
});

test('SIGKILL of the holder hands its tier to the other replica, which converges the next change', async () => {
  const holder = await holderOf('tier-3', replicas);
  const survivor = replicas.find((r) => r !== holder)!;
  await holder.stop('SIGKILL');
  await survivor.until('the survivor holds tier-3', async () => (await survivor.status()).leases.held.includes('tier-3'), 30_000);
  await writeFile(join(dir, 'tenants', 'newco.yaml'), tenantYaml('newco', 'tier-3', 1));
  await survivor.until('newco made by the survivor', async () => {
    const s = await survivor.status();
    return s.tiers['tier-3']?.converged && logsWith(survivor.logs, 'action applied', { tenant_id: 'newco' }).length > 0;
  });
  assert.equal(await survivor.stop('SIGTERM'), 0);
});
