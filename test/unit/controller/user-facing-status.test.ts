// What /status and the daemon's errors show a person: files named as the user has them, never
// the temporary copy a revision is loaded from, and every time in ISO 8601.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonStatus } from '../../../src/controller/daemon-status.js';
import { StatusStore } from '../../../src/controller/http/status-store.js';
import { userPath } from '../../../src/controller/user-path.js';

test('a file of the temporary copy is named under the directory the user gave', () => {
  const copy = '/tmp/tiered-manifests-AbC123';
  assert.equal(userPath(`${copy}/tenants/x.yaml`, copy, 'manifests/examples'), 'manifests/examples/tenants/x.yaml');
  assert.equal(userPath(copy, copy, 'manifests/examples'), 'manifests/examples');
  assert.equal(userPath(`${copy}/tenants/x.yaml`, copy, 'manifests'), 'manifests/tenants/x.yaml', 'git: the directory inside the repository');
  assert.equal(userPath('/elsewhere/x.yaml', copy, 'manifests'), '/elsewhere/x.yaml');
  assert.equal(userPath(`${copy}/x.yaml`, copy, undefined), `${copy}/x.yaml`);
});

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function times(value: unknown, path = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return /(At|Until|\.at)$/.test(path) ? [[path, value]] : [];
  return Object.entries(value).flatMap(([k, v]) => times(v, path === '' ? k : `${path}.${k}`));
}

test('/status shows every time as ISO 8601: passes, schedules, leases, the next resync', () => {
  const store = new StatusStore();
  store.setTiers(['tier-1']);
  store.setRevision('dir@abc', 'sha256:abc', new Date(Date.UTC(2026, 10, 30, 23, 0, 0)));
  store.recordPass('tier-1', 'applied', 1200, {}, { revision: 'dir@abc' });
  const at = Date.UTC(2026, 10, 30, 23, 1, 0);
  const status = daemonStatus(
    store.snapshot(),
    {
      depth: 0, inFlight: 0, stopping: false, nextResyncAt: at,
      tiers: [{ tier: 'tier-1', phase: 'idle', passes: 1, consecutiveFailures: 0, lastStartedAt: at, lastFinishedAt: at, nextRetryAt: at }],
    },
    [{ tier: 'tier-1', held: true, fencingToken: 3, leaseUntil: at }],
    { instanceId: 'tiered', dryRun: false },
    'dir@abc',
    new Set(),
  );
  const found = times(JSON.parse(JSON.stringify(status)));
  assert.ok(found.length >= 6, JSON.stringify(found));
  for (const [path, value] of found) assert.match(String(value), ISO, path);
  assert.equal(status.tiers['tier-1']?.lease?.leaseUntil, '2026-11-30T23:01:00.000Z');
  assert.equal(status.scheduler.nextResyncAt, '2026-11-30T23:01:00.000Z');
});
