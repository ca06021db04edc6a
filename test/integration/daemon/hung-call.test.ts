// A call that never answers (issue 13): GetResources held for 400 s by the proxy. The tier's pass
// shows `stalled` in /status, the daemon warns, /readyz fails naming the stalled tier (every tier
// is), and SIGTERM still ends the process through its own shutdown: exit 0, not the hard stop at
// --shutdown-timeout (exit 1), and not the 400 s the call would hold an open socket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { backendEnv, logsWith, startDaemon } from '../../support/daemon-process.js';
import type { DaemonProcess } from '../../support/daemon-process.js';
import { exampleTier } from '../../support/example-tier.js';
import { startTestAws } from '../../support/local-aws.js';
import type { TestAws } from '../../support/local-aws.js';
import { repoPath } from '../../support/paths.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

let aws: TestAws;
let dir: string;
let daemon: DaemonProcess;

before(async () => {
  aws = await startTestAws();
  const set = await exampleTier('tier-3');
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(set, factory);
  factory.destroy();
  dir = await mkdtemp(join(tmpdir(), 'tiered-hung-call-'));
  await mkdir(join(dir, 'tenants'));
  await cp(repoPath('manifests', 'examples', 'tiers', 'tier-3.yaml'), join(dir, 'tier-3.yaml'));
  for (const t of set.tenants) await cp(repoPath('manifests', 'examples', 'tenants', `${t.name}.yaml`), join(dir, 'tenants', `${t.name}.yaml`));
  aws.proxy.setFaults([{ kind: 'latency', service: 'tagging', operation: 'GetResources', latencyMs: 400_000 }]);
  // A request timeout longer than the hang: the socket stays open for the whole 400 s.
  daemon = startDaemon(
    ['--manifests', dir, '--leader-election=false', '--stall-after', '2s', '--request-timeout', '10m', '--shutdown-timeout', '4s'],
    backendEnv(aws.endpoint),
  );
});

after(async () => {
  await daemon.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
  await aws.stop();
});

interface TierSchedule {
  readonly tiers: Record<string, { readonly converged: boolean; readonly schedule: { readonly phase: string } | null }>;
}

test('a pass held by a call that never answers is stalled, warned about, and not ready', async () => {
  const phase = await daemon.until('tier-3 stalled', async () => {
    const s = JSON.parse((await daemon.get('/status')).body) as TierSchedule;
    return s.tiers['tier-3']?.schedule?.phase === 'stalled' && s.tiers['tier-3'];
  });
  assert.equal(phase.converged, false);
  assert.equal(aws.proxy.count({ operation: 'GetResources' }), 0, 'the call is still held, unanswered');
  await daemon.until('the stall warning', () => logsWith(daemon.logs, 'pass stalled: still running past --stall-after', { tier_id: 'tier-3' }).length > 0);
  assert.equal(logsWith(daemon.logs, 'pass stalled: still running past --stall-after')[0]?.['level'], 'warn');
  const ready = await daemon.get('/readyz');
  assert.equal(ready.status, 503);
  const report = JSON.parse(ready.body) as { checks: Record<string, { ok: boolean; detail?: string }> };
  assert.equal(report.checks['passes']?.ok, false);
  assert.match(report.checks['passes']?.detail ?? '', /every tier's pass is stalled: tier-3 for \d+ s/);
  assert.equal(report.checks['aws']?.ok, true, 'AWS itself answers');
});

test('SIGTERM ends the process through its own shutdown while the call still hangs', async () => {
  assert.equal(await daemon.stop('SIGTERM'), 0);
  assert.equal(logsWith(daemon.logs, 'shutdown did not finish within --shutdown-timeout; exiting').length, 0);
  assert.deepEqual(logsWith(daemon.logs, 'passes abandoned at shutdown')[0]?.['tiers'], ['tier-3']);
});
