// `npm start`, as a test: `tiered run --local` on a copy of the examples reaches "converged" for
// every example tier, follows an edit in the watched directory and a git-sync style symlink
// swap without a restart, and on SIGTERM exits 0 leaving no moto behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logsWith, startDaemon, stopLocalDaemon, tenantYaml } from '../../support/daemon-process.js';
import type { DaemonProcess } from '../../support/daemon-process.js';
import { processGone } from '../../support/local-aws.js';
import { repoPath } from '../../support/paths.js';

let root: string;
let daemon: DaemonProcess;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'tiered-run-local-'));
  await cp(repoPath('manifests', 'examples'), join(root, 'v1'), { recursive: true });
  await symlink(join(root, 'v1'), join(root, 'current'));
  daemon = startDaemon(['--local', '--manifests', join(root, 'current')]);
});

after(async () => {
  // When a test failed before the SIGTERM test ran, the daemon still owns a moto.
  await stopLocalDaemon(daemon);
  await rm(root, { recursive: true, force: true });
});

/** Waits until every tier is converged on a revision other than `previous`. */
async function convergedAfter(previous: string | null): Promise<string> {
  return daemon.until(`converged on a revision after ${previous}`, async () => {
    const s = await daemon.status();
    return s.converged && s.inForce !== previous && (s.inForce ?? false);
  });
}

function appliedFor(tenant: string): number {
  return logsWith(daemon.logs, 'action applied', { tenant_id: tenant }).length;
}

test('reaches converged for every example tier and is ready', async () => {
  await convergedAfter(null);
  const s = await daemon.status();
  assert.deepEqual(Object.keys(s.tiers).sort(), ['tier-1', 'tier-2', 'tier-3']);
  assert.ok(Object.values(s.tiers).every((t) => t.lastPass?.result === 'applied' || t.lastPass?.result === 'in-sync'));
  assert.equal((await daemon.get('/readyz')).status, 200);
  assert.match(daemon.stderr(), /status at http:\/\/127\.0\.0\.1:\d+\/status/);
  assert.match(daemon.stderr(), /^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+$/m);
});

test('a tenant written into the watched directory converges without a restart, in a pass scoped to it', async () => {
  const previous = (await daemon.status()).inForce;
  await writeFile(join(root, 'v1', 'tenants', 'newco.yaml'), tenantYaml('newco', 'tier-3', 1));
  await convergedAfter(previous);
  // /status can answer before the pass's log lines have crossed the pipe to this process.
  await daemon.until('newco resources logged as created', () => appliedFor('newco') > 0);
  const planned = logsWith(daemon.logs, 'planned', { tier_id: 'tier-3' }).at(-1);
  assert.deepEqual(planned?.['scope'], ['newco']);
});

test('the atomic swap of a symlinked directory (git-sync style) converges too', async () => {
  const previous = (await daemon.status()).inForce;
  const before = appliedFor('newco');
  await cp(join(root, 'v1'), join(root, 'v2'), { recursive: true });
  await writeFile(join(root, 'v2', 'tenants', 'newco.yaml'), tenantYaml('newco', 'tier-3', 2));
  await symlink(join(root, 'v2'), join(root, 'next'));
  await rename(join(root, 'next'), join(root, 'current'));
  await convergedAfter(previous);
  await daemon.until('the second cluster of newco logged as made', () => appliedFor('newco') > before);
});

test('SIGTERM exits 0 and stops local AWS', async () => {
  const motoPid = Number(/moto pid (\d+)/.exec(daemon.stderr())?.[1]);
  assert.ok(motoPid > 0, 'the moto pid is printed');
  assert.equal(await daemon.stop('SIGTERM'), 0);
  assert.ok(await processGone(motoPid), `moto (pid ${motoPid}) is gone`);
});
