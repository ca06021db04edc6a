// One daemon pass in-process against moto: the lease's write guard stops a replica whose lease
// was taken before its first write, and an event-driven (scoped) pass changes exactly what a
// full pass would for its tenants and nothing outside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import { AlwaysHeldLeases } from '../../../src/controller/leases/always-held-leases.js';
import { DynamoLeaseProvider } from '../../../src/controller/leases/dynamodb-leases.js';
import { leaseTableClientOf } from '../../../src/controller/leases/lease-table-client.js';
import { ensureLeaseTable } from '../../../src/controller/leases/lease-table.js';
import { LeaseLostError } from '../../../src/controller/leases/lease-types.js';
import type { LeaseProvider } from '../../../src/controller/leases/lease-types.js';
import { classifyPassError, PassFailedError } from '../../../src/controller/pass-errors.js';
import { FULL } from '../../../src/controller/revision-tracker.js';
import { placementHint, runTierPass } from '../../../src/controller/tier-pass.js';
import type { TierPassInput } from '../../../src/controller/tier-pass.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { planTier } from '../../../src/engine/plan-tier.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { exampleTier, withoutTenant, withTenant } from '../../support/example-tier.js';
import { withLocalAws } from '../../support/local-aws.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws();
const TIER = 'tier-3';
const silent = pino({ level: 'silent' });

/** A provider that holds the tier until its guard is asked, then finds the lease taken. */
function takenLeases(): LeaseProvider {
  const held = new AlwaysHeldLeases();
  return Object.assign(Object.create(held) as LeaseProvider, {
    writeGuard: (tier: string) => ({
      tier,
      fencingToken: 7,
      signal: new AbortController().signal,
      assertStillLeader: async () => {
        throw new LeaseLostError(tier, 'taken', 'another replica holds fencing token 8');
      },
      fence: {
        check() {
          throw new LeaseLostError(tier, 'taken', 'another replica holds fencing token 8');
        },
      },
    }),
  });
}

function pass(factory: AwsClientFactory, leases: LeaseProvider = new AlwaysHeldLeases()) {
  return (input: Omit<TierPassInput, 'tier' | 'revision' | 'signal'>) =>
    runTierPass(
      { engine: { factory, instanceId: 'tiered' }, leases, dryRun: false, planOptions: {}, log: silent },
      { ...input, tier: TIER, revision: 'test@1', signal: new AbortController().signal },
    );
}

/** Mutating calls tiered made to the topology (role assumption aside). */
function writes(): number {
  return aws.proxy.calls({ mutating: true }).filter((c) => c.service !== 'sts').length;
}

async function ready(set: ManifestSet): Promise<AwsClientFactory> {
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(set, factory);
  return factory;
}

test('a replica whose lease was taken makes no write, and the pass fails as terminal', async () => {
  const set = await exampleTier();
  const factory = await ready(set);
  try {
    const before = writes();
    const failure = await pass(factory, takenLeases())({ set, scope: FULL }).then(
      () => assert.fail('the pass should fail'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof LeaseLostError, String(failure));
    assert.equal(classifyPassError(failure), 'terminal');
    assert.equal(writes(), before);
  } finally {
    factory.destroy();
  }
});

test('a scoped pass creates the new tenant where a full pass would, and deletes nothing outside its scope', async () => {
  const base = await exampleTier();
  const factory = await ready(base);
  try {
    const first = await pass(factory)({ set: base, scope: FULL });
    assert.equal(first.result, 'applied');
    assert.deepEqual(first.drift, {}, 'after a successful apply the drift reported is what remains: none');
    const hint = placementHint(first.placement, true);

    // The new revision adds `newco` and (in the same set) no longer lists `oscorp`: a scoped
    // pass for newco alone must leave oscorp's resources alone.
    const next = withoutTenant(withTenant(base, 'newco', 'soylent'), 'oscorp');
    const before = aws.proxy.calls({ mutating: true }).length;
    const scoped = await pass(factory)({ set: next, scope: { kind: 'tenants', tenants: ['newco'] }, hint });
    assert.equal(scoped.result, 'applied');
    assert.deepEqual(scoped.scope, { kind: 'tenants', tenants: ['newco'] });
    const made = aws.proxy.calls({ mutating: true }).slice(before);
    assert.deepEqual(made.filter((c) => /^(Delete|Deregister)/.test(c.operation)), []);
    assert.ok(made.some((c) => c.operation === 'CreateCluster'), 'newco got its cluster');

    // Nothing is left for a full pass of the tier with both tenants: same placement, same resources.
    const full = await planTier(withTenant(base, 'newco', 'soylent'), TIER, { factory, instanceId: 'tiered' });
    assert.ok(full.ok);
    assert.deepEqual(full.plan.actions.map((a) => a.id), []);
  } finally {
    factory.destroy();
  }
});

test('a tier holding a suspended tenant is in sync once the rest is applied: suspend is no work left', async () => {
  const base = await exampleTier();
  const suspended = base.tenants[0]!.name;
  const set: ManifestSet = { ...base, tenants: base.tenants.map((t) => (t.name === suspended ? { ...t, spec: { ...t.spec, suspend: true } } : t)) };
  const factory = await ready(set);
  try {
    const first = await pass(factory)({ set, scope: FULL });
    assert.equal(first.result, 'applied');
    assert.deepEqual(first.drift, {}, 'neither what was applied nor what the suspend holds is drift left');
    const before = writes();
    const again = await pass(factory)({ set, scope: FULL });
    assert.equal(again.result, 'in-sync', 'the held creates of the suspended tenant are no drift to converge');
    assert.deepEqual(again.drift, {});
    assert.ok(again.notes.some((n) => /^suspended: \d+ action\(s\) held report-only by suspend$/.test(n)), again.notes.join('; '));
    assert.equal(writes(), before, 'and nothing was written for it');
  } finally {
    factory.destroy();
  }
});

test('a pass under a DynamoDB lease reads the lease table once, however many batches it writes', async () => {
  const set = await exampleTier();
  const factory = await ready(set);
  const table = leaseTableClientOf(factory.clients({ region: 'us-east-1' }).dynamodb);
  await ensureLeaseTable(table, 'tiered-leases', { pollMs: 10 });
  const leases = new DynamoLeaseProvider({ client: table, tableName: 'tiered-leases', holder: 'replica-a' });
  leases.setTiers([TIER]);
  await leases.start();
  try {
    aws.proxy.resetCounters();
    const report = await pass(factory, leases)({ set, scope: FULL });
    assert.equal(report.result, 'applied');
    const batches = aws.proxy.count({ operation: 'ChangeResourceRecordSets' });
    const mutating = aws.proxy.calls({ mutating: true }).filter((c) => c.service !== 'dynamodb' && c.service !== 'sts').length;
    assert.ok(batches >= 2 && mutating > 20, `${batches} DNS batches, ${mutating} mutating calls`);
    assert.equal(aws.proxy.count({ service: 'dynamodb', operation: 'GetItem' }), 1);
  } finally {
    await leases.stop();
    factory.destroy();
  }
});

test('a pass tells what it planned before its first write; one that cannot read AWS fails as unreadable (docs/status.md)', async () => {
  const set = await exampleTier();
  const factory = await ready(set);
  try {
    const before = writes();
    let planned: { tenants: string[]; writes: number } | undefined;
    const report = await runTierPass(
      { engine: { factory, instanceId: 'tiered' }, leases: new AlwaysHeldLeases(), dryRun: false, planOptions: {}, log: silent, onPlanned: (p) => (planned = { tenants: p.tenants.map((t) => t.tenant), writes: writes() }) },
      { set, scope: FULL, tier: TIER, revision: 'test@1', signal: new AbortController().signal },
    );
    assert.equal(report.result, 'applied');
    assert.deepEqual(planned, { tenants: set.tenants.map((t) => t.name).sort(), writes: before });

    aws.proxy.setFaults([{ kind: 'unavailable' }]);
    const failure = await pass(factory)({ set, scope: FULL }).then(
      () => assert.fail('the pass should fail'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof PassFailedError && failure.unreadable, String(failure));
  } finally {
    aws.proxy.clearFaults();
    factory.destroy();
  }
});
