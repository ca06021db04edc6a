// A manifests repository written by an attacker (issue 13): links out of the tree, loops,
// unreadable paths, oversized files and trees, echoed values and a document bomb are refused
// with the path at fault, and nothing outside the tree is read or quoted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, open, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIssue, loadManifestSet } from '../../../src/desired/manifests/manifests.js';
import type { ValidationResult } from '../../../src/desired/manifests/manifests.js';
import { readManifestTree } from '../../../src/desired/manifests/manifest-tree.js';
import { repoPath } from '../../support/paths.js';
import { withTempDir } from '../../support/temp-dir.js';

const SECRET = 'root:x:0:0:SECRET-HOST-CONTENT';
const TIER = `apiVersion: tiered.dev/v1alpha1
kind: Tier
metadata: {name: tier-1}
spec:
  region: us-east-1
  dns: {zone: example.com, endpoint: tier-1.example.com}
  workload: {image: app:1}
`;

function errorLines(result: ValidationResult): string[] {
  assert.equal(result.ok, false, 'expected the set to be refused');
  return result.ok ? [] : result.errors.map((e) => formatIssue(e));
}

/** A tree with the tier in `manifests/` and a host file beside it, outside the tree. */
async function withTree(fn: (root: string, outside: string) => Promise<void>): Promise<void> {
  await withTempDir(async (tmp) => {
    const root = join(tmp, 'manifests');
    await mkdir(join(root, 'tenants'), { recursive: true });
    await writeFile(join(root, 'tier.yaml'), TIER);
    const outside = join(tmp, 'host');
    await mkdir(outside);
    await writeFile(join(outside, 'passwd.yaml'), `${SECRET}\n`);
    await fn(root, outside);
  });
}

test('a file symlink out of the tree is refused by its own path; the target is never read nor quoted', async () => {
  await withTree(async (root, outside) => {
    await symlink(join(outside, 'passwd.yaml'), join(root, 'tenants', 'leak.yaml'));
    const lines = errorLines(await loadManifestSet(root));
    assert.deepEqual(lines, [
      `${join(root, 'tenants', 'leak.yaml')}: symbolic link to a path outside the manifests directory; refused (links may only point inside the manifests tree)`,
    ]);
    assert.ok(!lines.join('\n').includes('SECRET') && !lines.join('\n').includes(outside));
  });
});

test('a directory symlink out of the tree is refused, relative or absolute', async () => {
  await withTree(async (root, outside) => {
    await symlink(outside, join(root, 'tenants', 'abs'));
    await symlink('../../host', join(root, 'tenants', 'rel'));
    const lines = errorLines(await loadManifestSet(root));
    assert.deepEqual(
      lines.map((l) => l.slice(0, l.indexOf(':'))),
      [join(root, 'tenants', 'abs'), join(root, 'tenants', 'rel')],
    );
    assert.ok(!lines.join('\n').includes('SECRET'));
  });
});

test('links inside the tree are followed, and the root itself may be a link (the sidecar swap)', async () => {
  await withTree(async (root) => {
    await writeFile(join(root, 'tenants', 'real.yaml'), 'apiVersion: tiered.dev/v1alpha1\nkind: Tenant\nmetadata: {name: acme}\nspec: {tier: tier-1}\n');
    await symlink('../tier.yaml', join(root, 'tenants', 'same-tier.yml.bak'));
    await symlink('tenants', join(root, 'alias-dir'));
    await symlink(root, join(root, '..', 'current'));
    const read = await readManifestTree(join(root, '..', 'current'));
    assert.deepEqual(read.problems, []);
    // alias-dir is the same real directory as tenants/: read once.
    assert.deepEqual(read.files.map((f) => f.rel), ['alias-dir/real.yaml', 'tier.yaml']);
  });
});

test('a symlink loop is called a loop, file or directory', async () => {
  await withTree(async (root) => {
    await symlink('self.yaml', join(root, 'tenants', 'self.yaml'));
    await symlink('..', join(root, 'tenants', 'up'));
    const lines = errorLines(await loadManifestSet(root));
    assert.deepEqual(lines, [
      `${join(root, 'tenants', 'self.yaml')}: symbolic link loop: the link resolves back to itself`,
      `${join(root, 'tenants', 'up')}: symbolic link loop: the link points at a directory that contains it`,
    ]);
  });
});

test('an unreadable file or directory is reported as path: permission denied', async () => {
  await withTree(async (root) => {
    await writeFile(join(root, 'tenants', 'locked.yaml'), TIER);
    await chmod(join(root, 'tenants', 'locked.yaml'), 0o000);
    await mkdir(join(root, 'sealed'));
    await chmod(join(root, 'sealed'), 0o000);
    await chmod(join(root, '..'), 0o755);
    // root reads anything: the loader runs as nobody, as the container's user would.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const script = `import { loadManifestSet, formatIssue } from ${JSON.stringify(repoPath('dist', 'src', 'desired', 'manifests', 'manifests.js'))};
const r = await loadManifestSet(${JSON.stringify(root)});
console.log(JSON.stringify(r.ok ? [] : r.errors.map((e) => formatIssue(e))));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', ...asNobody });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), [`${join(root, 'sealed')}: permission denied`, `${join(root, 'tenants', 'locked.yaml')}: permission denied`]);
  });
});

test("a file's size is checked before it is read: a 4 GiB sparse file costs nothing", async () => {
  await withTree(async (root) => {
    const handle = await open(join(root, 'tenants', 'huge.yaml'), 'w');
    await handle.truncate(4 * 1024 ** 3);
    await handle.close();
    const before = process.memoryUsage().rss;
    const lines = errorLines(await loadManifestSet(root));
    assert.deepEqual(lines, [`${join(root, 'tenants', 'huge.yaml')}:1:1: The file is 4096.0 MiB; a manifest file may be at most 1 MiB. Split it into several files.`]);
    assert.ok(process.memoryUsage().rss - before < 512 * 1024 ** 2, 'the file was not read');
  });
});

test("a tree's file count and total size are capped, with a clear error naming the flag", async () => {
  await withTree(async (root) => {
    for (const n of [1, 2, 3, 4]) await writeFile(join(root, 'tenants', `t${n}.yaml`), 'x'.repeat(1000));
    assert.deepEqual(errorLines(await loadManifestSet(root, { maxFiles: 3, maxTotalBytes: 1024 ** 2 })), [
      `${root}: the manifests hold more than 3 files; at most 3 are read (--max-manifest-files)`,
    ]);
    assert.deepEqual(errorLines(await loadManifestSet(root, { maxFiles: 100, maxTotalBytes: 2500 })), [
      `${root}: the manifests hold more than 2500 bytes; at most 2500 are read (--max-manifest-bytes)`,
    ]);
  });
});

test('a 100,000-character value is quoted as an escaped excerpt of 80 characters', async () => {
  await withTree(async (root) => {
    const long = `\u202e${'a'.repeat(99_999)}`;
    await writeFile(join(root, 'tenants', 'long.yaml'), `apiVersion: tiered.dev/v1alpha1\nkind: Tenant\nmetadata: {name: "${long}"}\nspec: {tier: tier-1, ${'k'.repeat(5000)}: 1}\n`);
    const result = await loadManifestSet(root);
    const lines = errorLines(result);
    for (const line of lines) assert.ok(line.length < 500, `${line.length} characters: ${line.slice(0, 300)}`);
    assert.ok(lines.some((l) => l.includes(`found the string "\\u202e${'a'.repeat(79)}"… (100000 characters)`)), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('has an unknown field "kkkk') && l.includes('(5000 characters)')), lines.join('\n'));
    assert.ok(!result.ok && result.errors.every((e) => (e.document ?? '').length < 120));
  });
});

test('1 MiB of `---` is refused at the 10,001st document, with the loader staying under 100 MB', async () => {
  await withTempDir(async (tmp) => {
    await writeFile(join(tmp, 'bomb.yaml'), '---\n'.repeat(262_144));
    // A fresh process, so its peak RSS is the loader's and nothing else's.
    const script = `import { loadManifestSet, formatIssue } from ${JSON.stringify(repoPath('dist', 'src', 'desired', 'manifests', 'manifests.js'))};
const before = process.memoryUsage().rss;
const r = await loadManifestSet(${JSON.stringify(tmp)});
console.log(JSON.stringify({ grew: process.resourceUsage().maxRSS * 1024 - before, errors: r.ok ? [] : r.errors.map((e) => formatIssue(e, 'bomb.yaml')) }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const { grew, errors } = JSON.parse(child.stdout) as { grew: number; errors: string[] };
    assert.deepEqual(errors, [
      'bomb.yaml:10001:1: The file holds more than 10000 documents (this one is beyond the limit); a manifest file may hold at most 10000. Split it into several files.',
    ]);
    assert.ok(grew < 100 * 1024 ** 2, `peak RSS grew by ${Math.round(grew / 1024 ** 2)} MB`);
  });
});
