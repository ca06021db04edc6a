// The loading budget at 1,000 files (issue 15 §1), in counts, never in time: a cold load reads
// and parses each file once; a revision that changes one file reads and parses that file alone,
// in the daemon's cache and in the directory source's rescan; a changed, deleted or renamed file
// invalidates exactly its own outcome; and the cache's result is the uncached load's, to the
// last position of the last error.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import jsyaml from 'js-yaml';
import { ManifestCache } from '../../../src/desired/manifests/manifest-cache.js';
import { loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import { readTree, treeOf } from '../../../src/controller/sources/file-tree.js';
import { DirectorySource } from '../../../src/controller/sources/directory-source.js';
import { gitopsTenantFile, gitopsTenantName, gitopsTenantPath, writeGitopsRepo } from '../../../bench/gitops-repo.js';
import { withTempDir } from '../../support/temp-dir.js';

const TENANTS = 967; // + 33 tier and cell files = 1,000 files

/** Opened for reading only (a snapshot's writes are not reads). */
function forReading(flags: unknown): boolean {
  return typeof flags === 'number' ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) === 0 : flags === undefined || flags === 'r';
}

/** Counts the files opened for reading and the texts js-yaml parses while `fn` runs. */
async function counting<T>(fn: () => T | Promise<T>): Promise<{ value: T; opened: number; parsed: number }> {
  const openSync = fs.openSync;
  const loadAll = jsyaml.loadAll;
  let opened = 0;
  let parsed = 0;
  fs.openSync = (...args: Parameters<typeof openSync>) => {
    if (forReading(args[1])) opened++;
    return openSync(...args);
  };
  syncBuiltinESMExports();
  jsyaml.loadAll = ((...args: Parameters<typeof loadAll>) => {
    parsed++;
    return loadAll(...args);
  }) as typeof loadAll;
  try {
    return { value: await fn(), opened, parsed };
  } finally {
    fs.openSync = openSync;
    syncBuiltinESMExports();
    jsyaml.loadAll = loadAll;
  }
}

async function treeAt(dir: string): Promise<ReadonlyMap<string, string>> {
  return treeOf(await readTree(dir)).files;
}

/** The cached load of `dir` equals the uncached one; returns the cache's counts. */
async function loadBoth(cache: ManifestCache, dir: string) {
  const files = await treeAt(dir);
  const cached = await counting(() => cache.load(dir, files));
  assert.deepEqual(cached.value.result, await loadManifestSet(dir), 'cached and uncached loads differ');
  return { ...cached.value.counts, opened: cached.opened, parsed: cached.parsed };
}

/** The 1,000-file repository, written once for all the tests of this file (writing files is
 * most of their time); the tests run in order, each leaving it as 1,000 valid files. */
let written: Promise<string> | undefined;
function repo(): Promise<string> {
  written ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiered-budget-'));
    await writeGitopsRepo(dir, TENANTS);
    return dir;
  })();
  return written;
}
after(async () => {
  if (written !== undefined) await rm(await written, { recursive: true, force: true });
});

test('1,000 files: a cold load reads and parses each file once, as the uncached load does', async () => {
  const tmp = await repo();
  const uncached = await counting(() => loadManifestSet(tmp));
  assert.equal(uncached.value.ok, true);
  assert.equal(uncached.opened, 1000);
  assert.equal(uncached.parsed, 1000);
  const counts = await loadBoth(new ManifestCache(), tmp);
  assert.deepEqual(counts, { read: 1000, checked: 1000, reused: 0, dropped: 0, opened: 1000, parsed: 1000 });
});

test('1,000 files: a revision that changes, adds, deletes or renames one file reads and parses that file alone', async () => {
  const tmp = await repo();
  const cache = new ManifestCache();
  await loadBoth(cache, tmp);
  const one = gitopsTenantPath(tmp, 7);

  await writeFile(one, gitopsTenantFile(7).replace('clusters: 2', 'clusters: 1'));
  assert.deepEqual(await loadBoth(cache, tmp), { read: 1, checked: 1, reused: 999, dropped: 1, opened: 1, parsed: 1 }, 'changed');

  await writeFile(gitopsTenantPath(tmp, TENANTS), gitopsTenantFile(TENANTS));
  assert.deepEqual(await loadBoth(cache, tmp), { read: 1, checked: 1, reused: 1000, dropped: 0, opened: 1, parsed: 1 }, 'added');

  await rm(gitopsTenantPath(tmp, TENANTS));
  assert.deepEqual(await loadBoth(cache, tmp), { read: 0, checked: 0, reused: 1000, dropped: 1, opened: 0, parsed: 0 }, 'deleted');

  await rename(one, join(tmp, 'tenants', 'renamed.yaml'));
  assert.deepEqual(await loadBoth(cache, tmp), { read: 1, checked: 1, reused: 999, dropped: 1, opened: 1, parsed: 1 }, 'renamed');
  assert.equal(cache.paths().length, 1000);
});

test('errors from kept outcomes are the uncached errors, under the new revision directory', async () => {
  await withTempDir(async (tmp) => {
    const a = join(tmp, 'a');
    await writeGitopsRepo(a, 100);
    // A document error kept from the first load, and a whole-set error between two files.
    await writeFile(gitopsTenantPath(a, 3), gitopsTenantFile(3).replace('clusters: 2', 'clusters: many'));
    await writeFile(join(a, 'tenants', 'copy.yaml'), gitopsTenantFile(5));
    const cache = new ManifestCache();
    await loadBoth(cache, a);
    // The next revision in another directory (a source's new snapshot), one file changed.
    const b = join(tmp, 'b');
    await cp(a, b, { recursive: true });
    await writeFile(gitopsTenantPath(b, 9), gitopsTenantFile(9).replace('clusters: 2', 'clusters: 1'));
    const counts = await loadBoth(cache, b);
    assert.equal(counts.read, 1);
    const result = await loadManifestSet(b);
    assert.equal(result.ok, false);
    const messages = result.ok ? [] : result.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`);
    assert.equal(messages.length, 2);
    assert.ok(messages.every((m) => m.startsWith(b)), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes(gitopsTenantName(5)) && m.includes('declared twice')), messages.join('\n'));
  });
});

test('1,000 files: the directory source rescans a one-file change by reading that file alone', async () => {
  await withTempDir(async (tmp) => {
    const m = await repo();
    // settleMs 0: the files were written a moment ago (docs/loading.md: stamps and the clock).
    const source = new DirectorySource({ path: m, debounceMs: 60_000, settleMs: 0, snapshotParent: tmp });
    try {
      await source.start();
      const first = source.status().current!;
      await writeFile(gitopsTenantPath(m, 11), gitopsTenantFile(11).replace('clusters: 2', 'clusters: 1'));
      const rescan = await counting(() => source.refresh());
      assert.equal(rescan.opened, 1);
      const second = source.status().current!;
      assert.notEqual(second.revision, first.revision);
      assert.deepEqual(second.changedFiles, [gitopsTenantPath('', 11)]);
      // The snapshot holds the whole tree, the unchanged files linked from the previous one.
      assert.deepEqual(await treeAt(second.dir), await treeAt(m));
      assert.deepEqual(second.files, await treeAt(m));
    } finally {
      await source.stop();
    }
  });
});
