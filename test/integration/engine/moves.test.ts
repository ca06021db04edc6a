// Issue 14, live moves (docs/moves.md), on moto through the proxy: a tier change tier-2 ->
// tier-1 executed as a health-gated Route 53 weight shift with steps [10, 50, 100] and a 1 s
// bake; a destination that turns unhealthy during step 2 rolls back in one change; a controller
// killed after mutating calls resumes without reverting a step and ends with one resource set.
//
// Passes are driven as `tiered apply --yes` drives them (one step per pass), in-process; a crash
// is the in-process kill of crash-recovery.test.ts (the write guard aborts the pass after k
// mutating calls and its memory is dropped; the next pass starts from a fresh client factory).
// The alias TTL waited before the release is 0 here (moto has none to honour).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListResourceRecordSetsCommand, TestDNSAnswerCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import type { MoveReport } from '../../../src/plan/move-report.js';
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
  const dns = (t: string) => ({ zone: { name: 'example.com' }, endpoint: `${t}.us-east-1.example.com`, tenantDomain: DOMAIN });
  const migration = { steps: [10, 50, 100], bakeSeconds: 1, maxConcurrent: 2 };
  return manifestSet()
    .tier('tier-1', { dns: dns('tier-1'), migration })
    .tier('tier-2', { dns: dns('tier-2'), migration })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .layout('tier-2', { 'cell-1': ['ig-1'] })
    .tenant('acme', { tier })
    .build();
}
const BEFORE = set('tier-2');
const AFTER = set('tier-1');
const PLAN_OPTIONS = { moves: { ttlSeconds: 0 } };

class Crash extends Error {}

async function fresh(): Promise<AwsClientFactory> {
  await aws.reset();
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(AFTER, factory);
  const { results } = await applySet(BEFORE, factory);
  assert.deepEqual(failedOutcomes(results), []);
  return factory;
}

async function zoneId(): Promise<string> {
  const zones = await aws.clients().route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }));
  return (zones.HostedZones?.[0]?.Id ?? '').replace('/hostedzone/', '');
}

/** The tenant's A records: SetIdentifier -> weight. */
async function weights(zone: string): Promise<Record<string, number>> {
  const out = await aws.clients().route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: NAME, StartRecordType: 'A' }));
  const mine = (out.ResourceRecordSets ?? []).filter((r) => r.Name === `${NAME}.` && r.Type === 'A');
  return Object.fromEntries(mine.map((r) => [r.SetIdentifier ?? '', r.Weight ?? 0]));
}

/** `source/destination` shares in percent, as a client sees them. */
function shares(w: Record<string, number>): string {
  const from = w[FROM] ?? 0;
  const to = w[TO] ?? 0;
  return from + to === 0 ? '0/0' : `${Math.round((100 * from) / (from + to))}/${Math.round((100 * to) / (from + to))}`;
}

async function answers(zone: string): Promise<boolean> {
  const out = await aws.clients().route53.send(new TestDNSAnswerCommand({ HostedZoneId: zone, RecordName: NAME, RecordType: 'A' }));
  return out.ResponseCode === 'NOERROR' && (out.RecordData ?? []).length > 0;
}

function moveOf(reports: readonly MoveReport[] | undefined): MoveReport | undefined {
  return reports?.find((m) => m.tenant === 'acme');
}

async function waitFor(report: MoveReport | undefined): Promise<void> {
  const next = report?.nextAt === undefined ? 0 : Date.parse(report.nextAt) - Date.now();
  if (next > 0) await new Promise((r) => setTimeout(r, Math.min(next + 20, 2_000)));
}

/** One `apply --yes` pass of every tier; the tenant's move as the plan reported it. */
async function pass(factory: AwsClientFactory, options: Parameters<typeof applySet>[2] = {}): Promise<MoveReport | undefined> {
  const { planned, results } = await applySet(AFTER, factory, options, PLAN_OPTIONS);
  if (options.beforeMutation === undefined) assert.deepEqual(failedOutcomes(results), []);
  return moveOf(planned.plan.moves);
}

async function tenantResourcesIn(account: string): Promise<string[]> {
  const inv = await inventory(await aws.clientsInAccount(account), aws.clients());
  return [...inv.clusters, ...inv.services, ...inv.targetGroups.filter((t) => t.startsWith('acme')), ...inv.rules.map((p) => `rule ${p}`)];
}

const account = (s: ManifestSet, tier: string) => s.cells.find((c) => c.spec.tier === tier)!.spec.accountId;

test('a tier change moves the tenant 90/10, 50/50, 0/100 under its unchanged name, then deletes the source', async () => {
  const factory = await fresh();
  const zone = await zoneId();
  const sourceBefore = await tenantResourcesIn(account(BEFORE, 'tier-2'));
  assert.ok(sourceBefore.length >= 3, sourceBefore.join(', '));
  const seen: string[] = [shares(await weights(zone))];
  const states: string[] = [];
  for (let i = 0; i < 20; i++) {
    const move = await pass(factory);
    const w = shares(await weights(zone));
    if (seen[seen.length - 1] !== w) seen.push(w);
    assert.ok(await answers(zone), `${NAME} answers at ${w}`);
    if (move === undefined) break;
    states.push(move.state);
    await waitFor(move);
  }
  assert.deepEqual(seen, ['100/0', '90/10', '50/50', '0/100'], `weights seen: ${seen.join(' -> ')} (states ${states.join(', ')})`);
  assert.deepEqual(await weights(zone), { [TO]: 1 }, 'one record left, on the destination');
  assert.deepEqual(await tenantResourcesIn(account(BEFORE, 'tier-2')), [], 'the source is gone');
  assert.ok((await tenantResourcesIn(account(AFTER, 'tier-1'))).length >= 3);
  assert.equal(await pass(factory), undefined, 'nothing left to move');
  factory.destroy();
});

test('a destination that turns unhealthy during step 2 rolls back to 100/0 in one change, keeps the source and waits', async () => {
  const factory = await fresh();
  const zone = await zoneId();
  const sourceBefore = await tenantResourcesIn(account(BEFORE, 'tier-2'));
  let move: MoveReport | undefined;
  for (let i = 0; i < 10 && shares(await weights(zone)) !== '50/50'; i++) {
    move = await pass(factory);
    await waitFor(move);
  }
  assert.equal(shares(await weights(zone)), '50/50');
  aws.proxy.setTargetHealth([{ targetGroup: 'targetgroup/acme-1-', state: 'unhealthy', reason: 'Target.FailedHealthChecks' }]);
  aws.proxy.resetCounters();
  move = await pass(factory);
  assert.equal(move?.state, 'rolled-back');
  assert.match(move?.reason ?? '', /no healthy target/);
  assert.equal(shares(await weights(zone)), '100/0');
  assert.equal(aws.proxy.count({ operation: 'ChangeResourceRecordSets' }), 1, 'the weights went back in one change');
  assert.deepEqual(await tenantResourcesIn(account(BEFORE, 'tier-2')), sourceBefore, 'the source is intact');

  // Healthy again, the move stays rolled back until a new revision (or --retry-move).
  aws.proxy.setTargetHealth([]);
  aws.proxy.resetCounters();
  move = await pass(factory);
  assert.equal(move?.state, 'rolled-back');
  assert.equal(aws.proxy.count({ mutating: true }), 0);
  const { planned } = await applySet(AFTER, factory, {}, { moves: { ttlSeconds: 0, retryMove: true } });
  assert.equal(moveOf(planned.plan.moves)?.state, 'shifting', '--retry-move starts it again');
  assert.equal(shares(await weights(zone)), '90/10');
  factory.destroy();
});

test('killed after every few mutating calls of a move, the controller resumes where it was and ends with one resource set', async (t) => {
  const factory = await fresh();
  const zone = await zoneId();
  factory.destroy();
  const ks: number[] = [];
  let last = 0;
  let current = tieredAwsFor(aws.endpoint);
  for (let i = 0; i < 60; i++) {
    // Every pass is killed after k mutating calls, k = 1, 2, 3, 1, …: each call of the move is,
    // in some pass, the last one before a kill.
    const k = (i % 3) + 1;
    const controller = new AbortController();
    let allowed = k;
    let crashed = false;
    const move = await pass(current, {
      signal: controller.signal,
      beforeMutation: async () => {
        if (allowed === 0) {
          crashed = true;
          controller.abort(new Crash(`killed after ${k} mutating calls`));
          throw new Crash(`killed after ${k} mutating calls`);
        }
        allowed -= 1;
      },
    }).catch((err: unknown) => {
      if (!(err instanceof Crash) && !controller.signal.aborted) throw err;
      return 'crashed' as const;
    });
    if (crashed || move === 'crashed') {
      ks.push(k);
      current.destroy();
      current = tieredAwsFor(aws.endpoint);
    }
    const w = await weights(zone);
    const to = w[TO] ?? 0;
    const share = to === 0 ? 0 : Math.round((100 * to) / (to + (w[FROM] ?? 0)));
    assert.ok(share >= last, `a completed step was reverted: ${last} % -> ${share} %`);
    last = share;
    if (move === undefined) break;
    if (move !== 'crashed' && !crashed) await waitFor(move);
  }
  t.diagnostic(`killed ${ks.length} passes`);
  assert.ok(ks.length >= 5, `the move was killed ${ks.length} times`);
  assert.deepEqual(await weights(zone), { [TO]: 1 });
  assert.deepEqual(await tenantResourcesIn(account(BEFORE, 'tier-2')), []);
  const dest = await inventory(await aws.clientsInAccount(account(AFTER, 'tier-1')), aws.clients());
  assert.equal(dest.clusters.length, 1, dest.clusters.join(', '));
  assert.equal(dest.services.length, 1);
  assert.equal(dest.targetGroups.length, 1);
  assert.equal(dest.rules.length, 1);
  assert.equal(await pass(current), undefined);
  current.destroy();
});
