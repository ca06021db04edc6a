// Issue 12 acceptance, alarms (docs/design.md §11.3), on moto through the proxy: each tenant
// cluster's alarms with the reference's thresholds and the tier's SNS topics per severity, a
// tenant override, a threshold changed by hand fixed by one apply, and a removed tenant's alarms
// deleted before its services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeAlarmsCommand, ListTagsForResourceCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import type { Alarms, ManifestSet } from '../../../src/desired/model.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { planToJson } from '../../../src/plan/render-json.js';
import { applyConverged, applySet, assertInSync, failedOutcomes, planSet, withEngineAws } from '../../support/engine-harness.js';
import { DEFAULT_ALARMS, manifestSet } from '../../support/manifest-builder.js';

const { aws, factory } = withEngineAws();

const WARN = 'arn:aws:sns:us-east-1:111111111111:tier-1-warning';
const PAGE = 'arn:aws:sns:us-east-1:111111111111:tier-1-critical';
const ON: Alarms = { ...DEFAULT_ALARMS, enabled: true, actions: { warning: [WARN], critical: [PAGE] } };

function tierWith(tenants: Readonly<Record<string, Partial<Alarms>>>): ManifestSet {
  const b = manifestSet().tier('tier-1', { routing: { match: 'host' }, alarms: ON }).layout('tier-1', { 'cell-1': ['ig-1'] });
  for (const [name, alarms] of Object.entries(tenants)) b.tenant(name, { alarms });
  return b.build();
}

async function converged(set: ManifestSet): Promise<void> {
  assert.deepEqual((await bootstrapLocalAws(set, factory())).unresolvable, []);
  await applyConverged(set, factory());
}

async function alarmsIn(set: ManifestSet) {
  const { cloudwatch } = await aws.clientsInAccount(set.cells[0]!.spec.accountId);
  return { cloudwatch, alarms: (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'tiered/tier-1/cell-1/' }))).MetricAlarms ?? [] };
}

test('each tenant cluster gets the reference alarms, tagged as ours, with the tier topics per severity; a tenant override wins', async () => {
  const set = tierWith({ alpha: {}, beta: { memoryWarningPercent: 60 } });
  await converged(set);
  await assertInSync(set, factory());
  const { cloudwatch, alarms } = await alarmsIn(set);
  const summary = alarms.map((a) => [a.AlarmName, a.MetricName, a.Threshold, a.AlarmActions]).sort();
  const at = (t: string, id: string) => `tiered/tier-1/cell-1/ig-1/${t}/1/${id}`;
  assert.deepEqual(summary, [
    [at('alpha', 'latency'), 'TargetResponseTime', 0.3, [WARN]],
    [at('alpha', 'memory-critical'), 'MemoryUtilization', 85, [PAGE]],
    [at('alpha', 'memory-warning'), 'MemoryUtilization', 70, [WARN]],
    [at('alpha', 'target-5xx'), 'HTTPCode_Target_5XX_Count', 10, [PAGE]],
    [at('alpha', 'unhealthy-hosts'), 'UnHealthyHostCount', 0, [PAGE]],
    [at('beta', 'latency'), 'TargetResponseTime', 0.3, [WARN]],
    [at('beta', 'memory-critical'), 'MemoryUtilization', 85, [PAGE]],
    [at('beta', 'memory-warning'), 'MemoryUtilization', 60, [WARN]],
    [at('beta', 'target-5xx'), 'HTTPCode_Target_5XX_Count', 10, [PAGE]],
    [at('beta', 'unhealthy-hosts'), 'UnHealthyHostCount', 0, [PAGE]],
  ]);
  const latency = alarms.find((a) => a.AlarmName === at('alpha', 'latency'))!;
  assert.deepEqual(latency.Dimensions?.map((d) => d.Name).sort(), ['LoadBalancer', 'TargetGroup']);
  const dimension = (name: string) => latency.Dimensions?.find((d) => d.Name === name)?.Value ?? '';
  assert.match(dimension('TargetGroup'), /^targetgroup\/alpha-1-[0-9a-f]{10}\/[0-9a-f]+$/);
  assert.match(dimension('LoadBalancer'), /^app\/tier-1-cell-1-ig-1-[0-9a-f]{10}\/[0-9a-f]+$/);
  assert.equal(latency.EvaluationPeriods! * latency.Period!, 300, 'five minutes');
  const tags = (await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: latency.AlarmArn }))).Tags ?? [];
  assert.deepEqual(Object.fromEntries(tags.map((t) => [t.Key, t.Value])), {
    'tiered.dev/managed-by': 'tiered', 'tiered.dev/resource': 'alarm', 'tiered.dev/tier': 'tier-1', 'tiered.dev/cell': 'cell-1',
    'tiered.dev/infra-group': 'ig-1', 'tiered.dev/tenant': 'alpha', 'tiered.dev/cluster-index': '1', 'tiered.dev/alarm': 'latency',
  });
});

test('an alarm threshold changed by hand is reported with live and desired values and fixed by one apply', async () => {
  const set = tierWith({ alpha: {} });
  await converged(set);
  const { cloudwatch, alarms } = await alarmsIn(set);
  const memory = alarms.find((a) => a.AlarmName?.endsWith('/memory-critical'))!;
  await cloudwatch.send(new PutMetricAlarmCommand({
    AlarmName: memory.AlarmName, Namespace: memory.Namespace, MetricName: memory.MetricName, Statistic: memory.Statistic, Dimensions: memory.Dimensions,
    Period: memory.Period, EvaluationPeriods: memory.EvaluationPeriods, Threshold: 99, ComparisonOperator: memory.ComparisonOperator,
    TreatMissingData: memory.TreatMissingData, AlarmActions: memory.AlarmActions,
  }));
  const json = planToJson((await planSet(set, factory())).plan);
  assert.deepEqual(json.actions.map((a) => [a.actionId, a.changes]), [
    ['update:alarm:tier-1/cell-1/ig-1/alpha/1/memory-critical', [{ field: 'threshold', live: 99, desired: 85 }]],
  ]);
  await applyConverged(set, factory());
  await assertInSync(set, factory());
});

test('deleting a tenant deletes its alarms before its services; the other tenant keeps its own', async () => {
  await converged(tierWith({ alpha: {}, beta: {} }));
  aws.proxy.resetCounters();
  const shrunk = tierWith({ alpha: {} });
  const { planned, results } = await applySet(shrunk, factory(), {}, { allowMassDelete: true }); // 1 of 2 tenants: past the guard's 20 %
  assert.deepEqual(failedOutcomes(results), []);
  const serviceDeps = planned.plan.actions.find((a) => a.id === 'delete:ecsService:tier-1/cell-1/ig-1/beta/1')?.dependsOn ?? [];
  for (const id of ['memory-warning', 'memory-critical', 'latency', 'target-5xx', 'unhealthy-hosts']) {
    assert.ok(serviceDeps.includes(`delete:alarm:tier-1/cell-1/ig-1/beta/1/${id}`), id);
  }
  const ops = aws.proxy.calls({ mutating: true }).map((c) => c.operation);
  assert.equal(ops.filter((o) => o === 'DeleteAlarms').length, 5);
  assert.ok(ops.lastIndexOf('DeleteAlarms') < ops.indexOf('DeleteService'), ops.join(' '));
  await assertInSync(shrunk, factory());
  const { alarms } = await alarmsIn(shrunk);
  assert.deepEqual(new Set(alarms.map((a) => a.AlarmName?.split('/')[4])), new Set(['alpha']));
});

test('a cell with more alarms than a page is read page by page: 22 tenants, 110 alarms, 2 DescribeAlarms', async () => {
  const tenants = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`t${String(i).padStart(2, '0')}`, {}]));
  const set = tierWith(tenants);
  await converged(set);
  aws.proxy.resetCounters();
  await assertInSync(set, factory());
  assert.equal(aws.proxy.count({ operation: 'DescribeAlarms' }), 2);
});
