// Issue 6, scenario 2 at small scale: the daemon's pass for one new tenant (scoped to it) reads
// the same, operation by operation, whether its infra group already holds 10 tenants or 50 (past
// 20 rules on the listener, where reading every rule's owner would cost a second DescribeTags).
// And the rules it reads only for their priority neither hide a foreign rule that routes the new
// tenant's requests (still a conflict) nor receive the new tenant's rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { AwsClientFactory } from '../../../src/aws/clients.js';
import { AlwaysHeldLeases } from '../../../src/controller/leases/always-held-leases.js';
import { FULL } from '../../../src/controller/revision-tracker.js';
import { placementHint, runTierPass } from '../../../src/controller/tier-pass.js';
import type { TierPassInput, TierPassReport } from '../../../src/controller/tier-pass.js';
import type { ManifestSet } from '../../../src/desired/model.js';
import { planTier } from '../../../src/engine/plan-tier.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { withLocalAws } from '../../support/local-aws.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';
import { cell, infraGroup, tenant, tier } from '../../support/topology-fixtures.js';

const aws = withLocalAws();
const INSTANCE = 'tiered';
const ROLE = 'arn:aws:iam::111111111111:role/tiered';
const NEW = 'newco';
const RULE_KEY = `listenerRule:tier-1/cell-1/ig-1/${NEW}`;
const silent = pino({ level: 'silent' });

/** One cell, one infra group (plain HTTP: moto holds no certificate) with room for 60 tenants
 * of one cluster each, `t000`…. */
function oneGroupTier(tenants: number): ManifestSet {
  const t = tier();
  const ig = infraGroup('ig-1');
  return {
    tiers: [{ ...t, spec: { ...t.spec, limits: { ...t.spec.limits, tenantsPerInfraGroup: 60, headroomPercent: 0 } } }],
    cells: [cell()],
    infraGroups: [{ ...ig, spec: { ...ig.spec, listener: { protocol: 'HTTP', port: 80 } } }],
    tenants: Array.from({ length: tenants }, (_, i) => tenant(`t${String(i).padStart(3, '0')}`)),
  };
}

const withNew = (set: ManifestSet): ManifestSet => ({ ...set, tenants: [...set.tenants, tenant(NEW)] });

function pass(factory: AwsClientFactory, input: Omit<TierPassInput, 'tier' | 'revision' | 'signal'>): Promise<TierPassReport> {
  return runTierPass(
    { engine: { factory, instanceId: INSTANCE }, leases: new AlwaysHeldLeases(), dryRun: false, planOptions: {}, log: silent },
    { ...input, tier: 'tier-1', revision: 'test@1', signal: new AbortController().signal },
  );
}

/** `set` converged by a full pass, and the hint the daemon keeps from it. */
async function converged(factory: AwsClientFactory, set: ManifestSet) {
  const full = await pass(factory, { set, scope: FULL });
  assert.equal(full.result, 'applied');
  return placementHint(full.placement, true);
}

async function builtTier(factory: AwsClientFactory, tenants: number) {
  const set = oneGroupTier(tenants);
  await bootstrapLocalAws(set, factory);
  return { set, hint: await converged(factory, set) };
}

function readsByOperation(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of aws.proxy.calls({ mutating: false })) out[c.operation] = (out[c.operation] ?? 0) + 1;
  return out;
}

async function listenerOf(factory: AwsClientFactory): Promise<string> {
  const elbv2 = factory.clients({ region: 'us-east-1', roleArn: ROLE }).elbv2;
  const [lb] = await elbv2.describeLoadBalancers();
  const [listener] = await elbv2.describeListeners({ loadBalancerArn: lb?.LoadBalancerArn as string });
  return listener?.ListenerArn as string;
}

async function foreignRule(factory: AwsClientFactory, priority: number, path: string): Promise<void> {
  const elbv2 = factory.clients({ region: 'us-east-1', roleArn: ROLE }).elbv2;
  await elbv2.createRule({
    ListenerArn: await listenerOf(factory), Priority: priority,
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [path] } }],
    Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
  });
}

/** Converges `set`, then runs the daemon's pass scoped to `name`, added to it: its reads. */
async function onboard(factory: AwsClientFactory, set: ManifestSet, name: string): Promise<Record<string, number>> {
  const hint = await converged(factory, set);
  aws.proxy.resetCounters();
  const onboarded = await pass(factory, { set: { ...set, tenants: [...set.tenants, tenant(name)] }, scope: { kind: 'tenants', tenants: [name] }, hint });
  assert.equal(onboarded.result, 'applied');
  assert.deepEqual(onboarded.scope, { kind: 'tenants', tenants: [name] }, 'the pass stayed scoped');
  assert.ok(aws.proxy.calls({ mutating: true }).some((c) => c.operation === 'CreateRule'), `${name} got its rule`);
  return readsByOperation();
}

test('the scoped pass onboarding one tenant reads the same by operation beside 10 tenants as beside 50', async () => {
  const factory = tieredAwsFor(aws.endpoint);
  try {
    // One backend, the tier growing: 10 tenants and a first newcomer, then 49 and that newcomer
    // (50 in the infra group) and a second one.
    const small = oneGroupTier(10);
    await bootstrapLocalAws(small, factory);
    const beside10 = await onboard(factory, small, 'newco-a');
    const grown = oneGroupTier(49);
    const beside50 = await onboard(factory, { ...grown, tenants: [...grown.tenants, tenant('newco-a')] }, 'newco-b');
    assert.deepEqual(beside50, beside10);
    // The listener's tags and none of its rules' (the newcomer has none yet): one call, where
    // reading all 51 ARNs beside 50 tenants took three.
    assert.equal(beside50['DescribeTags'], 1);
  } finally {
    factory.destroy();
  }
});

test('a scoped pass still reports a foreign rule that routes the new tenant, and skips the priorities of rules it did not tie', async () => {
  const factory = tieredAwsFor(aws.endpoint);
  try {
    const { set, hint } = await builtTier(factory, 3);
    // Tenants t000…t002 hold priorities 1–3. A foreign rule at 4 routes elsewhere (read for its
    // priority only); one at 9 routes the new tenant's paths.
    await foreignRule(factory, 4, '/legacy/*');
    await foreignRule(factory, 9, `/${NEW}/*`);
    const planned = await planTier(withNew(set), 'tier-1', { factory, instanceId: INSTANCE }, { scope: { tenants: [NEW] }, placementHint: hint });
    assert.ok(planned.ok);
    assert.deepEqual(planned.plan.conflicts.map((c) => [c.key, c.ownership, c.aws.name]), [[RULE_KEY, 'foreign', '9']]);
    assert.equal(planned.plan.actions.some((a) => a.key === RULE_KEY), false, 'no rule is added beside the rival');
    assert.ok(planned.plan.actions.every((a) => a.owner.tenant === NEW && a.action === 'create'), 'only the new tenant is acted on');
    assert.deepEqual(planned.observation.hints.priorities.get('tier-1/cell-1/ig-1')?.taken, [1, 2, 3, 4, 9]);

    // Without the rival, the new rule takes the lowest priority nobody holds.
    const elbv2 = factory.clients({ region: 'us-east-1', roleArn: ROLE }).elbv2;
    const rival = (await elbv2.describeRules({ listenerArn: await listenerOf(factory) })).find((r) => r.Priority === '9');
    await elbv2.deleteRule(rival?.RuleArn as string);
    const clear = await planTier(withNew(set), 'tier-1', { factory, instanceId: INSTANCE }, { scope: { tenants: [NEW] }, placementHint: hint });
    assert.ok(clear.ok);
    assert.deepEqual(clear.plan.conflicts, []);
    const create = clear.plan.actions.find((a) => a.key === RULE_KEY);
    assert.equal(create?.action === 'create' ? create.desired.spec['priority'] : undefined, 5);
  } finally {
    factory.destroy();
  }
});
