import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cachedCheck, daemonReadinessChecks, evaluateReadiness } from '../../../src/controller/http/readiness.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';

test('not ready until a revision is loaded, AWS answers and lease state is known', async () => {
  const store = new StatusStore();
  let aws: boolean | { ok: boolean; detail: string } = { ok: false, detail: 'sts: connect ECONNREFUSED' };
  const checks = daemonReadinessChecks(store, () => aws);
  let report = await evaluateReadiness(checks);
  assert.equal(report.ready, false);
  assert.deepEqual(report.checks, {
    source: { ok: false, detail: 'no revision loaded yet' },
    aws: { ok: false, detail: 'sts: connect ECONNREFUSED' },
    leases: { ok: false, detail: 'lease state not known yet' },
  });
  store.setRevision('dir@abc', 'sha256:abc');
  aws = true;
  report = await evaluateReadiness(checks);
  assert.equal(report.ready, false);
  assert.deepEqual(Object.entries(report.checks).filter(([, c]) => !c.ok).map(([n]) => n), ['leases']);
  store.setLeases([]);
  report = await evaluateReadiness(checks);
  assert.equal(report.ready, true);
});

test('a source error explains why no revision is loaded', async () => {
  const store = new StatusStore();
  store.setSourceError("git fetch file:///r main: couldn't find remote ref main");
  const report = await evaluateReadiness(daemonReadinessChecks(store, () => true));
  assert.match(report.checks.source?.detail ?? '', /couldn't find remote ref/);
});

test('a check that throws or never answers fails with a reason', async () => {
  const report = await evaluateReadiness(
    [
      { name: 'throws', check: () => Promise.reject(new Error('boom')) },
      { name: 'hangs', check: () => new Promise<boolean>(() => {}) },
    ],
    20,
  );
  assert.deepEqual(report, {
    ready: false,
    checks: { throws: { ok: false, detail: 'boom' }, hangs: { ok: false, detail: 'no answer within 20 ms' } },
  });
});

test('a cached check calls through once per time-to-live, and again after it', async () => {
  let calls = 0;
  let clock = 0;
  const check = cachedCheck(() => (calls++, true), 5_000, () => clock);
  await check();
  clock = 4_999;
  await check();
  assert.equal(calls, 1);
  clock = 5_000;
  assert.equal(await check(), true);
  assert.equal(calls, 2);
});

test('a cached check turns a throw into a failing outcome with the reason', async () => {
  const check = cachedCheck(() => {
    throw new Error('sts: connect ECONNREFUSED');
  }, 1_000);
  assert.deepEqual(await check(), { ok: false, detail: 'sts: connect ECONNREFUSED' });
});

test('every tier stalled is not ready; one stalled among others is', async () => {
  const store = new StatusStore();
  store.setRevision('dir@abc', 'sha256:abc');
  store.setLeases([]);
  let phases = [
    { tier: 'tier-1', stalled: true, startedAt: Date.now() - 61_000 },
    { tier: 'tier-2', stalled: false },
  ];
  const checks = daemonReadinessChecks(store, () => true, () => phases);
  assert.deepEqual((await evaluateReadiness(checks)).checks['passes'], { ok: true, detail: '1 of 2 tiers stalled' });
  phases = [{ tier: 'tier-1', stalled: true, startedAt: Date.now() - 61_000 }];
  const report = await evaluateReadiness(checks);
  assert.equal(report.ready, false);
  assert.match(report.checks['passes']?.detail ?? '', /^every tier's pass is stalled: tier-1 for 6\d s$/);
});

test('AWS gone for good (local AWS exited) fails the aws check with the reason, whatever the probe says', async () => {
  const store = new StatusStore();
  store.setAwsGone('local AWS (moto) exited (pid 42, signal SIGKILL): its resources are gone');
  const report = await evaluateReadiness(daemonReadinessChecks(store, () => true));
  assert.deepEqual(report.checks['aws'], { ok: false, detail: 'local AWS (moto) exited (pid 42, signal SIGKILL): its resources are gone' });
});
