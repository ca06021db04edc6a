// `tiered run --git` against a test backend: /readyz waits for the first revision, a commit is
// reconciled and reported by sha, a broken commit is reported and changes nothing in AWS,
// /metrics scrapes, and SIGTERM exits 0.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { backendEnv, logsWith, startDaemon, tenantYaml } from '../../support/daemon-process.js';
import type { DaemonProcess } from '../../support/daemon-process.js';
import { exampleTier } from '../../support/example-tier.js';
import { makeGitOrigin } from '../../support/git-origin.js';
import type { GitOrigin } from '../../support/git-origin.js';
import { startTestAws } from '../../support/local-aws.js';
import type { TestAws } from '../../support/local-aws.js';
import { repoPath } from '../../support/paths.js';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';

let aws: TestAws;
let root: string;
let origin: GitOrigin;
let daemon: DaemonProcess;
let good: string;

before(async () => {
  aws = await startTestAws();
  const factory = tieredAwsFor(aws.endpoint);
  await bootstrapLocalAws(await exampleTier(), factory);
  factory.destroy();
  root = await mkdtemp(join(tmpdir(), 'tiered-run-git-'));
  origin = makeGitOrigin(root);
  daemon = startDaemon(['--git', origin.url, '--interval', '1s', '--leader-election=false'], backendEnv(aws.endpoint));
});

after(async () => {
  await daemon.stop('SIGKILL');
  await rm(root, { recursive: true, force: true });
  await aws.stop();
});

/** Tiered's writes to the topology (the proxy's count of mutating calls, role assumption aside). */
function writes(): number {
  return aws.proxy.calls({ mutating: true }).filter((c) => c.service !== 'sts').length;
}

async function exampleFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const rel of ['tiers/tier-3.yaml', 'tenants/cyberdyne.yaml', 'tenants/oscorp.yaml', 'tenants/soylent.yaml']) {
    files[`manifests/${rel}`] = await readFile(repoPath('manifests', 'examples', rel), 'utf8');
  }
  return files;
}

test('/readyz answers 503 until a revision is loaded, then 200', async () => {
  await daemon.url();
  const early = await daemon.get('/readyz');
  assert.equal(early.status, 503);
  assert.equal((JSON.parse(early.body) as { checks: { source: { ok: boolean } } }).checks.source.ok, false);
  good = origin.commit(await exampleFiles(), 'tier-3');
  await daemon.until('/readyz 200', async () => (await daemon.get('/readyz')).status === 200);
});

test('the commit is reconciled, and its sha is in /status and in the revision log field', async () => {
  const status = await daemon.until('converged', async () => {
    const s = await daemon.status();
    return s.converged && s;
  });
  assert.equal(status.source.revision?.fullRevision, good);
  const short = `main@${good.slice(0, 12)}`;
  assert.equal(status.tiers['tier-3']?.revision, short);
  // /status can answer before the pass's last log lines have crossed the pipe to this process.
  await daemon.until('pass logged', async () => logsWith(daemon.logs, 'pass finished', { tier_id: 'tier-3', revision: short }).length > 0);
  // The log arrives through the child's stdout pipe, which may trail its /status answer.
  await daemon.until('the applied actions logged with the revision', () => logsWith(daemon.logs, 'action applied', { tier_id: 'tier-3', revision: short }).length > 0);
});

test('a broken commit is reported in /status, the logs and a metric, and changes nothing in AWS', async () => {
  const before = writes();
  const broken = origin.commit({ 'manifests/tenants/newco.yaml': tenantYaml('newco', 'tier-3', 9) }, 'six clusters is one too many');
  const short = `main@${broken.slice(0, 12)}`;
  const status = await daemon.until('the broken revision reported', async () => {
    const s = await daemon.status();
    return s.source.validation?.revision === short && s;
  });
  // Named as the user has it in the repository, never the daemon's temporary checkout.
  assert.match(status.source.validation?.errors[0] ?? '', /^manifests\/tenants\/newco\.yaml:\d+:\d+: /);
  assert.equal(status.inForce, `main@${good.slice(0, 12)}`);
  await daemon.until('the invalid revision logged', () =>
    logsWith(daemon.logs, 'revision is invalid: not applied; the last good revision stays in force', { revision: short }).length > 0);
  const metrics = parsePrometheusText((await daemon.get('/metrics')).body);
  assert.ok((sampleValue(metrics, 'tiered_manifest_validation_errors') ?? 0) > 0);
  assert.equal(writes(), before);
});

test('/metrics parses as Prometheus text with passes, AWS calls and the applied revision', async () => {
  const metrics = parsePrometheusText((await daemon.get('/metrics')).body);
  assert.ok((sampleValue(metrics, 'tiered_passes_total', { tier: 'tier-3', result: 'applied' }) ?? 0) >= 1);
  assert.equal(sampleValue(metrics, 'tiered_applied_revision_info', { tier: 'tier-3', revision: `main@${good.slice(0, 12)}` }), 1);
  const calls = metrics.get('tiered_aws_calls_total')?.samples ?? [];
  assert.ok(calls.some((s) => s.labels['service'] === 'elbv2' && s.labels['outcome'] === 'ok'));
});

test('SIGTERM exits 0', async () => {
  assert.equal(await daemon.stop('SIGTERM'), 0);
});
