// `tiered plan` and `tiered apply` as a CI job runs them, against the local backend through
// AWS_ENDPOINT_URL: exit codes, the JSON plan's documented shape, the --yes rule, progress and
// summary lines. Acceptance 9: a manifest set with validation errors makes no AWS call at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import { bootstrapLocalAws } from '../../../src/local/bootstrap.js';
import { withEngineAws } from '../../support/engine-harness.js';
import { repoPath } from '../../support/paths.js';
import { tieredAsync } from '../../support/run-cli.js';
import { oneTenantSet } from '../../support/manifest-yaml.js';

const { aws, factory } = withEngineAws();

const SET = oneTenantSet();

function cliEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  };
}

async function withManifests(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tiered-cli-'));
  try {
    await writeFile(join(dir, 'tier.yaml'), SET);
    const loaded = await loadManifestSet(dir);
    assert.ok(loaded.ok, JSON.stringify(loaded));
    await bootstrapLocalAws(loaded.set, factory());
    aws.proxy.resetCounters();
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a manifest set with validation errors makes no AWS call at all, through plan and through apply --yes', async () => {
  const broken = repoPath('test', 'fixtures', 'broken', 'errors-in-several-files');
  for (const args of [['plan', broken], ['apply', broken, '--yes']]) {
    const run = await tieredAsync(args, cliEnv());
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /is invalid .*nothing was read or changed in AWS/);
  }
  assert.equal(aws.proxy.count(), 0, JSON.stringify(aws.proxy.counters()));
});

test('plan exits 2 with changes pending, its JSON has the documented fields, apply --yes prints progress and a summary and exits 0, then plan exits 0', async () => {
  await withManifests(async (dir) => {
    const pending = await tieredAsync(['plan', dir], cliEnv());
    assert.equal(pending.code, 2, pending.stderr);
    assert.match(pending.stdout, /\+ ecs-service acme #2 \(missing\)/);

    const json = await tieredAsync(['plan', dir, '--output', 'json'], cliEnv());
    assert.equal(json.code, 2, json.stderr);
    const doc = JSON.parse(json.stdout) as Record<string, unknown> & { actions: Record<string, unknown>[]; summary: Record<string, number> };
    assert.deepEqual(Object.keys(doc).sort(), ['actions', 'conflicts', 'degraded', 'errors', 'moves', 'notices', 'placement', 'summary', 'unschedulable', 'version']);
    assert.equal(doc['version'], 2);
    assert.deepEqual(doc['errors'], []);
    assert.deepEqual(Object.keys(doc.summary).sort(), ['adopt', 'conflicts', 'create', 'delete', 'held', 'update']);
    assert.equal(doc.summary['create'], doc.actions.length);
    const fields = ['action', 'actionId', 'changes', 'cell', 'clusterIndex', 'dependsOn', 'id', 'infraGroup', 'key', 'kind', 'name', 'reason', 'replace', 'reportOnly', 'tenant', 'tier'];
    for (const a of doc.actions) for (const f of fields) assert.ok(f in a, `${f} in ${JSON.stringify(a)}`);
    const seen = new Set<string>();
    for (const a of doc.actions) {
      for (const dep of a['dependsOn'] as string[]) assert.ok(seen.has(dep), `${String(a['actionId'])} comes after ${dep}`);
      seen.add(a['actionId'] as string);
    }
    assert.deepEqual(doc['placement'], [{ tenant: 'acme', tier: 'tier-1', infraGroups: ['tier-1/cell-1/ig-1'], origin: 'new' }]);

    const applied = await tieredAsync(['apply', dir, '--yes'], cliEnv());
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /^applying tier-1:$/m);
    const progress = applied.stdout.split('\n').filter((l) => /^\s+ok\s+create /.test(l));
    assert.equal(progress.length, doc.actions.length, 'one progress line per action');
    // Named the same way as in the plan: kind, AWS name, cluster, and the tier/cell/ig/tenant path.
    assert.match(applied.stdout, /^\s+ok\s+create ecs-service acme #2 \[tier-1\/cell-1\/ig-1\/acme\]$/m);
    const planned = pending.stdout.split('\n').flatMap((l) => /^\s+\+ (.*) \(missing\)$/.exec(l)?.slice(1) ?? []).sort();
    const applying = progress.flatMap((l) => /create (.*) \[[^\]]+\]$/.exec(l)?.slice(1) ?? []).sort();
    assert.deepEqual(applying, planned);
    assert.match(applied.stdout, new RegExp(`^tier-1: converged: ${doc.actions.length} succeeded, 0 failed, 0 skipped$`, 'm'));

    const synced = await tieredAsync(['plan', dir], cliEnv());
    assert.equal(synced.code, 0, synced.stdout + synced.stderr);
  });
});

test('apply without a terminal and without --yes refuses, exits 1 and calls nothing in AWS', async () => {
  await withManifests(async (dir) => {
    const run = await tieredAsync(['apply', dir], cliEnv());
    assert.equal(run.code, 1);
    assert.match(run.stderr, /pass --yes/);
    assert.equal(aws.proxy.count({ mutating: true }), 0);
    assert.equal(aws.proxy.count(), 0, 'it refuses before reading anything');
  });
});

test('plan exits 1 when live state cannot be read (a server error, AccessDenied), says what could not be read in text, JSON and Markdown, and never "No changes"', async () => {
  await withManifests(async (dir) => {
    aws.proxy.setFaults([{ service: 'tagging', kind: 'server-error' }]);
    const run = await tieredAsync(['plan', dir], cliEnv());
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /tier tier-1 cell cell-1: .*/);
    assert.doesNotMatch(run.stdout, /No changes/);

    aws.proxy.setFaults([{ service: 'tagging', kind: 'access-denied' }]);
    const text = await tieredAsync(['plan', dir], cliEnv());
    assert.equal(text.code, 1, text.stdout);
    assert.match(text.stdout, /^! could not read live state: tier tier-1 cell cell-1: AccessDeniedException: /m);
    assert.match(text.stdout, /^Plan incomplete: live state of tier tier-1 could not be read/m);
    assert.doesNotMatch(text.stdout, /No changes/);
    const json = await tieredAsync(['plan', dir, '-o', 'json'], cliEnv());
    assert.equal(json.code, 1);
    const doc = JSON.parse(json.stdout) as { errors: { tier: string; cell?: string; code?: string }[] };
    assert.ok(doc.errors.some((e) => e.tier === 'tier-1' && e.cell === 'cell-1' && e.code === 'AccessDeniedException'), JSON.stringify(doc.errors));
    const md = await tieredAsync(['plan', dir, '-o', 'markdown'], cliEnv());
    assert.equal(md.code, 1);
    assert.match(md.stdout, /\*\*Live state that could not be read\*\*\n\n- tier tier-1 cell cell-1: AccessDeniedException/);
    assert.doesNotMatch(md.stdout, /No changes/);
    aws.proxy.setFaults([]);
  });
});

test('apply exits 2 when a removed tenant\'s clusters still drain (pending, not failed), and says to apply again', async () => {
  await withManifests(async (dir) => {
    assert.equal((await tieredAsync(['apply', dir, '--yes'], cliEnv())).code, 0);
    // The tier's default delay is 30 s: the clusters are still draining when the removal runs.
    aws.proxy.setDraining({ enabled: true });
    await writeFile(join(dir, 'tier.yaml'), SET.slice(0, SET.lastIndexOf('---')));
    const removed = await tieredAsync(['apply', dir, '--yes', '--allow-mass-delete'], cliEnv());
    assert.equal(removed.code, 2, removed.stdout + removed.stderr);
    assert.equal(removed.stdout.split('\n').filter((l) => /^\s+pending\s+delete ecs-cluster arn:aws:ecs:us-east-1:111111111111:cluster\/tier-1-cell-1-ig-1-acme(-2)? #\d \[tier-1\/cell-1\/ig-1\/acme\]: /.test(l)).length, 2, removed.stdout);
    assert.match(removed.stdout, /^tier-1: NOT converged: \d+ succeeded, 0 failed, 0 skipped, 2 pending \(AWS still settling: apply again\)$/m);
  });
});
