// Issue 14 acceptance: a tier change tier-2 -> tier-1 run by `tiered run` (docs/moves.md). The
// daemon drives the move to the end on its own (steps [10, 50, 100], 1 s bake, alias TTL 0): the
// test samples Route 53 meanwhile and sees 90/10, 50/50, 0/100 with the tenant's unchanged name
// answered by TestDNSAnswer at every sample, then the source's resources gone; /status shows
// the move, /metrics counts it, the log names the tenant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { answersName, recordWeights, weightShares } from '../../support/tenant-weights.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { writeTierFiles } from '../../../bench/tier-files.js';
import { backendEnv, startDaemon } from '../../support/daemon-process.js';
import { applySet, failedOutcomes } from '../../support/engine-harness.js';
import { withLocalAws } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws();
const DOMAIN = 'tenants.us-east-1.example.com';
const NAME = `acme.${DOMAIN}`;
const FROM = 'tiered:tier-2/cell-1/ig-1';
const TO = 'tiered:tier-1/cell-1/ig-1';

function set(tier: 'tier-1' | 'tier-2'): ManifestSet {
  const dns = (t: string) => ({ zone: { name: 'example.com' }, endpoint: `${t}.us-east-1.example.com`, tenantDomain: DOMAIN, tree: 'auto' as const });
  const migration = { steps: [10, 50, 100], bakeSeconds: 1, maxConcurrent: 2 };
  return manifestSet()
    .tier('tier-1', { dns: dns('tier-1'), migration })
    .tier('tier-2', { dns: dns('tier-2'), migration })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .layout('tier-2', { 'cell-1': ['ig-1'] })
    .tenant('acme', { tier })
    .build();
}

const weights = (zone: string) => recordWeights(aws.clients().route53, zone, NAME);
const shares = (w: Record<string, number>) => weightShares(w, FROM, TO);

test('tiered run moves a tenant from tier-2 to tier-1 step by step under its unchanged name, then deletes the source', async () => {
  const before = set('tier-2');
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(before, factory);
  assert.deepEqual(failedOutcomes((await applySet(before, factory)).results), []);
  factory.destroy();
  const zones = await aws.clients().route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }));
  const zone = (zones.HostedZones?.[0]?.Id ?? '').replace('/hostedzone/', '');
  const sourceAccount = before.cells.find((c) => c.spec.tier === 'tier-2')!.spec.accountId;

  const dir = await mkdtemp(join(tmpdir(), 'tiered-run-moves-'));
  await writeTierFiles(dir, set('tier-1'));
  const daemon = startDaemon(['--manifests', dir, '--leader-election=false', '--move-dns-ttl', '0s', '--resync', '10m'], backendEnv(aws.endpoint));
  try {
    const seen = [shares(await weights(zone))];
    const states = new Set<string>();
    await daemon.until('the move ends with one record, on the destination', async () => {
      const w = await weights(zone);
      const s = shares(w);
      if (seen[seen.length - 1] !== s) seen.push(s);
      assert.ok(await answersName(aws.clients().route53, zone, NAME), `${NAME} answers at ${s}`);
      const status = (await daemon.get('/status')).body;
      for (const m of (JSON.parse(status) as { tiers: Record<string, { moves: { tenant: string; state: string }[] }> }).tiers['tier-1']?.moves ?? []) {
        if (m.tenant === 'acme') states.add(m.state);
      }
      return Object.keys(w).length === 1 && w[TO] === 1;
    }, 60_000);
    assert.deepEqual(seen, ['100/0', '90/10', '50/50', '0/100'], `weights seen: ${seen.join(' -> ')}`);
    assert.ok(states.has('shifting'), `states in /status: ${[...states].join(', ')}`);
    await daemon.until('the source is gone', async () => {
      const inv = await inventory(await aws.clientsInAccount(sourceAccount), aws.clients());
      return inv.clusters.length === 0 && inv.services.length === 0 && inv.targetGroups.length === 0 && inv.rules.length === 0;
    });
    const metrics = (await daemon.get('/metrics')).body;
    assert.match(metrics, /tiered_moves\{tier="tier-1",state="shifting"\} \d/);
    const moveLogs = daemon.logs.filter((l) => l.msg === 'move' && l['tenant_id'] === 'acme');
    assert.ok(moveLogs.length >= 3, `${moveLogs.length} move log lines`);
  } finally {
    await daemon.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
