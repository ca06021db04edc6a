// What one logical AWS call costs on the wire, counted by the proxy: the SDK's retry is the one
// retry layer for throttles and server errors (issue 11, item 4), every attempt is counted in
// /metrics (issue 13), every mutating attempt passes the lease fence, SDK retries included, and
// every attempt names its caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_ATTEMPTS } from '../../../src/aws/clients.js';
import { runFenced } from '../../../src/aws/attempt-fence.js';
import type { AwsAttempt } from '../../../src/aws/attempt-observer.js';
import { ControllerMetrics } from '../../../src/controller/http/metrics.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { LeaseLostError } from '../../../src/controller/leases/lease-types.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import type { CallRecord } from '../../../src/local/proxy/types.js';
import { applySet, failedOutcomes } from '../../support/engine-harness.js';
import { withLocalAws } from '../../support/local-aws.js';
import { manifestSet } from '../../support/manifest-builder.js';
import { parsePrometheusText } from '../../support/prometheus-text.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

const aws = withLocalAws({ proxy: { seed: 11 } });

function smallSet() {
  return manifestSet()
    .tier('tier-1', { routing: { match: 'host' } })
    .layout('tier-1', { 'cell-1': ['ig-1'] })
    .tenant('alpha', { clusters: 2 })
    .build();
}

/** The proxy's log grouped by SDK invocation (one logical call, however many attempts). */
function attemptsPerCall(calls: readonly CallRecord[]): Map<string, CallRecord[]> {
  const byCall = new Map<string, CallRecord[]>();
  for (const c of calls) {
    assert.ok(c.invocation !== undefined, `${c.operation} carries amz-sdk-invocation-id`);
    byCall.set(c.invocation, [...(byCall.get(c.invocation) ?? []), c]);
  }
  return byCall;
}

test('a call AWS keeps refusing costs the SDK attempts once, not SDK attempts times tiered retries', async () => {
  const set = smallSet();
  const factory = tieredAwsFor(aws.endpoint);
  try {
    await bootstrapLocalAws(set, factory);
    aws.proxy.resetCounters();
    aws.proxy.setFaults([
      { kind: 'throttle', service: 'elbv2', operation: 'CreateTargetGroup' },
      { kind: 'server-error', service: 'ecs', operation: 'CreateCluster' },
    ]);
    const { results } = await applySet(set, factory);
    aws.proxy.clearFaults();
    const failed = new Set((failedOutcomes(results) as { kind: string; status: string }[]).filter((o) => o.status === 'failed').map((o) => o.kind));
    assert.ok(failed.has('ecs-cluster') && failed.has('target-group'), `failed: ${[...failed].join(', ')}`);
    // Two target groups and two clusters were each one logical call.
    assert.equal(aws.proxy.count({ operation: 'CreateTargetGroup' }), 2 * DEFAULT_MAX_ATTEMPTS);
    assert.equal(aws.proxy.count({ operation: 'CreateCluster' }), 2 * DEFAULT_MAX_ATTEMPTS);
    for (const [id, attempts] of attemptsPerCall(aws.proxy.calls())) {
      assert.ok(attempts.length <= DEFAULT_MAX_ATTEMPTS, `call ${id} (${attempts[0]?.operation}) made ${attempts.length} attempts`);
      assert.deepEqual(attempts.map((a) => a.attempt), attempts.map((_, i) => i + 1));
    }
  } finally {
    factory.destroy();
  }
});

test('/metrics counts every attempt: its failures are the faults the proxy injected', async () => {
  const set = smallSet();
  const setup = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(set, setup);
  setup.destroy();
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  const seen: AwsAttempt[] = [];
  let logicalCalls = 0;
  const factory = tieredAwsFor(aws.endpoint, {
    onAttempt: (a) => {
      seen.push(a);
      store.recordAwsAttempt(a.service, a.operation, a.outcome, a.retryOf);
    },
    onCall: () => logicalCalls++,
  });
  try {
    aws.proxy.resetCounters();
    aws.proxy.setFaults([{ kind: 'throttle', probability: 0.15 }, { kind: 'server-error', probability: 0.15 / 0.85 }]);
    const { results } = await applySet(set, factory);
    aws.proxy.clearFaults();
    assert.deepEqual(failedOutcomes(results), []);
    const families = parsePrometheusText((await metrics.render()).body);
    const attempts = families.get('tiered_aws_attempts_total')?.samples ?? [];
    const retries = families.get('tiered_aws_retries_total')?.samples ?? [];
    const sum = (samples: typeof attempts, keep: (l: Readonly<Record<string, string>>) => boolean) =>
      samples.filter((s) => keep(s.labels)).reduce((n, s) => n + s.value, 0);
    const injected = aws.proxy.count({ outcome: 'fault' });
    const refusedByMoto = aws.proxy.count({ outcome: 'error' });
    assert.ok(injected >= 10, `the seed injects enough faults to count (${injected})`);
    assert.equal(sum(attempts, () => true), aws.proxy.count(), 'one attempt counted per request the proxy saw');
    assert.equal(sum(attempts, (l) => l['outcome'] !== 'ok'), injected + refusedByMoto);
    assert.equal(sum(attempts, (l) => l['outcome'] === 'throttling' || l['outcome'] === 'transient'), injected, 'each fault counted in its class');
    assert.equal(sum(retries, () => true), seen.length - logicalCalls, 'every attempt after a call\'s first is a retry');
    assert.ok(sum(retries, (l) => l['error_class'] === 'throttling') > 0 && sum(retries, (l) => l['error_class'] === 'transient') > 0);
  } finally {
    factory.destroy();
  }
});

test('the fence refuses a mutating attempt, SDK retries included, and lets reads through', async () => {
  const factory = tieredAwsFor(aws.endpoint);
  try {
    aws.proxy.setFaults([{ kind: 'throttle', service: 'ecs', operation: 'CreateCluster', times: 1 }]);
    let checks = 0;
    const fence = {
      check(operation: string) {
        checks += 1;
        // Open for the first attempt only: the lease "ends" while the SDK backs off.
        if (checks > 1) throw new LeaseLostError('tier-1', 'expired', `fenced ${operation}`);
      },
    };
    const ecs = factory.clients({ region: 'us-east-1' }).ecs;
    await assert.rejects(
      runFenced(fence, () => ecs.createCluster({ clusterName: 'fenced', tags: [{ key: 'k', value: 'v' }] })),
      { name: 'LeaseLostError', message: /fenced CreateCluster/ },
    );
    assert.equal(checks, 2, 'the SDK\'s retry reached the fence');
    assert.equal(aws.proxy.count({ operation: 'CreateCluster' }), 1, 'only the first attempt was sent');
    await runFenced(fence, () => ecs.describeClusters(['fenced']));
    assert.equal(checks, 2, 'reads are not fenced');
    await ecs.createCluster({ clusterName: 'unfenced', tags: [{ key: 'k', value: 'v' }] });
    assert.equal(checks, 2, 'work outside a fence is not checked');
  } finally {
    factory.destroy();
  }
});

test('every attempt names its caller in the proxy\'s call log', async () => {
  const factory = tieredAwsFor(aws.endpoint, { callerId: 'replica-a-1234' });
  try {
    await factory.clients({ region: 'us-east-1' }).sts.getCallerIdentity();
    const [call] = aws.proxy.calls({ operation: 'GetCallerIdentity' });
    assert.equal(call?.caller, 'replica-a-1234');
    assert.equal(aws.proxy.calls({ caller: 'replica-a-1234' }).length, 1);
  } finally {
    factory.destroy();
  }
});

test('an attempt made under a tier\'s fence names the tier, once, SDK retries included', async () => {
  const factory = tieredAwsFor(aws.endpoint, { callerId: 'replica-b-5678' });
  try {
    aws.proxy.setFaults([{ kind: 'throttle', service: 'ecs', operation: 'CreateCluster', times: 1 }]);
    const ecs = factory.clients({ region: 'us-east-1' }).ecs;
    await runFenced({ tier: 'tier-9', check() {} }, () => ecs.createCluster({ clusterName: 'named', tags: [{ key: 'k', value: 'v' }] }));
    const attempts = aws.proxy.calls({ operation: 'CreateCluster', caller: 'replica-b-5678' });
    assert.equal(attempts.length, 2);
    assert.deepEqual(attempts.map((c) => c.tier), ['tier-9', 'tier-9']);
    await ecs.describeClusters(['named']);
    assert.equal(aws.proxy.calls({ operation: 'DescribeClusters', caller: 'replica-b-5678' })[0]?.tier, undefined, 'outside a fence: no tier');
  } finally {
    factory.destroy();
  }
});
