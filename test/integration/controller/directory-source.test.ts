import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { DirectorySource } from '../../../src/controller/sources/directory-source.js';
import { nextError, nextRevision, recordEvents } from '../../support/source-events.js';
import { withTempDir } from '../../support/temp-dir.js';

const TIER = 'kind: Tier\nmetadata: {name: tier-1}\n';
const TENANT = (n: string) => `kind: Tenant\nmetadata: {name: ${n}}\n`;

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
}

async function started(path: string, debounceMs = 50): Promise<DirectorySource> {
  const source = new DirectorySource({ path, debounceMs });
  await source.start();
  return source;
}

test('the first revision is a content hash with a snapshot of the manifests and no changed-file list', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, 'm'), { 'tiers/tier-1.yaml': TIER, 'tenants/acme.yml': TENANT('acme'), 'README.md': 'x' });
    const source = await started(join(tmp, 'm'));
    try {
      const current = source.status().current;
      assert.ok(current);
      assert.match(current.revision, /^dir@[0-9a-f]{12}$/);
      assert.match(current.fullRevision, /^sha256:[0-9a-f]{64}$/);
      assert.equal(current.changedFiles, undefined);
      assert.equal(await readFile(join(current.dir, 'tiers/tier-1.yaml'), 'utf8'), TIER);
      assert.equal(existsSync(join(current.dir, 'README.md')), false, 'only manifests are snapshotted');
      assert.equal(current.userDir, join(tmp, 'm'), 'errors name files under the directory as given, not the snapshot');
    } finally {
      await source.stop();
    }
  });
});

test('the same content gives the same revision in a fresh source', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, 'a'), { 't.yaml': TIER });
    await writeTree(join(tmp, 'b'), { 't.yaml': TIER });
    const [a, b] = [await started(join(tmp, 'a')), await started(join(tmp, 'b'))];
    try {
      assert.equal(a.status().current?.revision, b.status().current?.revision);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

test('editing a manifest in place emits a new revision naming only that file', async () => {
  await withTempDir(async (tmp) => {
    const m = join(tmp, 'm');
    await writeTree(m, { 'tier.yaml': TIER, 'acme.yaml': TENANT('acme') });
    const source = await started(m);
    try {
      const first = source.status().current!;
      const next = nextRevision(source);
      await writeFile(join(m, 'acme.yaml'), TENANT('acme-2'));
      const second = await next;
      assert.notEqual(second.revision, first.revision);
      assert.deepEqual(second.changedFiles, ['acme.yaml']);
      assert.equal(await readFile(join(second.dir, 'acme.yaml'), 'utf8'), TENANT('acme-2'));
    } finally {
      await source.stop();
    }
  });
});

test('touching a file without changing it, or changing a non-manifest, emits no revision', async () => {
  await withTempDir(async (tmp) => {
    const m = join(tmp, 'm');
    await writeTree(m, { 'tier.yaml': TIER, 'acme.yaml': TENANT('acme') });
    const source = await started(m);
    const events = recordEvents(source);
    try {
      await writeFile(join(m, 'tier.yaml'), TIER);
      await writeFile(join(m, 'notes.txt'), 'not a manifest');
      await source.refresh();
      assert.equal(events.revisions.length, 0);
      // A real change afterwards is the only revision, and it names only the changed file.
      const next = nextRevision(source);
      await writeFile(join(m, 'acme.yaml'), TENANT('acme-3'));
      assert.deepEqual((await next).changedFiles, ['acme.yaml']);
      await source.refresh();
      assert.equal(events.revisions.length, 1);
    } finally {
      await source.stop();
    }
  });
});

test('a burst of writes within the debounce window becomes one revision', async () => {
  await withTempDir(async (tmp) => {
    const m = join(tmp, 'm');
    await writeTree(m, { 'tier.yaml': TIER });
    const source = await started(m, 300);
    const events = recordEvents(source);
    try {
      const next = nextRevision(source);
      await writeTree(m, { 'a.yaml': TENANT('a'), 'b.yaml': TENANT('b'), 'sub/c.yaml': TENANT('c') });
      assert.deepEqual((await next).changedFiles, ['a.yaml', 'b.yaml', 'sub/c.yaml']);
      await source.refresh();
      assert.equal(events.revisions.length, 1);
    } finally {
      await source.stop();
    }
  });
});

/**
 * git-sync's swap: a new worktree, a new symlink beside the old one, rename() over it, and the
 * old worktree removed (when `old` is given; git-sync may also keep it for a while).
 */
async function gitSyncSwap(root: string, link: string, worktree: string, files: Record<string, string>, old?: string): Promise<void> {
  await writeTree(join(root, '.worktrees', worktree), files);
  await symlink(join('.worktrees', worktree), join(root, '.tmp-link'));
  await rename(join(root, '.tmp-link'), join(root, link));
  if (old !== undefined) await rm(join(root, '.worktrees', old), { recursive: true, force: true });
}

test('the atomic symlink swap of a git-sync sidecar emits the new tree', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, '.worktrees', 'aaa'), { 'tier.yaml': TIER, 'acme.yaml': TENANT('acme') });
    await symlink(join('.worktrees', 'aaa'), join(tmp, 'current'));
    const source = await started(join(tmp, 'current'));
    try {
      const next = nextRevision(source);
      await gitSyncSwap(tmp, 'current', 'bbb', { 'tier.yaml': TIER, 'globex.yaml': TENANT('globex') }, 'aaa');
      const swapped = await next;
      assert.deepEqual(swapped.changedFiles, ['acme.yaml', 'globex.yaml']);
      assert.equal(await readFile(join(swapped.dir, 'globex.yaml'), 'utf8'), TENANT('globex'));
      // The new target is watched: an edit inside it is seen too.
      const edited = nextRevision(source);
      await writeFile(join(await realpath(join(tmp, 'current')), 'globex.yaml'), TENANT('globex-2'));
      assert.deepEqual((await edited).changedFiles, ['globex.yaml']);
    } finally {
      await source.stop();
    }
  });
});

test('the swap is seen from the rename alone, while the old worktree still exists', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, '.worktrees', 'aaa'), { 'tier.yaml': TIER });
    await symlink(join('.worktrees', 'aaa'), join(tmp, 'current'));
    const source = await started(join(tmp, 'current'));
    try {
      const next = nextRevision(source);
      await gitSyncSwap(tmp, 'current', 'bbb', { 'tier.yaml': TIER, 'acme.yaml': TENANT('acme') });
      assert.deepEqual((await next).changedFiles, ['acme.yaml']);
    } finally {
      await source.stop();
    }
  });
});

test('a swap of a symlink above the watched path (link/manifests) is seen', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, '.worktrees', 'aaa'), { 'manifests/tier.yaml': TIER });
    await symlink(join('.worktrees', 'aaa'), join(tmp, 'repo'));
    const source = await started(join(tmp, 'repo', 'manifests'));
    try {
      const next = nextRevision(source);
      await gitSyncSwap(tmp, 'repo', 'bbb', { 'manifests/tier.yaml': TIER, 'manifests/acme.yaml': TENANT('acme') });
      assert.deepEqual((await next).changedFiles, ['acme.yaml']);
    } finally {
      await source.stop();
    }
  });
});

test('a vanished directory is reported as an error and the last good revision stays in force', async () => {
  await withTempDir(async (tmp) => {
    const m = join(tmp, 'm');
    await writeTree(m, { 'tier.yaml': TIER });
    const source = await started(m);
    try {
      const good = source.status().current!;
      const error = nextError(source);
      await rm(m, { recursive: true });
      assert.match((await error).message, /manifests directory .*\/m: not found/);
      assert.equal(source.status().current?.revision, good.revision);
      assert.ok(source.status().error);
      // It comes back: the error clears with the next revision.
      const back = nextRevision(source);
      await writeTree(m, { 'tier.yaml': TIER, 'acme.yaml': TENANT('acme') });
      assert.deepEqual((await back).changedFiles, ['acme.yaml']);
      assert.equal(source.status().error, undefined);
    } finally {
      await source.stop();
    }
  });
});

test('a source whose directory does not exist starts with an error instead of throwing', async () => {
  await withTempDir(async (tmp) => {
    const source = await started(join(tmp, 'missing'));
    try {
      assert.equal(source.status().current, undefined);
      assert.match(source.status().error?.message ?? '', /not found/);
    } finally {
      await source.stop();
    }
  });
});

test('stop removes the snapshot directories', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, 'm'), { 'tier.yaml': TIER });
    const source = await started(join(tmp, 'm'));
    const dir = source.status().current!.dir;
    assert.equal(existsSync(dir), true);
    await source.stop();
    assert.equal(existsSync(dir), false);
  });
});

test('stop while the source is still starting ends both cleanly', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, 'm'), { 'tier.yaml': TIER });
    const source = new DirectorySource({ path: join(tmp, 'm') });
    const starting = source.start();
    await source.stop();
    await starting;
    assert.equal(existsSync(join(tmp, 'm', 'tier.yaml')), true, 'the watched directory is left alone');
  });
});

test('a symlink out of the watched tree (file or directory) is refused by its path; the target never leaks', async () => {
  await withTempDir(async (tmp) => {
    await writeTree(join(tmp, 'host'), { 'secret.yaml': 'password: SECRET-HOST-CONTENT\n' });
    await writeTree(join(tmp, 'm'), { 'tier.yaml': TIER });
    const source = await started(join(tmp, 'm'));
    try {
      const good = source.status().current;
      assert.ok(good);
      await mkdir(join(tmp, 'm', 'tenants'));
      await symlink(join(tmp, 'host', 'secret.yaml'), join(tmp, 'm', 'tenants', 'leak.yaml'));
      await symlink('../host', join(tmp, 'm', 'more'));
      await source.refresh();
      const error = source.status().error?.message ?? '';
      assert.match(error, /\/m\/more: symbolic link to a path outside the manifests directory; refused/);
      assert.match(error, /\/m\/tenants\/leak\.yaml: symbolic link to a path outside the manifests directory; refused/);
      assert.ok(!error.includes('SECRET') && !error.includes('host/secret'), error);
      assert.equal(source.status().current, good, 'the last good revision stays in force');
    } finally {
      await source.stop();
    }
  });
});
