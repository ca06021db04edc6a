import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ControllerMetrics } from '../../../src/controller/http/metrics.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text.js';

async function scrape(metrics: ControllerMetrics) {
  return parsePrometheusText((await metrics.render()).body);
}

test('the exposition parses as Prometheus text and includes process metrics', async () => {
  const metrics = new ControllerMetrics();
  const store = new StatusStore(metrics);
  store.recordPass('tier-1', 'applied', 1500, { 'target-group': 2 }, { revision: 'main@abc' });
  store.recordAwsCall('elbv2', 'CreateTargetGroup', 'ok');
  const families = await scrape(metrics);
  assert.equal(families.get('tiered_passes_total')?.type, 'counter');
  assert.equal(families.get('tiered_pass_duration_seconds')?.type, 'histogram');
  assert.ok(families.has('process_cpu_user_seconds_total'), 'default process metrics');
  assert.ok(families.has('nodejs_eventloop_lag_seconds'));
});

test('passes are counted by tier and result, with their duration in the histogram', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.recordPass('tier-1', 'in-sync', 200, {});
  store.recordPass('tier-1', 'in-sync', 300, {});
  store.recordPass('tier-1', 'failed', 7000, {});
  const f = await scrape(metrics);
  assert.equal(sampleValue(f, 'tiered_passes_total', { tier: 'tier-1', result: 'in-sync' }), 2);
  assert.equal(sampleValue(f, 'tiered_passes_total', { tier: 'tier-1', result: 'failed' }), 1);
  assert.equal(sampleValue(f, 'tiered_pass_duration_seconds_count', { tier: 'tier-1' }), 3);
  assert.equal(sampleValue(f, 'tiered_pass_duration_seconds_sum', { tier: 'tier-1' }), 7.5);
  assert.equal(sampleValue(f, 'tiered_pass_duration_seconds_bucket', { tier: 'tier-1', le: '0.25' }), 1);
});

test('drift by kind reflects the last pass only: kinds settled since show 0, what remains', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.recordPass('tier-1', 'drift', 1, { 'target-group': 2, 'ecs-service': 1 });
  store.recordPass('tier-1', 'drift', 1, { 'ecs-service': 4 });
  const f = await scrape(metrics);
  assert.deepEqual(
    f.get('tiered_drift_actions')?.samples.map((s) => [s.labels.kind, s.value]),
    [['target-group', 0], ['ecs-service', 4]],
  );
});

test('AWS calls are counted by service, operation and outcome', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.recordAwsCall('route53', 'ChangeResourceRecordSets', 'ok');
  store.recordAwsCall('route53', 'ChangeResourceRecordSets', 'throttling');
  store.recordAwsCall('route53', 'ChangeResourceRecordSets', 'throttling');
  const f = await scrape(metrics);
  const labels = { service: 'route53', operation: 'ChangeResourceRecordSets' };
  assert.equal(sampleValue(f, 'tiered_aws_calls_total', { ...labels, outcome: 'ok' }), 1);
  assert.equal(sampleValue(f, 'tiered_aws_calls_total', { ...labels, outcome: 'throttling' }), 2);
});

test('the applied revision is one info series per tier, replaced when it changes', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.recordPass('tier-1', 'applied', 1, {}, { revision: 'main@aaa' });
  store.recordPass('tier-1', 'in-sync', 1, {}, { revision: 'main@bbb' });
  store.recordPass('tier-1', 'failed', 1, {}, { revision: 'main@ccc' });
  const f = await scrape(metrics);
  assert.deepEqual(f.get('tiered_applied_revision_info')?.samples, [
    { name: 'tiered_applied_revision_info', labels: { tier: 'tier-1', revision: 'main@bbb' }, value: 1 },
  ]);
});

test('queue depth, leases held, source revision and validation errors are gauges', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.setQueueDepth(4);
  store.setLeases(['tier-1', 'tier-2']);
  store.setRevision('dir@aaa', 'sha256:aaa');
  store.setRevision('dir@bbb', 'sha256:bbb');
  store.setValidationErrors('dir@bbb', ['a', 'b', 'c']);
  const f = await scrape(metrics);
  assert.equal(sampleValue(f, 'tiered_queue_depth'), 4);
  assert.equal(sampleValue(f, 'tiered_leases_held'), 2);
  assert.deepEqual(f.get('tiered_source_revision_info')?.samples.map((s) => s.labels.revision), ['dir@bbb']);
  assert.equal(sampleValue(f, 'tiered_manifest_validation_errors'), 3);
});

test('a tier removed from the manifests leaves no gauge series behind', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const store = new StatusStore(metrics);
  store.recordPass('gone', 'drift', 1, { 'target-group': 1 }, { revision: 'dir@1' });
  store.setTiers(['tier-1']);
  const f = await scrape(metrics);
  for (const name of ['tiered_drift_actions', 'tiered_applied_revision_info', 'tiered_last_pass_timestamp_seconds']) {
    assert.deepEqual(f.get(name)?.samples, [], name);
  }
});

test('two metric sets do not share a registry', async () => {
  const a = new ControllerMetrics({ defaultMetrics: false });
  const b = new ControllerMetrics({ defaultMetrics: false });
  new StatusStore(a).setQueueDepth(7);
  assert.equal(sampleValue(await scrape(b), 'tiered_queue_depth'), 0);
});

test('label values with quotes, backslashes and newlines are escaped', async () => {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  new StatusStore(metrics).recordAwsCall('ecs', 'Odd"\\\nName', 'ok');
  const f = await scrape(metrics);
  assert.equal(sampleValue(f, 'tiered_aws_calls_total', { service: 'ecs', operation: 'Odd"\\\nName', outcome: 'ok' }), 1);
});
