// `tiered placement --rebalance <tier> --write` on a copy of a fixture tree: the moved tenants'
// files get pins, every other file stays byte for byte as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { repoPath } from '../../support/paths.js';
import { tiered } from '../../support/run-cli.js';
import { withTempDir } from '../../support/temp-dir.js';

const FIXTURE = repoPath('test', 'fixtures', 'rebalance');

async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path));
  }
  return files;
}

test('placement --rebalance --write pins the moved tenant and leaves every other file byte-identical', async () => {
  await withTempDir(async (dir) => {
    await cp(FIXTURE, dir, { recursive: true });
    const before = await snapshot(dir);
    const run = tiered(['placement', dir, '--rebalance', 'tier-x', '--write']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /alpha: tier-x\/cell-1\/ig-1 -> tier-x\/cell-1\/ig-2/);
    assert.match(run.stderr, /pinned in .*alpha\.yaml/);
    const after = await snapshot(dir);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added or removed');
    const changed = [...before].filter(([file, bytes]) => !bytes.equals(after.get(file) as Buffer)).map(([f]) => f);
    assert.deepEqual(changed, [join('tenants', 'alpha.yaml')]);
    const original = (before.get(join('tenants', 'alpha.yaml')) as Buffer).toString('utf8');
    assert.equal(
      (after.get(join('tenants', 'alpha.yaml')) as Buffer).toString('utf8'),
      original.replace('  clusters: 1\n', '  clusters: 1\n  placement:\n    cell: cell-1\n    infraGroup: ig-2\n'),
    );
    // The written set is valid and the pin holds.
    const again = tiered(['placement', dir, '--output', 'json']);
    assert.equal(again.code, 0, again.stderr);
    const placed = JSON.parse(again.stdout) as { placements: { tenant: string; infraGroups: { infraGroup: string }[] }[] };
    assert.equal(placed.placements.find((p) => p.tenant === 'alpha')?.infraGroups[0]?.infraGroup, 'ig-2');
  });
});

test('placement --rebalance without --write changes no file; --write without a move option is refused', async () => {
  await withTempDir(async (dir) => {
    await cp(FIXTURE, dir, { recursive: true });
    const before = await snapshot(dir);
    assert.equal(tiered(['placement', dir, '--rebalance', 'tier-x']).code, 0);
    const alone = tiered(['placement', dir, '--write']);
    assert.equal(alone.code, 1);
    assert.match(alone.stderr, /--write goes with --rebalance and --migrate/);
    assert.deepEqual(await snapshot(dir), before);
  });
});
