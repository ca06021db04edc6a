// Issue 14, live moves (docs/moves.md), on moto through the proxy: a tier change tier-2 ->
// tier-1 (steps [10, 50, 100], 1 s bake) whose controller is killed after mutating calls resumes
// without reverting a step and ends with one resource set; a destination that turns unhealthy
// during step 2 rolls back in one change. The uninterrupted move, as `tiered run` drives it, is
// test/integration/daemon/run-moves.test.ts.
//
// Passes are driven as `tiered apply --yes` drives them (one step per pass), in-process; a crash
// is the in-process kill of crash-recovery.test.ts (the write guard aborts the pass after k
// mutating calls and its memory is dropped; the next pass starts from a fresh client factory).
// The alias TTL waited before the release is 0 here (moto has none to honour).
//
// One backend for the file, set up once: the tenants start in tier-2 and each test moves its own
// (carol, then bravo), so the tests run in file order and build on each other's end state. The
// passes are the destination tier's, which alone acts on a move into it.
import { after as afterAll, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { answersName, recordWeights, weightShares } from '../../support/tenant-weights.js';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import type { MoveReport } from '../../../src/plan/move-report.js';
import { DEFAULT_INSTANCE_ID } from '../../../src/desired/tags.js';
import { applyTier } from '../../../src/engine/apply-tier.js';
import { mergePlans } from '../../../src/engine/merge-plans.js';
import { planTier } from '../../../src/engine/plan-tier.js';
import { applySet, failedOutcomes, FAST_RETRY } from '../../support/engine-harness.js';
import { startTestAws, type TestAws } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { inventory } from '../../support/owned-inventory.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

// One backend for the file and no reset between tests (withLocalAws resets before each): the
// tests build on each other's end state.
let started: TestAws | undefined;
before(async () => {
  started = await startTestAws();
});
afterAll(async () => {
  await started?.stop();
});
const aws = new Proxy({} as TestAws, { get: (_, key) => (started as unknown as Record<string | symbol, unknown>)[key] });

const DOMAIN = 'tenants.us-east-1.example.com';
const FROM = 'tiered:tier-2/cell-1/ig-1';
const TO = 'tiered:tier-1/cell-1/ig-1';

/** The set with `moved` tenants in tier-1 and the others in tier-2. */
function set(...moved: string[]): ManifestSet {
  const dns = (t: string) => ({ zone: { name: 'example.com' }, endpoint: `${t}.us-east-1.example.com`, tenantDomain: DOMAIN });
  const migration = { steps: [10, 50, 100], bakeSeconds: 1, maxConcurrent: 2 };
  const builder = manifestSet()
    .tier('tier-1', { dns: dns('tier-1'), migration })
    .tier('tier-2', { dns: dns('tier-2'), migration })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .layout('tier-2', { 'cell-1': ['ig-1'] });
  for (const t of ['bravo', 'carol']) builder.tenant(t, { tier: moved.includes(t) ? 'tier-1' : 'tier-2' });
  return builder.build();
}
const BEFORE = set();
const PLAN_OPTIONS = { moves: { ttlSeconds: 0 } };

class Crash extends Error {}

let ready: Promise<void> | undefined;
/** The backend with every tenant in tier-2, made once for the file. */
async function setUp(): Promise<void> {
  ready ??= (async () => {
    const factory = tieredAwsFor(aws.endpoint);
    await bootstrapLocalAws(BEFORE, factory);
    const { results } = await applySet(BEFORE, factory);
    assert.deepEqual(failedOutcomes(results), []);
    factory.destroy();
  })();
  return ready;
}

async function zoneId(): Promise<string> {
  const zones = await aws.clients().route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com.' }));
  return (zones.HostedZones?.[0]?.Id ?? '').replace('/hostedzone/', '');
}

const nameOf = (tenant: string) => `${tenant}.${DOMAIN}`;

const weights = (zone: string, tenant: string) => recordWeights(aws.clients().route53, zone, nameOf(tenant));
const shares = (w: Record<string, number>) => weightShares(w, FROM, TO);
const answers = (zone: string, tenant: string) => answersName(aws.clients().route53, zone, nameOf(tenant));

function moveOf(reports: readonly MoveReport[] | undefined, tenant: string): MoveReport | undefined {
  return reports?.find((m) => m.tenant === tenant);
}

async function waitFor(report: MoveReport | undefined): Promise<void> {
  const next = report?.nextAt === undefined ? 0 : Date.parse(report.nextAt) - Date.now();
  if (next > 0) await new Promise((r) => setTimeout(r, Math.min(next + 20, 2_000)));
}

/** One `apply --yes` pass of `s` (of its destination tier only, unless `both`); the tenant's move
 * as the plan reported it. */
async function pass(
  s: ManifestSet, tenant: string, factory: AwsClientFactory, options: Parameters<typeof applySet>[2] = {}, both = false, retryMove = false,
): Promise<MoveReport | undefined> {
  const only = both ? s : { ...s, tiers: s.tiers.filter((t) => t.name === 'tier-1') };
  const planOptions = retryMove ? { moves: { ...PLAN_OPTIONS.moves, retryMove } } : PLAN_OPTIONS;
  // The manifest set is whole (the tier-2 tenants included); only the passes are narrowed.
  const { planned, results } = both ? await applySet(s, factory, options, planOptions) : await applyTiers(s, only, factory, options, planOptions);
  if (options.beforeMutation === undefined) assert.deepEqual(failedOutcomes(results), []);
  return moveOf(planned.plan.moves, tenant);
}

/** applySet over some tiers of a whole set. */
async function applyTiers(whole: ManifestSet, only: ManifestSet, factory: AwsClientFactory, options: Parameters<typeof applySet>[2], planOptions: Parameters<typeof applySet>[3]) {
  const results = [];
  const tiers = [];
  for (const t of only.tiers) {
    const planned = await planTier(whole, t.name, { factory, instanceId: DEFAULT_INSTANCE_ID }, planOptions);
    assert.ok(planned.ok);
    tiers.push(planned);
    if (planned.plan.actions.length > 0) {
      results.push(await applyTier(whole, planned.plan, planned.observation.live, { factory, instanceId: DEFAULT_INSTANCE_ID }, { retry: FAST_RETRY, ...options }));
    }
  }
  return { planned: { tiers, plan: mergePlans(tiers.flatMap((t) => (t.ok ? [t.plan] : []))) }, results };
}

async function tenantResourcesIn(account: string, tenant: string): Promise<string[]> {
  const inv = await inventory(await aws.clientsInAccount(account), aws.clients());
  const base = `-${tenant}`;
  return [
    ...inv.clusters.filter((c) => c.endsWith(base)), ...inv.services.filter((s) => s.endsWith(`/${tenant}`)),
    ...inv.targetGroups.filter((t) => t.startsWith(`${tenant}-`)),
  ];
}

const account = (s: ManifestSet, tier: string) => s.cells.find((c) => c.spec.tier === tier)!.spec.accountId;

test('killed after every few mutating calls of a move, the controller resumes where it was and ends with one resource set', async (t) => {
  await setUp();
  const zone = await zoneId();
  const after = set('carol');
  const kills: number[] = [];
  let last = 0;
  let current = tieredAwsFor(aws.endpoint);
  for (let i = 0; i < 40; i++) {
    // Each pass is killed after k mutating calls, k = 2, 3, 4, 2, …: a sample of the move's kill
    // points (every one of its ~20 calls, TIERED_MOVE_KILL_EVERY=1 runs k = 1 every pass).
    const k = process.env.TIERED_MOVE_KILL_EVERY === '1' ? 1 : (i % 3) + 2;
    const controller = new AbortController();
    let allowed = k;
    let crashed = false;
    const move = await pass(after, 'carol', current, {
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
      crashed = true;
      return undefined;
    });
    if (crashed) {
      kills.push(k);
      current.destroy();
      current = tieredAwsFor(aws.endpoint);
    }
    const w = await weights(zone, 'carol');
    const to = w[TO] ?? 0;
    const share = to === 0 ? 0 : Math.round((100 * to) / (to + (w[FROM] ?? 0)));
    assert.ok(share >= last, `a completed step was reverted: ${last} % -> ${share} %`);
    assert.ok(await answers(zone, 'carol'));
    last = share;
    if (!crashed && move === undefined) break;
    if (!crashed) await waitFor(move);
  }
  t.diagnostic(`killed ${kills.length} passes, after k = ${kills.join(', ')} mutating calls`);
  assert.ok(kills.length >= 5, `the move was killed ${kills.length} times`);
  assert.deepEqual(await weights(zone, 'carol'), { [TO]: 1 });
  assert.deepEqual(await tenantResourcesIn(account(BEFORE, 'tier-2'), 'carol'), []);
  assert.equal((await tenantResourcesIn(account(BEFORE, 'tier-1'), 'carol')).length, 3, 'exactly one resource set');
  assert.equal(await pass(after, 'carol', current), undefined);
  current.destroy();
});

test('a destination that turns unhealthy during step 2 rolls back to 100/0 in one change, keeps the source and waits', async () => {
  await setUp();
  const factory = tieredAwsFor(aws.endpoint);
  const zone = await zoneId();
  const after = set('carol', 'bravo');
  const sourceBefore = await tenantResourcesIn(account(BEFORE, 'tier-2'), 'bravo');
  let move: MoveReport | undefined;
  for (let i = 0; i < 10 && shares(await weights(zone, 'bravo')) !== '50/50'; i++) {
    move = await pass(after, 'bravo', factory);
    await waitFor(move);
  }
  assert.equal(shares(await weights(zone, 'bravo')), '50/50');
  aws.proxy.setTargetHealth([{ targetGroup: 'targetgroup/bravo-1-', state: 'unhealthy', reason: 'Target.FailedHealthChecks' }]);
  aws.proxy.resetCounters();
  move = await pass(after, 'bravo', factory);
  assert.equal(move?.state, 'rolled-back');
  assert.match(move?.reason ?? '', /no healthy target/);
  assert.equal(shares(await weights(zone, 'bravo')), '100/0');
  assert.equal(aws.proxy.count({ operation: 'ChangeResourceRecordSets' }), 1, 'the weights went back in one change');
  assert.deepEqual(await tenantResourcesIn(account(BEFORE, 'tier-2'), 'bravo'), sourceBefore, 'the source is intact');

  // Healthy again, the move stays rolled back until a new revision (or --retry-move).
  aws.proxy.setTargetHealth([]);
  aws.proxy.resetCounters();
  move = await pass(after, 'bravo', factory);
  assert.equal(move?.state, 'rolled-back');
  assert.equal(aws.proxy.count({ mutating: true }), 0);
  move = await pass(after, 'bravo', factory, {}, false, true);
  assert.equal(move?.state, 'shifting', '--retry-move starts it again');
  assert.equal(shares(await weights(zone, 'bravo')), '90/10');
  factory.destroy();
});
